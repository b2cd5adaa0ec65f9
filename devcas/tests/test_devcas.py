"""The development ENT speaks real CAS 3.0: walked through over HTTP, as Tremplin will."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
import requests

from devcas import db, testing
from devcas.testing import DevCasError, DevCasServer, free_port, manage

CAS = "{http://www.yale.edu/tp/cas}"
SERVICE = "http://127.0.0.1:9/callback"
RELEASED = {
    "uid",
    "mail",
    "sn",
    "givenName",
    "displayName",
    "eduPersonAffiliation",
    "eduPersonPrimaryAffiliation",
    "supannEtuId",
    "supannEntiteAffectationPrincipale",
    "supannEtuEtape",
}
# Released for the people whose ENT asked for a second factor (paul.admin in the demo).
AUTHENTICATION_ATTRIBUTES = {"authnContextClass"}
# What django-cas-server adds to every CAS 3.0 success of its own accord.
PROTOCOL_ATTRIBUTES = {
    "authenticationDate",
    "longTermAuthenticationRequestTokenUsed",
    "isFromNewLogin",
}


def login_url(cas: str, service: str | None = SERVICE) -> str:
    return testing.login_url(cas, service)


def sign_in(cas, username, password, service=SERVICE, session=None) -> requests.Response:
    return testing.sign_in(cas, username, password, service, session)


def ticket_of(response: requests.Response, service: str = SERVICE) -> str:
    assert response.headers.get("Location", "").startswith(service.partition("?")[0])
    return testing.ticket_of(response)


def validate(cas: str, ticket: str, service: str = SERVICE) -> ET.Element:
    response = requests.get(
        f"{cas}p3/serviceValidate", params={"service": service, "ticket": ticket}, timeout=10
    )
    assert response.status_code == 200
    return parse_xml(response.content)


def parse_xml(text: str | bytes) -> ET.Element:
    """Parse what the ENT under test sent (our own server: no hostile XML here)."""
    return ET.fromstring(text)  # noqa: S314


def attributes_of(answer: ET.Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in answer.find(f"{CAS}authenticationSuccess/{CAS}attributes"):
        found.setdefault(element.tag.removeprefix(CAS), []).append(element.text or "")
    return found


def failure_code(answer: ET.Element) -> str | None:
    failure = answer.find(f"{CAS}authenticationFailure")
    return None if failure is None else failure.get("code")


def test_student_signs_in_and_the_service_gets_supann_attributes(cas: DevCasServer) -> None:
    ticket = ticket_of(sign_in(cas, "alice.martin", "demo"))

    answer = validate(cas, ticket)

    assert answer.findtext(f"{CAS}authenticationSuccess/{CAS}user") == "alice.martin"
    attributes = attributes_of(answer)
    assert attributes["supannEtuEtape"] == ["L3INF"]
    assert attributes["supannEntiteAffectationPrincipale"] == ["SCI"]
    assert attributes["eduPersonAffiliation"] == ["student", "member"]
    assert attributes["eduPersonPrimaryAffiliation"] == ["student"]
    assert attributes["supannEtuId"] == ["21900001"]
    assert attributes["mail"] == ["alice.martin@etu.univ-demo.fr"]
    assert attributes["displayName"] == ["Alice Martin"]
    # Exactly the directory's attributes: nothing else about the person leaks.
    assert set(attributes) <= RELEASED | PROTOCOL_ATTRIBUTES
    assert set(attributes) >= RELEASED


def test_staff_have_no_student_attributes(cas: DevCasServer) -> None:
    attributes = attributes_of(validate(cas, ticket_of(sign_in(cas, "claire.resp", "demo"))))

    assert attributes["eduPersonAffiliation"] == ["faculty", "staff", "employee", "member"]
    assert attributes["supannEntiteAffectationPrincipale"] == ["SCI"]
    assert "supannEtuId" not in attributes
    assert "supannEtuEtape" not in attributes


def test_non_ascii_names_come_through(cas: DevCasServer) -> None:
    attributes = attributes_of(validate(cas, ticket_of(sign_in(cas, "paul.admin", "demo"))))

    assert attributes["sn"] == ["Lefèvre"]
    assert attributes["mail"] == ["paul.lefevre@univ-demo.fr"]


def test_the_ent_says_who_passed_its_second_factor(cas: DevCasServer) -> None:
    paul = attributes_of(validate(cas, ticket_of(sign_in(cas, "paul.admin", "demo"))))
    claire = attributes_of(validate(cas, ticket_of(sign_in(cas, "claire.resp", "demo"))))

    assert paul["authnContextClass"] == ["mfa-duo"]
    assert "authnContextClass" not in claire


def test_a_replayed_ticket_is_refused(cas: DevCasServer) -> None:
    ticket = ticket_of(sign_in(cas, "bob.nguyen", "demo"))
    assert failure_code(validate(cas, ticket)) is None

    assert failure_code(validate(cas, ticket)) == "INVALID_TICKET"


def test_a_ticket_for_another_service_is_refused(cas: DevCasServer) -> None:
    ticket = ticket_of(sign_in(cas, "bob.nguyen", "demo"))

    assert failure_code(validate(cas, ticket, "http://127.0.0.1:9/other")) == "INVALID_SERVICE"


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice.martin", "wrong"), ("alice.martin", ""), ("nobody", "demo"), ("", "")],
)
def test_bad_credentials_give_no_ticket(cas: DevCasServer, username: str, password: str) -> None:
    response = sign_in(cas, username, password)

    assert response.status_code == 200
    assert "Location" not in response.headers
    assert "ST-" not in response.text
    assert 'id="id_username"' in response.text  # the form again


def test_the_username_is_matched_without_case(cas: DevCasServer) -> None:
    answer = validate(cas, ticket_of(sign_in(cas, "  Alice.MARTIN ", "demo")))

    assert answer.findtext(f"{CAS}authenticationSuccess/{CAS}user") == "alice.martin"


@pytest.mark.parametrize(
    "service",
    [
        "https://evil.example.org/callback",
        "http://127.0.0.1.evil.example.org/callback",
        "http://localhost@evil.example.org/",
    ],
)
def test_a_service_outside_the_pattern_is_refused(cas: DevCasServer, service: str) -> None:
    session = requests.Session()
    page = session.get(login_url(cas, service), timeout=10)
    assert page.status_code == 200
    assert "evil.example.org" in page.text  # named in the refusal message

    response = sign_in(cas, "alice.martin", "demo", service=service, session=session)

    assert response.status_code == 200
    assert "Location" not in response.headers
    assert "ticket=" not in response.text
    # Signed in to the CAS itself, though: the ENT shows so.
    assert "alice.martin" in response.text


def test_single_sign_on_then_single_logout(cas: DevCasServer) -> None:
    with recording_service() as (service, received):
        session = requests.Session()
        signed_in = sign_in(cas, "nina.conseil", "demo", service=service, session=session)
        first = ticket_of(signed_in, service)
        assert failure_code(validate(cas, first, service)) is None

        # Signed in: the next service request gets a ticket without the form.
        again = session.get(login_url(cas, service), allow_redirects=False, timeout=10)
        second = ticket_of(again, service)
        assert second != first
        assert attributes_of(validate(cas, second, service))["isFromNewLogin"] == ["false"]

        logout = session.get(f"{cas}logout", timeout=30)
        assert logout.status_code == 200

        # One logoutRequest per ticket, POSTed to the service URL, before the page answered.
        bodies = [parse_qs(body)["logoutRequest"][0] for body in received]
        session_indexes = {
            parse_xml(body).findtext("{urn:oasis:names:tc:SAML:2.0:protocol}SessionIndex")
            for body in bodies
        }
        assert session_indexes == {first, second}

    # And the CAS session is gone.
    page = session.get(login_url(cas, SERVICE), allow_redirects=False, timeout=10)
    assert page.status_code == 200
    assert 'id="id_password"' in page.text


def test_the_directory_file_adds_replaces_and_disables_people(
    cas: DevCasServer, extra_people: Callable[[list[dict[str, object]]], None]
) -> None:
    extra_people(
        [
            {
                "uid": "zoe.test",
                "givenName": "Zoé",
                "sn": "Test",
                "mail": "zoe.test@etu.univ-demo.fr",
                "eduPersonAffiliation": ["student", "member"],
                "supannEtuId": "22000042",
                "supannEntiteAffectationPrincipale": "SCI",
                "supannEtuEtape": "M2INF",
                "password": "another",
            },
            {
                "uid": "bob.nguyen",
                "givenName": "Bob",
                "sn": "Nguyen",
                "mail": "bob.nguyen@etu.univ-demo.fr",
                "eduPersonAffiliation": ["alum"],
            },
            {"uid": "chloe.bernard", "disabled": True},
        ]
    )

    zoe = attributes_of(validate(cas, ticket_of(sign_in(cas, "zoe.test", "another"))))
    assert zoe["supannEtuEtape"] == ["M2INF"]
    assert zoe["displayName"] == ["Zoé Test"]
    assert sign_in(cas, "zoe.test", "demo").status_code == 200  # her own password only

    bob = attributes_of(validate(cas, ticket_of(sign_in(cas, "bob.nguyen", "demo"))))
    assert bob["eduPersonAffiliation"] == ["alum"]
    assert "supannEtuEtape" not in bob

    assert sign_in(cas, "chloe.bernard", "demo").status_code == 200  # no ticket


def test_pages_load_nothing_from_elsewhere(cas: DevCasServer) -> None:
    session = requests.Session()
    pages = {
        "login": session.get(login_url(cas, "http://localhost:8000/accounts/"), timeout=10),
        "login, English": session.get(
            login_url(cas, None), headers={"Accept-Language": "en"}, timeout=10
        ),
        "signed in": sign_in(cas, "alice.martin", "demo", service="", session=session),
        "signed out": session.get(f"{cas}logout", timeout=10),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        for url in re.findall(r"""https?://[^\s"'<>)]+""", page.text):
            assert urlsplit(url).hostname in {"127.0.0.1", "localhost"}, (name, url)
        for reference in re.findall(r"""(?:src|href|action)=["']([^"']*)""", page.text):
            assert not reference.startswith("//"), (name, reference)
        assert "<script" not in page.text, name


