"""Staff sign in with their directory password (STAFF_LOGIN_METHOD=ldap), checked by a bind
to a real OpenLDAP server that the tests start, with eduPerson and SUPANN entries."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import ExternalIdentity, RoleAssignment, User
from tremplin.accounts.services import accept_document, current_charter
from tremplin.audit.models import AuditEntry
from tremplin.testing import free_port

from .conftest import (
    ALICE_PASSWORD,
    CLAIRE_PASSWORD,
    PEOPLE,
    SERVICE_DN,
    SERVICE_PASSWORD,
    settings_from_environment,
    use_ldap,
)

pytestmark = pytest.mark.django_db

WRONG = "Wrong username or password."
UNAVAILABLE = "The university directory is not answering; try again in a few minutes."
LDAP_BACKEND = "tremplin.accounts.ldap.LDAPBackend"


@pytest.fixture(autouse=True)
def _no_counts_left():
    cache.clear()  # the failed attempts of other tests


@pytest.fixture
def client():
    """A browser whose visitor chose English (the messages' msgids)."""
    browser = Client()
    browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


def sign_in(client, username: str, password: str, *, address: str = "192.0.2.10", **data: str):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # a sign-in sets it to French
    return client.post(
        reverse("accounts:staff_ldap_login"),
        {"username": username, "password": password, **data},
        REMOTE_ADDR=address,
    )


def main_content(response) -> str:
    """The page's <main>, without its CSRF token (masked anew on every page)."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def signed_in_user(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


# --- Signing in ------------------------------------------------------------------------


def test_staff_signs_in_with_their_directory_password(client, directory):
    session = client.session
    session["before"] = "sign-in"
    session.save()
    anonymous_key = session.session_key

    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD, next="/aide/")

    assert response.status_code == 302 and response.url == "/aide/"
    claire = User.objects.get(identities__provider="ldap", identities__uid="claire.resp")
    assert claire.kind == User.Kind.STAFF
    assert (claire.first_name, claire.last_name, claire.email) == (
        "Claire",
        "Lefèvre",
        "claire.lefevre@univ-demo.fr",
    )
    assert claire.username == "ldap:claire.resp" and not claire.has_usable_password()
    assert signed_in_user(client) == claire
    assert client.session.session_key != anonymous_key  # no session fixation
    assert client.session["tremplin_signed_in_with"] == "ldap"
    assert client.session[BACKEND_SESSION_KEY] == LDAP_BACKEND
    next_page = client.get(reverse("accounts:account"))  # signed in: the charter comes first
    assert next_page.url.startswith(reverse("accounts:charter"))


def test_without_next_staff_land_on_the_back_office(client, directory):
    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    assert response.url == reverse("backoffice:dashboard")


def test_the_same_person_finds_the_same_account_whatever_the_case_they_type(client, directory):
    sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    first = signed_in_user(client)
    client.post(reverse("accounts:logout"))

    sign_in(client, "Claire.Resp", CLAIRE_PASSWORD)

    assert signed_in_user(client) == first
    assert ExternalIdentity.objects.filter(provider="ldap").count() == 1


def test_a_directory_searched_with_a_service_account_signs_staff_in_too(
    client, slapd, settings, monkeypatch
):
    use_ldap(
        settings,
        monkeypatch,
        LDAP_SERVER_URI=slapd.ldap_uri,
        LDAP_USER_SEARCH_BASE=PEOPLE,
        LDAP_BIND_DN=SERVICE_DN,
        LDAP_BIND_PASSWORD=SERVICE_PASSWORD,
    )

    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD)

    assert response.status_code == 302
    assert signed_in_user(client).identities.get().uid == "claire.resp"


def test_the_page_shows_a_labelled_form_for_password_managers(client, directory):
    page = client.get(reverse("accounts:staff_ldap_login")).content.decode()
    assert '<label for="id_username">ENT username:</label>' in page
    assert '<label for="id_password">Password:</label>' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.index('id="id_username"') < page.index('id="id_password"')


def test_an_empty_form_says_what_is_missing(client, directory):
    page = sign_in(client, "", "").content.decode()
    assert 'role="alert"' in page
    assert "Type your ENT username." in page and "Type your password." in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_username_error"' in page


def test_the_form_refuses_a_post_without_its_csrf_token(directory):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("accounts:staff_ldap_login"),
        {"username": "claire.resp", "password": CLAIRE_PASSWORD},
    )
    assert response.status_code == 403
    assert SESSION_KEY not in browser.session


# --- Refusals --------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_user_get_the_same_page(client, directory):
    wrong_password = sign_in(client, "claire.resp", "not-her-password")
    unknown_user = sign_in(client, "nobody.here", "not-her-password")

    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert WRONG in response.content.decode()
        assert SESSION_KEY not in client.session
    assert wrong_password.content.decode().count(WRONG) == 1
    assert main_content(wrong_password).replace("claire.resp", "nobody.here") == main_content(
        unknown_user
    )
    assert not User.objects.filter(username__startswith="ldap:").exists()


def test_a_student_is_refused_and_told_who_may_enter(client, directory):
    response = sign_in(client, "alice.martin", ALICE_PASSWORD)

    assert response.status_code == 403
    page = response.content.decode()
    assert "This sign-in is for university staff" in page and "“Student” entry" in page
    assert SESSION_KEY not in client.session
    assert not ExternalIdentity.objects.filter(provider="ldap").exists()


def test_a_local_account_with_the_same_username_is_never_entered(client, directory):
    local = User.objects.create_user(
        "claire.resp", "claire@recruteur.example", "local-password-2025", kind="recruiter"
    )

    with_local_password = sign_in(client, "claire.resp", "local-password-2025")
    assert WRONG in with_local_password.content.decode()
    assert SESSION_KEY not in client.session

    sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    claire = signed_in_user(client)
    assert claire != local and claire.kind == User.Kind.STAFF
    local.refresh_from_db()
    assert local.last_login is None and local.kind == User.Kind.RECRUITER


def test_a_deactivated_account_cannot_sign_in(client, directory):
    sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    claire = signed_in_user(client)
    client.post(reverse("accounts:logout"))
    User.objects.filter(pk=claire.pk).update(is_active=False)

    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD)

    assert WRONG in response.content.decode()
    assert SESSION_KEY not in client.session


# --- Administrators, roles, the audit log ------------------------------------------------


def test_an_administrator_signed_in_with_ldap_types_a_totp_code_first(client, directory, settings):
    settings.CAS_MFA_ATTRIBUTE = "authnContextClass"  # the ENT's word: CAS sign-ins only
    settings.CAS_MFA_VALUES = ["mfa-duo"]
    sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    claire = signed_in_user(client)
    RoleAssignment.objects.create(user=claire, role=RoleAssignment.Role.ADMIN)
    accept_document(claire, current_charter(), ip_address=None)
    roles = reverse("backoffice:roles")

    assert client.get(roles).url == f"{reverse('mfa_activate_totp')}?next=%2Fgestion%2Froles%2F"
    codes = testing.totp_codes(testing.totp_secret(claire))  # set up on her phone
    asked = client.get(roles)
    assert asked.url == f"{reverse('mfa_reauthenticate')}?next=%2Fgestion%2Froles%2F"
    response = client.post(asked.url, {"code": codes[0]})

    assert response.url == roles
    assert client.get(roles).status_code == 200


def test_sign_ins_and_failures_are_in_the_audit_log(client, directory):
    sign_in(client, "nobody.here", "guess", address="192.0.2.31")
    sign_in(client, "claire.resp", CLAIRE_PASSWORD, address="192.0.2.32")
    claire = signed_in_user(client)
    client.post(reverse("accounts:logout"))
    sign_in(client, "Claire.Resp", "not-her-password", address="192.0.2.33")

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.target_id, e.ip_address, e.details) for e in entries] == [
        ("account.sign_in_failed", "", "192.0.2.31", {"method": "ldap"}),
        ("account.signed_in", str(claire.pk), "192.0.2.32", {"method": "ldap", "ent_mfa": False}),
        ("account.sign_in_failed", str(claire.pk), "192.0.2.33", {"method": "ldap"}),
    ]
    assert entries[1].actor == claire
    # Neither what was typed for a stranger nor any password.
    for entry in entries:
        assert "nobody.here" not in str(vars(entry)) and "guess" not in str(vars(entry))
        assert "not-her-password" not in str(vars(entry))


# --- Limits and failures ---------------------------------------------------------------


def test_the_sixth_attempt_on_a_username_is_refused_even_with_the_right_password(
    client, directory, settings
):
    for _ in range(5):
        assert sign_in(client, "claire.resp", "guess").status_code == 200

    # The directory is not even asked: pointed at a closed port, it would answer 503.
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"
    response = sign_in(client, "CLAIRE.RESP ", CLAIRE_PASSWORD)

    assert response.status_code == 429
    assert (
        "Too many failed sign-in attempts. Try again in 15 minutes." in response.content.decode()
    )
    assert response["Retry-After"] == "900"
    assert SESSION_KEY not in client.session


def test_other_usernames_are_not_blocked_by_someone_elses_failures(client, directory):
    for _ in range(5):
        sign_in(client, "nina.conseil", "guess", address="192.0.2.1")

    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD, address="192.0.2.2")

    assert response.status_code == 302


def test_twenty_failures_from_one_address_block_it_for_every_username(client, directory):
    for n in range(20):
        assert sign_in(client, f"guess{n}", "guess", address="198.51.100.7").status_code == 200

    blocked = sign_in(client, "claire.resp", CLAIRE_PASSWORD, address="198.51.100.7")
    elsewhere = sign_in(client, "claire.resp", CLAIRE_PASSWORD, address="198.51.100.8")

    assert blocked.status_code == 429
    assert elsewhere.status_code == 302


def test_behind_the_proxy_twenty_failures_block_that_client_only(client, directory, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def sign_in_through_proxy(username: str, password: str, address: str):
        return client.post(
            reverse("accounts:staff_ldap_login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=address,
        )

    for n in range(20):
        assert sign_in_through_proxy(f"guess{n}", "guess", "203.0.113.10").status_code == 200

    assert sign_in_through_proxy("claire.resp", CLAIRE_PASSWORD, "203.0.113.10").status_code == 429
    assert sign_in_through_proxy("claire.resp", CLAIRE_PASSWORD, "203.0.113.20").status_code == 302


def test_a_successful_sign_in_clears_the_failures_of_the_username(client, directory):
    for _ in range(4):
        sign_in(client, "claire.resp", "typo")
    sign_in(client, "claire.resp", CLAIRE_PASSWORD)
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        assert sign_in(client, "claire.resp", "typo").status_code == 200
    assert sign_in(client, "claire.resp", CLAIRE_PASSWORD).status_code == 302


def test_an_unreachable_directory_is_a_503_with_a_clear_message(client, directory, settings):
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"

    for _ in range(6):  # not counted as failed attempts: the password was never checked
        response = sign_in(client, "claire.resp", CLAIRE_PASSWORD)
        assert response.status_code == 503
        assert UNAVAILABLE in response.content.decode()
    assert SESSION_KEY not in client.session

    settings.AUTH_LDAP_SERVER_URI = directory.ldap_uri
    assert sign_in(client, "claire.resp", CLAIRE_PASSWORD).status_code == 302


def test_a_rejected_service_account_is_a_503_not_a_wrong_password(
    client, slapd, settings, monkeypatch
):
    use_ldap(
        settings,
        monkeypatch,
        LDAP_SERVER_URI=slapd.ldap_uri,
        LDAP_USER_SEARCH_BASE=PEOPLE,
        LDAP_BIND_DN=SERVICE_DN,
        LDAP_BIND_PASSWORD="an-expired-password",
    )

    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD)

    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_off_site_next_values_are_not_followed(client, directory, target):
    response = sign_in(client, "claire.resp", CLAIRE_PASSWORD, next=target)

    assert response.status_code == 302
    assert response.url == reverse("backoffice:dashboard")


# --- Where the form appears, and the settings ------------------------------------------


def staff_module(page: str) -> str:
    return page[page.index('<section class="staff-login"') :].split("</section>")[0]


def test_with_ldap_the_home_page_staff_module_holds_the_sign_in_form(client, settings):
    settings.LDAP_SERVER_URI = "ldap://ldap.univ-demo.fr"
    settings.STAFF_LOGIN_METHOD = "ldap"

    module = staff_module(client.get(reverse("pages:home")).content.decode())

    assert f'action="{reverse("accounts:staff_ldap_login")}"' in module
    assert '<label for="staff-username">ENT username</label>' in module
    assert '<label for="staff-password">Password</label>' in module
    assert 'name="csrfmiddlewaretoken"' in module
    assert reverse("accounts:staff_login") + '"' not in module


def test_with_cas_the_home_page_staff_module_links_to_the_ent(client, settings):
    settings.STAFF_LOGIN_METHOD = "cas"

    module = staff_module(client.get(reverse("pages:home")).content.decode())

    assert f'href="{reverse("accounts:staff_login")}"' in module
    assert 'type="password"' not in module


def test_the_ldap_page_does_not_exist_when_staff_sign_in_through_cas(client, settings):
    settings.STAFF_LOGIN_METHOD = "cas"
    assert client.get(reverse("accounts:staff_ldap_login")).status_code == 404
    assert sign_in(client, "claire.resp", CLAIRE_PASSWORD).status_code == 404


def test_settings_without_ldap_server_add_no_backend(monkeypatch):
    derived = settings_from_environment(monkeypatch)
    assert derived["STAFF_LOGIN_METHOD"] == "cas"
    assert LDAP_BACKEND not in derived["AUTHENTICATION_BACKENDS"]
    assert not any(name.startswith("AUTH_LDAP_") for name in derived)


def test_settings_derive_the_ldap_configuration_from_the_environment(python_ldap, monkeypatch):
    derived = settings_from_environment(
        monkeypatch,
        LDAP_SERVER_URI="ldaps://ldap.univ-demo.fr",
        LDAP_USER_SEARCH_BASE=PEOPLE,
        LDAP_BIND_DN=SERVICE_DN,
        LDAP_BIND_PASSWORD=SERVICE_PASSWORD,
        LDAP_START_TLS="false",
        STAFF_LOGIN_METHOD="ldap",
    )
    assert derived["AUTHENTICATION_BACKENDS"][-1] == LDAP_BACKEND
    assert derived["AUTH_LDAP_SERVER_URI"] == "ldaps://ldap.univ-demo.fr"
    search = derived["AUTH_LDAP_USER_SEARCH"]
    assert (search.base_dn, search.filterstr) == (PEOPLE, "(uid=%(user)s)")
    assert set(search.attrlist) >= {"uid", "mail", "eduPersonAffiliation", "supannEtuEtape"}
    assert (derived["AUTH_LDAP_BIND_DN"], derived["AUTH_LDAP_BIND_PASSWORD"]) == (
        SERVICE_DN,
        SERVICE_PASSWORD,
    )


@pytest.mark.parametrize(
    ("variables", "complaint"),
    [
        ({"STAFF_LOGIN_METHOD": "ldap"}, "needs LDAP_SERVER_URI"),
        ({"STAFF_LOGIN_METHOD": "kerberos"}, "expected one of cas, ldap"),
        ({"LDAP_SERVER_URI": "ldap://ldap.univ-demo.fr"}, "either LDAP_USER_DN_TEMPLATE or"),
        (
            {
                "LDAP_SERVER_URI": "ldap://x",
                "LDAP_USER_DN_TEMPLATE": "uid=me",
                "LDAP_USER_SEARCH_BASE": PEOPLE,
            },
            "either LDAP_USER_DN_TEMPLATE or",
        ),
        ({"LDAP_SERVER_URI": "ldap://x", "LDAP_USER_DN_TEMPLATE": "uid=me"}, "%(user)s"),
        ({"LDAP_SERVER_URI": "http://ldap.univ-demo.fr"}, "expected ldap://"),
    ],
)
def test_settings_refuse_an_incomplete_or_mistyped_ldap_configuration(
    python_ldap, monkeypatch, variables, complaint
):
    with pytest.raises(ImproperlyConfigured, match=re.escape(complaint)):
        settings_from_environment(monkeypatch, **variables)


def test_production_refuses_ldap_passwords_in_clear(python_ldap, monkeypatch):
    production = {
        "TREMPLIN_ENV": "production",
        "TREMPLIN_DEMO": "false",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "carrieres.univ-demo.fr",
        "SITE_URL": "https://carrieres.univ-demo.fr",
        "EMAIL_HOST": "smtp.univ-demo.fr",
        "CAS_SERVER_URL": "https://cas.univ-demo.fr/cas",
        "LDAP_USER_DN_TEMPLATE": f"uid=%(user)s,{PEOPLE}",
    }
    with pytest.raises(ImproperlyConfigured, match="in clear"):
        settings_from_environment(
            monkeypatch, LDAP_SERVER_URI="ldap://ldap.univ-demo.fr", **production
        )
    derived = settings_from_environment(
        monkeypatch,
        LDAP_SERVER_URI="ldap://ldap.univ-demo.fr",
        LDAP_START_TLS="true",
        **production,
    )
    assert derived["AUTH_LDAP_START_TLS"] is True
