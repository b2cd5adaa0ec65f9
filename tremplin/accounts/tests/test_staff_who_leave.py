"""Staff who leave the university lose their way in and their roles: they have no local
password to come back with, and their roles lapse at a sign-in the directory refuses,
and every night (the directory asked where it can be, else after a long absence)."""

import importlib
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import ExternalIdentity, LocalPasswordRefused, RoleAssignment, User
from tremplin.audit.models import AuditEntry
from tremplin.testing import free_port

from .conftest import HENRI_PASSWORD, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, use_ldap

pytestmark = pytest.mark.django_db

Role = RoleAssignment.Role
PASSWORD = "Un-mot-de-passe-local-2026"


def with_ldap_identity(person: User, uid: str) -> User:
    ExternalIdentity.objects.filter(user=person).update(provider="ldap", uid=uid)
    return person


def lapsed(person: User) -> list[dict]:
    return [
        entry.details
        for entry in AuditEntry.objects.filter(action="role.lapsed", target_id=str(person.pk))
    ]


# --- No local password ------------------------------------------------------------------


def test_no_flow_gives_a_staff_member_a_password(client):
    claire = testing.staff("claire.resp")
    with pytest.raises(LocalPasswordRefused):
        claire.set_password(PASSWORD)

    client.force_login(claire)
    assert client.get(reverse("account_set_password")).status_code == 404
    assert (
        client.post(
            reverse("account_set_password"), {"password1": PASSWORD, "password2": PASSWORD}
        ).status_code
        == 404
    )
    assert client.get(reverse("account_change_password")).status_code == 404
    claire.refresh_from_db()
    assert not claire.has_usable_password()


def test_graduates_still_change_their_password(client):
    lea = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    client.force_login(lea)
    assert client.get(reverse("account_set_password")).status_code == 200


def test_a_password_a_staff_member_chose_before_is_made_unusable(client):
    claire = testing.staff("claire.resp")
    User.objects.filter(pk=claire.pk).update(password=make_password(PASSWORD))
    signed_in = client.post(
        reverse("account_login"), {"login": claire.email, "password": PASSWORD}
    )
    assert client.session.get(SESSION_KEY) == str(claire.pk)  # what the migration closes
    assert signed_in.status_code == 302
    client.logout()

    migration = importlib.import_module("tremplin.accounts.migrations.0009_staff_without_password")
    migration.disable_staff_passwords(apps, None)

    claire.refresh_from_db()
    assert not claire.has_usable_password()
    refused = client.post(reverse("account_login"), {"login": claire.email, "password": PASSWORD})
    assert refused.status_code == 200 and SESSION_KEY not in client.session


# --- At sign-in, the directory has the last word ------------------------------------------


def test_someone_the_ent_no_longer_calls_staff_loses_their_roles_and_is_refused(
    client, cas, caplog
):
    # Eve was the administrator; the ENT now lists her as an alumna only.
    eve = testing.staff("eve.alum", (Role.ADMIN, None), (Role.CAREER_ADVISER, None))

    with caplog.at_level(logging.ERROR, logger="tremplin.accounts.services"):
        response = testing.ent_sign_in(client, cas, "eve.alum", entry="accounts:staff_login")

    assert response.status_code == 403
    assert "Cette entrée est réservée aux étudiants et aux personnels" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not RoleAssignment.objects.filter(user=eve).exists()
    assert sorted(entry["role"] for entry in lapsed(eve)) == ["admin", "career_adviser"]
    assert {entry["reason"] for entry in lapsed(eve)} == {"directory"}
    # She was the last administrator: removed anyway, and said loudly.
    assert "the last administrator, left the directory" in caplog.text


def test_someone_the_directory_no_longer_calls_staff_loses_roles_at_the_ldap_sign_in(
    client, slapd, settings, monkeypatch
):
    use_ldap(
        settings,
        monkeypatch,
        LDAP_SERVER_URI=slapd.ldap_uri,
        LDAP_USER_DN_TEMPLATE=f"uid=%(user)s,{PEOPLE}",
    )
    testing.administrator()
    henri = with_ldap_identity(
        testing.staff("henri.ancien", (Role.COMPOSANTE_MANAGER, testing.composante("SCI"))),
        "henri.ancien",
    )

    response = client.post(
        reverse("accounts:staff_ldap_login"),
        {"username": "henri.ancien", "password": HENRI_PASSWORD},
    )

    assert response.status_code == 403 and SESSION_KEY not in client.session
    assert not henri.roles.exists()
    assert [entry["reason"] for entry in lapsed(henri)] == ["directory"]


# --- Every night, without a directory to ask: a long absence --------------------------------