def test_login_page_is_labelled_for_people_and_playwright(cas: DevCasServer) -> None:
    french = requests.get(login_url(cas, None), timeout=10).text
    english = requests.get(login_url(cas, None), headers={"Accept-Language": "en"}, timeout=10)

    assert '<html lang="fr">' in french
    assert '<label for="id_username">Identifiant</label>' in french
    assert '<label for="id_password">Mot de passe</label>' in french
    assert re.search(r"<title>[^<]+</title>", french)
    assert "<main" in french
    assert french.count('type="submit"') == 1
    assert '<html lang="en">' in english.text
    assert '<label for="id_username">Username</label>' in english.text


def test_the_banner_names_the_university_of_the_setting(cas: DevCasServer) -> None:
    page = requests.get(login_url(cas, None), timeout=10).text
    assert '<p class="brand">Université d’Exemple · <abbr' in page


def test_static_files_are_served(cas: DevCasServer) -> None:
    base = cas.removesuffix("cas/")
    css = requests.get(f"{base}static/devcas/devcas.css", timeout=10)

    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")


def test_cookies_do_not_collide_with_tremplins(cas: DevCasServer) -> None:
    session = requests.Session()
    sign_in(cas, "alice.martin", "demo", session=session)

    assert set(session.cookies.keys()) <= {"devcas_sessionid", "devcas_csrftoken"}


