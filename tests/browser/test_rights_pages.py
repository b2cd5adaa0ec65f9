""" "Mes données", the merge of two accounts and the late queues, in French and in
English: axe-core finds nothing."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.graduates.models import GraduateClaim
from tremplin.profiles.models import Resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page, live_server, code: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name={"fr": "Français", "en": "English"}[code]).click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_my_data_passes_axe(page, live_server, axe, language):
    from tremplin.accounts.defaults import publish_first_versions
    from tremplin.accounts.models import LegalDocument

    publish_first_versions(LegalDocument)
    alice = testing.student("alice.martin")
    resume = Resume.objects.create(user=alice)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    testing.signed_in_as(page, live_server, alice)
    switch_language(page, live_server, language)
    page.goto(live_server.url + "/compte/profil/")
    page.get_by_role("link", name={"fr": "Mes données", "en": "My data"}[language]).click()
    expect(page.locator("h1")).to_have_text({"fr": "Mes données", "en": "My data"}[language])
    assert page.locator("html").get_attribute("lang") == language
    assert axe(page, context=f"{language} my data") == []
    page.goto(live_server.url + "/donnees-personnelles/")
    assert axe(page, context=f"{language} personal data with its processings") == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_merge_page_and_the_late_queue_pass_axe(page, live_server, axe, language):
    from tremplin.accounts.defaults import publish_first_versions
    from tremplin.accounts.models import LegalDocument

    publish_first_versions(LegalDocument)
    testing.student("alice.martin", email="alice.martin@etu.univ-test.fr")
    graduate = testing.user(User.Kind.GRADUATE, email="alice@exemple.fr")
    Resume.objects.create(user=graduate)
    claim = GraduateClaim.objects.create(
        user=graduate,
        route=GraduateClaim.Route.ABSENT,
        last_name="Martin",
        first_name="Alice",
    )
    GraduateClaim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(30))
    paul = testing.staff("paul.admin", (RoleAssignment.Role.ADMIN, None))
    testing.signed_in_as(page, live_server, paul)
    testing.pass_totp_in(page, live_server, paul)
    switch_language(page, live_server, language)

    page.goto(live_server.url + "/gestion/")
    late = {"fr": "1 en retard", "en": "1 late"}[language]
    page.get_by_role("link", name=late).click()
    expect(page.locator("main")).to_contain_text("Alice")
    assert axe(page, context=f"{language} late claims") == []

    page.goto(live_server.url + "/gestion/")
    page.get_by_role(
        "link", name={"fr": "Fusionner deux comptes", "en": "Merge two accounts"}[language]
    ).click()
    assert axe(page, context=f"{language} merge form") == []
    page.get_by_label({"fr": "Compte conservé", "en": "Account kept"}[language]).fill(
        "alice.martin@etu.univ-test.fr"
    )
    page.get_by_label({"fr": "Compte fusionné", "en": "Account merged"}[language]).fill(
        "alice@exemple.fr"
    )
    page.get_by_role(
        "button", name={"fr": "Voir ce qui est déplacé", "en": "See what moves"}[language]
    ).click()
    expect(page.locator("table")).to_be_visible()
    assert axe(page, context=f"{language} merge preview") == []
    page.get_by_role(
        "button", name={"fr": "Fusionner les comptes", "en": "Merge the accounts"}[language]
    ).click()
    expect(page.locator(".messages")).to_be_visible()
    assert not User.objects.filter(pk=graduate.pk).exists()
    assert axe(page, context=f"{language} after the merge") == []
