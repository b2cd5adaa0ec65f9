"""The search profile: offered once at the first sign-in (skippable, `next` kept), edited
from the profile page, kept when the student graduates."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.alerts.matching import Run
from tremplin.alerts.services import set_search_profile
from tremplin.audit.models import AuditEntry
from tremplin.mailings.models import Consent, MailKind
from tremplin.mailings.services import consented_kinds
from tremplin.profiles.models import SearchProfile

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"
STEP = reverse("alerts:welcome")


@pytest.fixture
def lea(db):
    """Léa, a graduate who signs in with her address and password."""
    person = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr", first_name="Léa")
    person.set_password(PASSWORD)
    person.save()
    return person


def sign_in(client, next_url: str = ""):
    data = {"login": "lea@exemple.fr", "password": PASSWORD}
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data, REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    return client.get(response["Location"])


def profile_data(**changes) -> dict:
    data = {
        "kinds": ["stage", "alternance"],
        "domains": ["informatique"],
        "departements": "63, 03",
        "cities": "Lyon",
        "remote": ["partial"],
        "level": "bac5",
        "languages": ["fr", "en"],
        "pitch": "Développeuse Python, en alternance.",
        "alert_frequency": "weekly",
        "start_from": "",
        "start_until": "",
        "max_duration_months": "",
        "mail-kinds": ["alerts"],
    }
    data.update(changes)
    return data


def test_the_first_sign_in_leads_to_the_step_then_to_the_page_asked_for(client, lea):
    response = sign_in(client, next_url="/offres/?type=stage")
    assert response.status_code == 302
    assert response["Location"] == f"{STEP}?next=%2Foffres%2F%3Ftype%3Dstage"
    page = client.get(response["Location"]).content.decode()
    assert "Que cherchez-vous" in page and "Passer cette étape" in page
    answer = client.post(f"{STEP}?next=/offres/?type=stage", profile_data())
    assert answer["Location"] == "/offres/?type=stage"
    profile = SearchProfile.objects.get(user=lea)
    assert profile.kinds == ["stage", "alternance"]
    assert profile.departements == ["63", "03"]
    assert profile.cities == ["Lyon"]
    assert profile.alert_frequency == "weekly"
    assert AuditEntry.objects.filter(action="search_profile.saved").exists()
    assert consented_kinds(lea) == {"alerts"}  # the kinds of mail, asked in the same step


def test_the_step_asks_which_mails_and_none_is_ticked_unasked(client, lea):
    response = sign_in(client)
    page = client.get(response["Location"]).content.decode()
    boxes = re.findall(r'<input[^>]*name="mail-kinds"[^>]*>', page)
    assert len(boxes) == len(MailKind) and not any("checked" in box for box in boxes)
    client.post(response["Location"], profile_data(**{"mail-kinds": []}))
    assert consented_kinds(lea) == set()


def test_the_step_is_skippable_and_not_offered_again(client, lea):
    response = sign_in(client)
    assert response["Location"].startswith(STEP)
    answer = client.post(response["Location"], {"skip": "1"})
    assert answer["Location"] == reverse("accounts:account")
    profile = SearchProfile.objects.get(user=lea)
    assert profile.is_empty and profile.alert_frequency == ""
    client.logout()
    response = sign_in(client)
    assert response.status_code == 200  # straight to the page: the step was seen
    assert client.get(STEP)["Location"] == "/"


def test_the_step_is_offered_once_per_sign_in(client, lea):
    response = sign_in(client)
    assert response["Location"].startswith(STEP)
    assert client.get(reverse("offers:search")).status_code == 200  # she went elsewhere


def test_the_step_keeps_next_on_this_site(client, lea):
    client.force_login(lea)
    response = client.post(f"{STEP}?next=https://evil.example/", {"skip": "1"})
    assert response["Location"] == "/"


def test_a_wrong_answer_is_shown_next_to_its_field(client, lea):
    client.force_login(lea)
    page = client.post(STEP, profile_data(departements="63, Paris")).content.decode()
    assert "Ce n’est pas un numéro de département : PARIS." in page
    assert not SearchProfile.objects.exists()


def test_staff_and_recruiters_are_not_offered_it(client, sophie):
    client.force_login(sophie)
    assert client.get(STEP).status_code == 404


def test_edited_from_the_profile_page(client, alice):
    client.force_login(alice)
    assert (
        reverse("alerts:search_profile")
        in client.get(reverse("accounts:account")).content.decode()
    )
    response = client.post(reverse("alerts:search_profile"), profile_data(level="bac3"))
    assert response["Location"] == reverse("accounts:account")
    assert SearchProfile.objects.get(user=alice).level == "bac3"
    page = client.get(reverse("alerts:search_profile")).content.decode()
    assert 'value="63, 03"' in page


def test_kept_when_the_student_graduates(alice, offer, search_profile):
    """`User.become_graduate` keeps the account, hence its search profile and its alert,
    which then reaches the offers for graduates."""
    set_search_profile(
        {
            **{name: getattr(SearchProfile(), name) for name in _fields()},
            "kinds": ["cdi"],
            "alert_frequency": "daily",
        },
        acting_user=alice,
    )
    Consent.objects.create(user=alice, kind=MailKind.ALERTS)
    for_graduates = offer("CDI pour diplômés", kind="cdi", audience="graduate")
    from tremplin.alerts.matching import matches

    assert [o for _u, o, _r in matches(_run())] == []
    alice.become_graduate()
    alice.save()
    alice.refresh_from_db()
    assert alice.search_profile.kinds == ["cdi"]
    assert [o for _u, o, _r in matches(_run())] == [for_graduates.pk]


def _fields():
    from tremplin.alerts.services import PROFILE_FIELDS

    return PROFILE_FIELDS


def _run():
    from django.utils import timezone

    now = timezone.now()
    return Run(day=timezone.localdate(now), now=now)
