"""Every form refuses a post that does not carry this site's CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tremplin import testing

pytestmark = pytest.mark.django_db

ANONYMOUS_FORMS = [
    (
        "graduates:register",
        {
            "last_name": "Garnier",
            "first_name": "Inès",
            "birth_date": "1995-09-21",
            "email": "i@x.fr",
        },
    ),
    ("recruiters:register", {"name": "ACME"}),
    ("account_login", {"login": "a@x.fr", "password": "x"}),
    ("account_reset_password", {"email": "a@x.fr"}),
    ("pages:set_language", {"language": "en"}),
]


@pytest.mark.parametrize(("name", "data"), ANONYMOUS_FORMS)
def test_anonymous_forms_refuse_a_post_without_the_token(name, data):
    response = Client(enforce_csrf_checks=True).post(reverse(name), data)
    assert response.status_code == 403


def test_staff_forms_refuse_a_post_without_the_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(testing.administrator())
    claire = testing.staff("claire.resp")
    for url, data in [
        (reverse("backoffice:roles"), {"user": claire.pk, "role": "admin"}),
        (reverse("backoffice:legal_document_edit", args=["cgu"]), {"title_fr": "x"}),
        (reverse("accounts:logout"), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert not claire.roles.exists()