def test_setup_is_idempotent_and_never_releases_everything(cas: DevCasServer) -> None:
    for _ in range(2):
        manage("devcas_setup", env=cas.env)

    params = db.params_from_url(cas.env["DEVCAS_DATABASE_URL"])
    with psycopg.connect(**params) as conn:
        patterns = conn.execute(
            "SELECT id, name, single_log_out, proxy FROM cas_server_servicepattern"
        ).fetchall()
        assert [(name, slo, proxy) for _, name, slo, proxy in patterns] == [
            ("tremplin", True, False)
        ]
        released = conn.execute(
            "SELECT name, replace FROM cas_server_replaceattributname"
            " WHERE service_pattern_id = %s",
            [patterns[0][0]],
        ).fetchall()
    assert sorted(released) == sorted((name, "") for name in RELEASED | AUTHENTICATION_ATTRIBUTES)


def test_setup_refuses_a_broken_pattern(cas: DevCasServer) -> None:
    with pytest.raises(DevCasError, match="not a regular expression"):
        manage("devcas_setup", "--service", "^http://(", env=cas.env)


def test_the_ent_can_go_down_and_come_back(cas: DevCasServer) -> None:
    cas.stop()
    try:
        assert not cas.running
        with pytest.raises(requests.ConnectionError):
            requests.get(login_url(cas), timeout=5)
    finally:
        cas.start()

    assert cas.running
    assert validate(cas, ticket_of(sign_in(cas, "alice.martin", "demo"))) is not None


def test_a_taken_port_is_reported(cas: DevCasServer) -> None:
    other = DevCasServer(cas.port, cas.env, cas.log_path)

    with pytest.raises(DevCasError, match="already in use"):
        other.start()


@contextmanager
def recording_service() -> Iterator[tuple[str, list[str]]]:
    """A tiny web service on 127.0.0.1 that records the bodies POSTed to it."""
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            received.append(self.rfile.read(length).decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/accounts/cas/login?next=%2F", received
    finally:
        server.shutdown()
        server.server_close()
