"""TOTP: available to graduates and recruiters; required, whatever the way they signed in,
on every page only administrators reach (roles, registry imports, legal texts, audit log,
acceptances, recruiter validation, trust, the Django admin), unless the ENT asserts its
own second factor and the settings trust it."""

import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tremplin import testing
from tremplin.accounts import mfa
from tremplin.accounts.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

Role = RoleAssignment.Role


@pytest.fixture
def pages(db):
    """Every page only administrators reach, as (method, URL): what `path` builds."""
    lea = testing.recruiter("lea@atelier.example", status="pending")  # awaiting a decision
    nina = testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))
    return [
        ("get", reverse("backoffice:roles")),
        ("post", reverse("backoffice:role_revoke", args=[nina.roles.get().pk])),
        ("get", reverse("backoffice:registry_imports")),
        ("get", reverse("backoffice:legal_documents")),
        ("get", reverse("backoffice:legal_document_edit", args=["charte"])),
        ("get", reverse("backoffice:acceptances", args=["charte"])),
        ("get", reverse("backoffice:audit_log")),
        ("get", reverse("recruiters:queue")),
        ("get", reverse("recruiters:detail", args=[lea.recruiter.pk])),
        ("post", reverse("recruiters:trust", args=[lea.recruiter.organisation.pk])),
        ("get", reverse("admin:index")),
        ("get", reverse("admin:accounts_legaldocument_changelist")),
    ]


def open_page(client, method: str, url: str):
    """As a browser does: a form is sent from a page of the back office."""
    return getattr(client, method)(url, HTTP_REFERER="http://testserver/gestion/")


def asked_for(response, step: str, url: str) -> bool:
    return (
        response.status_code == 302
        and response.url == f"{reverse(step)}?{urlencode({'next': url})}"
    )


@pytest.fixture
def paul(client, cas, settings):
    """Paul, administrator, signed in through the ENT, whose second factor Tremplin does
    not trust (his ENT asserts one: CAS_MFA_ATTRIBUTE is off)."""
    settings.CAS_MFA_ATTRIBUTE = ""
    paul = testing.administrator("paul.admin")
    testing.ent_sign_in(client, cas, "paul.admin", entry="accounts:staff_login")
    assert client.session[SESSION_KEY] == str(paul.pk)
    return paul


def test_an_administrator_from_the_ent_sets_totp_up_before_any_page_of_theirs(client, paul, pages):
    for method, url in pages:
        response = open_page(client, method, url)
        back = url if method == "get" else "/gestion/"  # a form goes back to its page
        assert asked_for(response, "mfa_activate_totp", back), url
    assert client.get(reverse("backoffice:dashboard")).status_code == 200  # not theirs only


def test_setting_totp_up_leads_back_to_the_page_asked_for(client, paul):
    roles = reverse("backoffice:roles")
    setup = client.get(client.get(roles).url)
    assert setup.status_code == 200
    secret = setup.context["form"].secret  # what the QR code and the page show
    [code, *_] = testing.totp_codes(secret)

    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.url == f"{reverse('mfa_view_recovery_codes')}?{urlencode({'next': roles})}"
    codes = client.get(response.url).content.decode()
    assert f'<a class="button" href="{roles}">' in codes
    assert client.get(roles).status_code == 200


def test_with_totp_set_up_a_real_code_opens_every_page_of_theirs(client, paul, pages):
    codes = testing.totp_codes(testing.totp_secret(paul))
    for method, url in pages:
        assert asked_for(open_page(client, method, url), "mfa_reauthenticate", url), url

    wrong = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/gestion/roles/", {"code": codes[0]}
    )
    assert response.url == "/gestion/roles/"

    for method, url in pages:
        response = open_page(client, method, url)
        assert response.status_code in (200, 302), url
        assert not response.get("Location", "").startswith("/compte/2fa/"), url


def test_a_form_sent_before_the_code_is_sent_once_the_code_is_typed(client, paul):
    biolab = testing.organisation()
    [code, *_] = testing.totp_codes(testing.totp_secret(paul))
    trust = reverse("recruiters:trust", args=[biolab.pk])

    asked = client.post(trust, {"trusted": "on", "next": "/gestion/recruteurs/"})
    biolab.refresh_from_db()
    assert asked_for(asked, "mfa_reauthenticate", trust) and not biolab.trusted

    response = client.post(asked.url, {"code": code})

    biolab.refresh_from_db()
    assert biolab.trusted
    assert response.status_code == 302 and response.url == "/gestion/recruteurs/"


def test_a_code_is_good_for_mfa_recent_seconds(client, paul, settings, monkeypatch):
    testing.pass_totp(client, paul)
    roles = reverse("backoffice:roles")
    assert client.get(roles).status_code == 200

    later = time.time() + settings.MFA_RECENT_SECONDS + 1
    monkeypatch.setattr(mfa, "time", SimpleNamespace(time=lambda: later))
    assert asked_for(client.get(roles), "mfa_reauthenticate", roles)


def test_the_ents_own_second_factor_counts_when_the_settings_trust_it(
    client, cas, settings, pages
):
    settings.CAS_MFA_ATTRIBUTE = "authnContextClass"
    settings.CAS_MFA_VALUES = ["mfa-duo", "mfa-gauth"]
    testing.administrator("paul.admin")  # his ENT asserts authnContextClass=mfa-duo

    testing.ent_sign_in(client, cas, "paul.admin", entry="accounts:staff_login")

    for method, url in pages:
        response = open_page(client, method, url)
        assert response.status_code in (200, 302), url
        assert not response.get("Location", "").startswith("/compte/2fa/"), url


def test_the_ents_word_counts_only_with_a_value_the_settings_name(client, cas, settings):
    settings.CAS_MFA_ATTRIBUTE = "authnContextClass"
    settings.CAS_MFA_VALUES = ["mfa-gauth"]  # not what Paul's ENT says
    testing.administrator("paul.admin")
    testing.ent_sign_in(client, cas, "paul.admin", entry="accounts:staff_login")

    roles = reverse("backoffice:roles")
    assert asked_for(client.get(roles), "mfa_activate_totp", roles)


def test_an_administrator_whose_ent_asserts_nothing_is_asked(client, cas, settings):
    settings.CAS_MFA_ATTRIBUTE = "authnContextClass"
    settings.CAS_MFA_VALUES = ["mfa-duo"]
    testing.staff("claire.resp", (Role.ADMIN, None))
    testing.ent_sign_in(client, cas, "claire.resp", entry="accounts:staff_login")

    roles = reverse("backoffice:roles")
    assert asked_for(client.get(roles), "mfa_activate_totp", roles)


def test_staff_without_administrator_pages_are_not_asked(client, cas):
    testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    testing.ent_sign_in(client, cas, "claire.resp", entry="accounts:staff_login")

    assert client.get(reverse("backoffice:dashboard")).status_code == 200
    assert client.get(reverse("graduates:claims")).status_code == 200


def test_the_django_admin_is_a_404_for_staff_who_are_not_administrators(client):
    client.force_login(testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)))
    assert client.get(reverse("admin:index")).status_code == 404


def test_graduates_may_turn_totp_on_from_their_profile(client):
    graduate = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    graduate.set_password("Un-mot-de-passe-solide-2026")
    graduate.save()
    client.force_login(graduate)
    assert reverse("mfa_index") in client.get(reverse("accounts:account")).content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200


def test_administrators_find_two_factor_authentication_in_their_profile(client):
    client.force_login(testing.administrator())
    assert reverse("mfa_index") in client.get(reverse("accounts:account")).content.decode()
