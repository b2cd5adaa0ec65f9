"""Students and staff sign in through the ENT: a real CAS 3.0 server, tickets validated
over HTTP, SUPANN attributes mapped explicitly."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from devcas.testing import service_ticket
from tremplin import testing
from tremplin.accounts.models import ExternalIdentity, User
from tremplin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

SERVICE = "http://testserver/compte/ent/?next=%2F"


@pytest.fixture(autouse=True)
def referential(db):
    testing.vet("L3INF", "SCI")
    testing.vet("M1DPR", "DRT")


def sign_in(client, cas, uid: str, next_url: str = "/"):
    service = f"http://testserver/compte/ent/?next={next_url.replace('/', '%2F')}"
    ticket = service_ticket(cas, uid, service)
    return client.get(reverse("accounts:cas_login"), {"next": next_url, "ticket": ticket})


def test_the_student_entry_sends_the_browser_to_the_ent(client, cas):
    response = client.get(reverse("accounts:student_login"))
    assert response.status_code == 302
    location = urlsplit(response.url)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{cas.url}login"
    assert parse_qs(location.query)["service"] == [SERVICE]


def test_a_student_signs_in_and_the_account_is_made_from_the_attributes(client, cas):
    response = sign_in(client, cas, "alice.martin")

    assert response.status_code == 302 and response.url == "/"
    alice = User.objects.get(identities__provider="cas", identities__uid="alice.martin")
    assert alice.kind == User.Kind.STUDENT
    assert (alice.first_name, alice.last_name, alice.email) == (
        "Alice",
        "Martin",
        "alice.martin@etu.univ-demo.fr",
    )
    assert alice.student_number == "21900001"
    assert [c.code for c in alice.composantes.all()] == ["SCI"]
    assert [v.code for v in alice.vets.all()] == ["L3INF"]
    assert client.session[SESSION_KEY] == str(alice.pk)
    [entry] = AuditEntry.objects.filter(action="account.signed_in")
    assert (entry.actor, entry.target_id, entry.details) == (
        alice,
        str(alice.pk),
        {"method": "cas", "ent_mfa": False},
    )
    assert entry.ip_address == "127.0.0.1"
    # The first page after a first sign-in is the search profile's step (tremplin.alerts).
    step = client.get(reverse("accounts:account"))
    assert step.url == "/compte/bienvenue/?next=%2Fcompte%2Fprofil%2F"
    profile = client.get(reverse("accounts:account")).content.decode()
    assert "Alice Martin" in profile and "UFR SCI" in profile and "Diplôme L3INF" in profile


def test_groups_follow_the_attributes_at_each_sign_in(client, cas):
    alice = testing.student("alice.martin", composante_code="DRT", vet_code="M1DPR")
    sign_in(client, cas, "alice.martin")
    assert [v.code for v in alice.vets.all()] == ["L3INF"]
    assert [c.code for c in alice.composantes.all()] == ["SCI"]
    assert User.objects.filter(kind=User.Kind.STUDENT).count() == 1


def test_staff_sign_in_makes_a_staff_account_without_student_groups(client, cas):
    sign_in(client, cas, "claire.resp")
    claire = User.objects.get(identities__uid="claire.resp")
    assert claire.kind == User.Kind.STAFF
    assert not claire.composantes.exists() and not claire.vets.exists()


def test_someone_neither_student_nor_staff_gets_a_page_saying_who_may_enter(client, cas):
    response = sign_in(client, cas, "eve.alum")
    assert response.status_code == 403
    assert "Cette entrée est réservée aux étudiants et aux personnels" in response.content.decode()
    assert not User.objects.filter(identities__uid="eve.alum").exists()
    assert SESSION_KEY not in client.session


def test_a_local_account_with_the_same_username_is_never_entered_through_cas(client, cas):
    local = User.objects.create_user(
        username="alice.martin", email="alice@exemple.fr", password="x" * 16
    )
    sign_in(client, cas, "alice.martin")
    assert client.session[SESSION_KEY] != str(local.pk)
    assert ExternalIdentity.objects.get(uid="alice.martin").user != local


def test_a_replayed_service_ticket_is_refused(client, cas):
    ticket = service_ticket(cas, "alice.martin", SERVICE)
    first = client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    assert first.status_code == 302

    client.logout()
    replay = client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    assert replay.status_code == 403
    assert "La connexion n’a pas abouti" in replay.content.decode()
    assert SESSION_KEY not in client.session


def test_a_ticket_issued_for_another_service_is_refused(client, cas):
    ticket = service_ticket(cas, "alice.martin", "http://localhost:9/compte/ent/?next=%2F")
    response = client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_a_made_up_ticket_is_refused(client, cas):
    response = client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": "ST-1-forged"})
    assert response.status_code == 403


def test_the_session_key_changes_at_sign_in(client, cas):
    client.get("/")
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    sign_in(client, cas, "alice.martin")
    assert client.session.session_key != before


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
@pytest.mark.parametrize(
    ("entry", "uid", "landing"),
    [
        ("accounts:student_login", "alice.martin", "/"),
        ("accounts:staff_login", "claire.resp", "/gestion/"),
    ],
)
def test_off_site_next_values_are_never_followed(client, cas, next_url, entry, uid, landing):
    # The whole round trip: the ENT issues its ticket for the very service URL the entry
    # sent the browser with, and the browser follows the ENT's redirect back.
    back = testing.ent_sign_in(client, cas, uid, entry=entry, next=next_url)

    assert back.status_code == 302 and back.url == landing
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_a_service_url_made_up_with_an_off_site_next_leads_nowhere(client, cas, next_url):
    # Someone sends a link to the ENT with a service of their own making.
    service = f"http://testserver/compte/ent/?{urlencode({'next': next_url})}"
    ticket = service_ticket(cas, "alice.martin", service)

    back = client.get(f"{service}&{urlencode({'ticket': ticket})}")

    # The ticket names that service, the sign-in checks it for the service with a safe
    # `next`: the ENT answers INVALID_SERVICE, and the page says the sign-in failed.
    assert back.status_code == 403 and "Location" not in back
    assert SESSION_KEY not in client.session


def test_a_local_next_is_followed_after_sign_in(client, cas):
    response = sign_in(client, cas, "alice.martin", next_url="/aide/")
    assert response.url == "/aide/"


def test_the_ent_being_down_gives_a_clear_page_in_french_and_english(client, cas):
    cas.stop()
    try:
        response = client.get(reverse("accounts:student_login"))
    finally:
        cas.start()
    assert response.status_code == 503
    page = response.content.decode()
    assert "L’ENT ne répond pas" in page
    assert "The ENT (the university's digital workspace) is not answering" in page


def test_the_ent_going_down_during_validation_gives_the_same_page(client, cas):
    ticket = service_ticket(cas, "alice.martin", SERVICE)
    cas.stop()
    try:
        response = client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    finally:
        cas.start()
    assert response.status_code == 503
    assert SESSION_KEY not in client.session


def test_signing_out_offers_to_end_the_ent_session(client, cas):
    sign_in(client, cas, "alice.martin")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fermer aussi la session ENT" in page
    assert f'href="{cas.url}logout?service=http%3A%2F%2Ftestserver%2F"' in page
    assert SESSION_KEY not in client.session


def test_signing_out_needs_a_post_with_the_csrf_token(cas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, cas, "alice.martin")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert SESSION_KEY in client.session


def test_the_ents_single_logout_ends_the_tremplin_session(client, cas):
    ticket = service_ticket(cas, "alice.martin", SERVICE)
    client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    assert SESSION_KEY in client.session
    logout_request = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x" Version="2.0" '
        'IssueInstant="2026-11-22T10:00:00Z"><saml:NameID>alice.martin</saml:NameID>'
        f"<samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    from django.test import Client

    Client().post(reverse("accounts:cas_login") + "?next=%2F", {"logoutRequest": logout_request})
    assert SESSION_KEY not in client.session


SAMLP = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + f"]><samlp:LogoutRequest {SAMLP}><samlp:SessionIndex>&lol9;</samlp:SessionIndex>"
    "</samlp:LogoutRequest>"
)
MALFORMED = {
    "not XML": "garbage",
    "cut short": f"<samlp:LogoutRequest {SAMLP}><samlp:SessionIndex>ST-1",
    "no SessionIndex": f"<samlp:LogoutRequest {SAMLP} ID='x'></samlp:LogoutRequest>",
    "empty SessionIndex": f"<samlp:LogoutRequest {SAMLP}><samlp:SessionIndex> </samlp:SessionIndex></samlp:LogoutRequest>",
    "not a LogoutRequest": f"<samlp:Other {SAMLP}><samlp:SessionIndex>ST-1</samlp:SessionIndex></samlp:Other>",
    "entity bomb": BOMB,
    "external entity": (
        '<!DOCTYPE x [<!ENTITY t SYSTEM "file:///etc/hostname">]>'
        f"<samlp:LogoutRequest {SAMLP}><samlp:SessionIndex>&t;</samlp:SessionIndex>"
        "</samlp:LogoutRequest>"
    ),
    "empty": "",
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_single_logout_request_is_a_400(body):
    from django.test import Client

    response = Client(raise_request_exception=False).post(
        reverse("accounts:cas_login"), {"logoutRequest": body}
    )
    assert response.status_code == 400


def test_a_single_logout_request_without_its_field_is_a_400():
    from django.test import Client

    assert Client().post(reverse("accounts:cas_login"), {"other": "x"}).status_code == 400


def test_the_entity_bomb_is_refused_before_anything_expands():
    from defusedxml import DTDForbidden

    from tremplin.accounts.cas import MalformedLogoutRequest, logout_tickets

    with pytest.raises(MalformedLogoutRequest) as refused:
        logout_tickets(BOMB)
    assert isinstance(refused.value.__context__, DTDForbidden)


def test_a_single_logout_request_with_an_xml_declaration_ends_the_session(client, cas):
    ticket = service_ticket(cas, "alice.martin", SERVICE)
    client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})
    logout_request = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<samlp:LogoutRequest {SAMLP} ID='x' Version='2.0'>"
        f"<samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    from django.test import Client

    response = Client().post(reverse("accounts:cas_login"), {"logoutRequest": logout_request})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_local_sign_in_keeps_working_while_the_ent_is_down(client, cas):
    graduate = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    graduate.set_password("Un-mot-de-passe-solide-2026")
    graduate.save()
    cas.stop()
    try:
        assert client.get(reverse("accounts:student_login")).status_code == 503
        response = client.post(
            reverse("account_login"),
            {"login": "lea@exemple.fr", "password": "Un-mot-de-passe-solide-2026"},
        )
    finally:
        cas.start()
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(graduate.pk)