def test_roles_lapse_after_staff_role_lapse_days_without_a_sign_in(settings, mails):
    settings.STAFF_ROLE_LAPSE_DAYS = 180
    now = timezone.now()
    paul = testing.administrator()
    User.objects.filter(pk=paul.pk).update(last_login=now - timedelta(days=2))
    sci = testing.composante("SCI")
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci))
    User.objects.filter(pk=claire.pk).update(last_login=now - timedelta(days=181))
    RoleAssignment.objects.filter(user=claire).update(granted_at=now - timedelta(days=400))
    marc = testing.staff("marc.resp", (Role.VET_MANAGER, testing.vet("L3INF")))
    User.objects.filter(pk=marc.pk).update(last_login=now - timedelta(days=179))
    nina = testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))  # named, not come yet

    call_command("lapse_staff_roles", stdout=StringIO())

    assert not claire.roles.exists()
    assert [(e["role"], e["reason"]) for e in lapsed(claire)] == [
        ("composante_manager", "inactive")
    ]
    assert paul.roles.exists() and marc.roles.exists() and nina.roles.exists()
    [mail] = mails()
    assert mail.to == [paul.email]
    assert mail.subject == "Rôles retirés à des personnes parties"
    assert str(claire) in mail.text and "aucune connexion depuis 180 jours" in mail.text

    call_command("lapse_staff_roles", stdout=StringIO())
    assert len(mails()) == 1  # nothing more the second time


def test_the_last_administrator_is_kept_however_long_away_and_told(settings, mails, caplog):
    settings.STAFF_ROLE_LAPSE_DAYS = 180
    paul = testing.administrator()
    User.objects.filter(pk=paul.pk).update(last_login=timezone.now() - timedelta(days=365))
    RoleAssignment.objects.update(granted_at=timezone.now() - timedelta(days=365))

    with caplog.at_level(logging.ERROR, logger="tremplin.accounts.services"):
        call_command("lapse_staff_roles", stdout=StringIO())

    assert paul.roles.filter(role=Role.ADMIN).exists()
    assert "the last administrator, has not signed in for 180 days" in caplog.text
    [mail] = mails()
    assert mail.to == [paul.email]
    assert "Cette personne est le dernier administrateur : son rôle est conservé" in mail.text


# --- Every night, with an LDAP directory to ask ---------------------------------------------


@pytest.fixture(params=["search", "template"])
def searched_directory(request, slapd, settings, monkeypatch, python_ldap):
    """Tremplin configured with slapd and the service account, which the nightly check
    searches with; both ways of finding an entry."""
    found_by = (
        {"LDAP_USER_SEARCH_BASE": PEOPLE}
        if request.param == "search"
        else {"LDAP_USER_DN_TEMPLATE": f"uid=%(user)s,{PEOPLE}"}
    )
    use_ldap(
        settings,
        monkeypatch,
        LDAP_SERVER_URI=slapd.ldap_uri,
        LDAP_BIND_DN=SERVICE_DN,
        LDAP_BIND_PASSWORD=SERVICE_PASSWORD,
        **found_by,
    )
    return request.param


@pytest.fixture
def people_with_roles(db):
    sci = testing.composante("SCI")
    return {
        # still staff in the directory
        "claire": with_ldap_identity(
            testing.staff("claire.resp", (Role.ADMIN, None)), "claire.resp"
        ),
        # gone from the directory
        "gaston": testing.staff("gaston.parti", (Role.COMPOSANTE_MANAGER, sci)),
        # in the directory as an alumnus
        "henri": with_ldap_identity(
            testing.staff("henri.ancien", (Role.CAREER_ADVISER, None)), "henri.ancien"
        ),
        # in the directory as a student
        "alice": testing.staff("alice.martin", (Role.VET_MANAGER, testing.vet("L3INF"))),
    }


def test_the_directory_says_who_left_every_night(searched_directory, people_with_roles, mails):
    call_command("lapse_staff_roles", stdout=StringIO())

    people = people_with_roles
    assert people["claire"].roles.exists()
    for name in ("gaston", "henri", "alice"):
        assert not people[name].roles.exists(), name
        assert [entry["reason"] for entry in lapsed(people[name])] == ["directory"]
    [mail] = mails()
    assert mail.to == [people["claire"].email]
    assert (
        "l’annuaire de l’université ne compte plus cette personne parmi les personnels"
        in mail.text
    )
    # Whatever the time since their last sign-in: Claire never signed in.
    assert people["claire"].last_login is None


def test_a_directory_that_does_not_answer_removes_nobody(
    searched_directory, people_with_roles, settings, caplog
):
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"

    with caplog.at_level(logging.ERROR):
        call_command("lapse_staff_roles", stdout=StringIO())

    assert RoleAssignment.objects.count() == 4
    assert "no role lapses tonight" in caplog.text


def test_a_search_that_finds_nobody_at_all_removes_nobody(
    searched_directory, people_with_roles, settings, caplog
):
    # A base that names no part of the directory: every lookup finds nobody.
    import ldap
    from django_auth_ldap.config import LDAPSearch

    nowhere = "ou=nowhere,dc=univ-demo,dc=fr"
    if searched_directory == "search":
        settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(nowhere, ldap.SCOPE_SUBTREE, "(uid=%(user)s)")
    else:
        settings.AUTH_LDAP_USER_DN_TEMPLATE = f"uid=%(user)s,{nowhere}"

    with caplog.at_level(logging.ERROR):
        call_command("lapse_staff_roles", stdout=StringIO())

    assert RoleAssignment.objects.count() == 4
    assert "The directory knows none of the 4 staff holding roles" in caplog.text
