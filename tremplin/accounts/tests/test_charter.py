"""Staff accept the charter before anything else; every new version asks again."""

import html
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.middleware import LAST_SEEN
from tremplin.accounts.models import Acceptance, LegalDocument, RoleAssignment
from tremplin.accounts.services import publish_legal_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    person = testing.administrator()
    Acceptance.objects.filter(user=person).delete()
    client.force_login(person)
    return person


def test_staff_who_have_not_accepted_reach_only_the_charter(client, newcomer):
    for path in ["/", "/gestion/", "/gestion/roles/", "/aide/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("accounts:charter")), path
    page = html.unescape(client.get(reverse("accounts:charter")).content.decode())
    assert "J'ai lu et j'accepte les conditions d'utilisation de la plateforme" in page
    assert "Vous êtes sur le point d’accepter la charte" in page  # the dialog
    assert client.get(reverse("pages:charte")).status_code == 200  # they may read it
    assert client.post(reverse("accounts:logout")).status_code == 302  # or leave


def test_the_box_must_be_ticked(client, newcomer):
    response = client.post(reverse("accounts:charter"), {"confirmed": "True"})
    assert "Cochez la case pour accepter la charte." in response.content.decode()
    assert not Acceptance.objects.filter(user=newcomer).exists()


def test_without_javascript_a_confirmation_page_asks_ok_or_cancel(client, newcomer):
    response = client.post(
        reverse("accounts:charter"), {"accept": "on", "next": "/gestion/roles/"}
    )
    page = response.content.decode()
    assert "Vous êtes sur le point d’accepter la charte" in page
    assert ">OK</button>" in page and "Annuler" in page
    assert not Acceptance.objects.filter(user=newcomer).exists()


def test_accepting_records_the_version_time_and_address_then_goes_on(client, newcomer):
    response = client.post(
        reverse("accounts:charter"),
        {"accept": "on", "confirmed": "True", "next": "/gestion/roles/"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.url == "/gestion/roles/"
    acceptance = Acceptance.objects.get(user=newcomer)
    assert acceptance.document == LegalDocument.objects.current("charte")
    assert acceptance.ip_address == "192.0.2.7"
    assert acceptance.accepted_at is not None
    assert client.get("/gestion/").status_code == 200


def test_a_new_version_of_the_charter_asks_again(client):
    admin = testing.administrator()
    client.force_login(admin)
    assert client.get("/gestion/").status_code == 200
    publish_legal_document(
        "charte",
        title_fr="Charte",
        title_en="Charter",
        body_fr="v2",
        body_en="v2",
        acting_user=admin,
    )
    assert client.get("/gestion/").url.startswith(reverse("accounts:charter"))


def test_students_are_not_asked(client):
    client.force_login(testing.student())
    assert client.get("/").status_code == 200


def test_administrators_see_who_accepted_what(client):
    admin = testing.administrator()
    testing.staff("claire.resp")
    testing.signed_in_administrator(client, admin)
    page = client.get(reverse("backoffice:acceptances", args=["charte"])).content.decode()
    assert "claire.resp@univ-test.fr" in page and "paul.admin@univ-test.fr" in page


def test_staff_sessions_end_after_thirty_idle_minutes(client):
    client.force_login(testing.administrator())
    assert client.get("/gestion/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()

    response = client.get("/gestion/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_student_sessions_do_not_expire_after_thirty_minutes(client):
    client.force_login(testing.student())
    session = client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()
    client.get("/")
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("persona", ["responsable", "recruiter"])
def test_only_administrators_publish_a_legal_text_whoever_calls_the_service(persona):
    acting = {
        "responsable": lambda: testing.staff(
            "claire.resp", (RoleAssignment.Role.COMPOSANTE_MANAGER, testing.composante())
        ),
        "recruiter": lambda: testing.recruiter("rh@biolab.example"),
    }[persona]()
    before = LegalDocument.objects.current("charte")
    with pytest.raises(PermissionDenied):
        publish_legal_document(
            "charte",
            title_fr="Charte",
            title_en="Charter",
            body_fr="v2",
            body_en="v2",
            acting_user=acting,
        )
    assert LegalDocument.objects.current("charte") == before
