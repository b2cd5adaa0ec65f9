"""The pages of the mails one opts into and of the newsletters, in French and in English:
axe-core finds nothing; a person unsubscribes in one click from a mail's link, without
signing in; a responsable writes, previews and schedules a newsletter."""

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.mailings import services as mailings
from tremplin.mailings.models import MailKind
from tremplin.newsletters import services
from tremplin.newsletters.models import Delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_language(page, live_server, code: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name={"fr": "Français", "en": "English"}[code]).click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_student_s_pages(page, live_server, axe, language):
    sci = testing.composante("SCI")
    alice = testing.student("alice.martin")
    mailings.set_consents(alice, [MailKind.NEWSLETTERS], acting_user=alice)
    paul = testing.administrator()
    newsletter = services.create(
        services.Draft(
            subject="Forum des métiers",
            body="## Programme\n\nLe **forum** a lieu jeudi.\n\n- stands\n- ateliers",
            subject_en="Job fair",
            body_en="## Programme\n\nThe **fair** is on Thursday.",
            audience="everyone",
            composantes=[sci],
            vets=[],
        ),
        acting_user=paul,
    )
    services.schedule(newsletter, timezone.now(), acting_user=paul)
    services.start(newsletter.pk)
    services.send_batch(newsletter.pk, list(Delivery.objects.values_list("pk", flat=True)))

    choose_language(page, live_server, language)
    testing.signed_in_as(page, live_server, alice)
    choose_language(page, live_server, language)
    violations = []
    for path in (
        "/compte/courriels/",
        "/compte/newsletters/",
        f"/compte/newsletters/{newsletter.pk}/",
    ):
        assert page.goto(live_server.url + path).status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        violations += axe(page, context=f"{language} {path}")
    page.goto(live_server.url + "/compte/courriels/")
    page.locator("input[value=alerts]").check()
    page.locator("form.stacked button[type=submit]").click()
    violations += axe(page, context=f"{language} preferences saved")
    assert mailings.consented_kinds(alice) == {MailKind.ALERTS, MailKind.NEWSLETTERS}

    # From a mail, signed out: the preferences, then the one-click page.
    page.context.clear_cookies()
    choose_language(page, live_server, language)
    page.goto(mailings.preferences_url(alice).replace("http://127.0.0.1:8000", live_server.url))
    violations += axe(page, context=f"{language} preferences by link")
    page.goto(
        mailings.unsubscribe_url(alice, MailKind.NEWSLETTERS).replace(
            "http://127.0.0.1:8000", live_server.url
        )
    )
    violations += axe(page, context=f"{language} unsubscribe")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    violations += axe(page, context=f"{language} unsubscribed")
    assert violations == []
    assert mailings.consented_kinds(alice) == {MailKind.ALERTS}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_responsable_writes_previews_and_schedules(page, live_server, axe, language):
    sci = testing.composante("SCI", "UFR Sciences")
    testing.composante("DRT", "Faculté de Droit")
    for uid in ("alice.martin", "hugo.lambert"):
        person = testing.student(uid)
        mailings.set_consents(person, [MailKind.NEWSLETTERS], acting_user=person)
    claire = testing.staff("claire.resp", (RoleAssignment.Role.COMPOSANTE_MANAGER, sci))
    testing.signed_in_as(page, live_server, claire)
    choose_language(page, live_server, language)
    violations = []
    page.goto(live_server.url + "/gestion/newsletters/")
    violations += axe(page, context=f"{language} list")
    page.goto(live_server.url + "/gestion/newsletters/nouvelle/")
    violations += axe(page, context=f"{language} new")
    assert "Faculté de Droit" not in page.content()
    page.locator("#id_subject").fill("Forum des métiers")
    page.locator("#id_body").fill("Le **forum** a lieu jeudi.")
    page.locator(f"input[name=composantes][value='{sci.pk}']").check()
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/gestion/newsletters/*/")
    assert page.locator("#recipients").inner_text().startswith("2 ")
    violations += axe(page, context=f"{language} preview")
    page.locator("button[name=now]").click()
    page.wait_for_load_state()
    violations += axe(page, context=f"{language} scheduled")
    assert violations == []
