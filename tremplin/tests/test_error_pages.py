"""Every error page is in the site's layout and the visitor's language (French unless they
chose English), with the right status; when the database is down the visitor gets a 503
page that asked the database nothing."""

import html

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def browser(language: str | None = None, **options) -> Client:
    client = Client(raise_request_exception=False, **options)
    if language:
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def assert_site_page(response, *, status: int, language: str, heading: str) -> None:
    content = page(response)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in content
    assert f"<h1>{heading}</h1>" in content
    assert 'class="site-header"' in content and 'class="site-footer"' in content
    assert "Université de Démonstration" in content


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        ("fr", "Page introuvable", "Cette page n’existe pas"),
        ("en", "Page not found", "This page does not exist"),
    ],
)
def test_an_unknown_address_is_a_404_in_the_site_and_its_language(language, heading, text):
    response = browser(language if language == "en" else None).get("/nulle-part/")
    assert_site_page(response, status=404, language=language, heading=heading)
    assert text in page(response)


def test_a_bad_host_is_a_400_in_the_site():
    response = browser().get("/", HTTP_HOST="intrus.example")
    assert_site_page(response, status=400, language="fr", heading="Requête incorrecte")


def test_an_english_visitor_gets_the_400_in_english():
    response = browser("en").get("/", HTTP_HOST="intrus.example")
    assert_site_page(response, status=400, language="en", heading="Bad request")


def test_a_refused_request_is_a_403_in_the_site():
    # allauth refuses a sign-in whose client address cannot be known (PermissionDenied).
    response = browser().post(
        reverse("account_login"), {"login": "a@exemple.fr", "password": "x"}, REMOTE_ADDR=""
    )
    assert_site_page(response, status=403, language="fr", heading="Accès refusé")


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Ce formulaire a expiré"), ("en", "This form has expired")]
)
def test_a_form_without_its_csrf_token_is_a_403_that_says_what_to_do(language, heading):
    client = browser(language, enforce_csrf_checks=True)
    response = client.post(reverse("pages:set_language"), {"language": "en"})
    assert_site_page(response, status=403, language=language, heading=heading)


def test_too_many_attempts_is_a_429_in_the_site():
    client = browser()
    for n in range(20):
        client.post(reverse("account_reset_password"), {"email": f"lea{n}@exemple.fr"})
    response = client.post(reverse("account_reset_password"), {"email": "x@exemple.fr"})
    assert_site_page(response, status=429, language="fr", heading="Trop de tentatives")


def test_the_registration_forms_429_pages_are_the_sites_429_with_their_own_words():
    client = browser("en")
    for n in range(21):
        response = client.post(
            reverse("graduates:register"),
            {
                "last_name": f"Garnier{n}",
                "first_name": "Inès",
                "birth_date": "1995-09-21",
                "email": f"ines{n}@exemple.fr",
            },
        )
    assert_site_page(response, status=429, language="en", heading="Too many attempts")
    assert "This form was used too many times for this person" in page(response)


@pytest.mark.urls("tremplin.tests.failing_urls")
@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Erreur du serveur"), ("en", "Server error")]
)
def test_a_bug_is_a_500_in_the_site(language, heading):
    response = browser(language if language == "en" else None).get("/_bug/")
    assert_site_page(response, status=500, language=language, heading=heading)


@pytest.mark.urls("tremplin.tests.failing_urls")
def test_a_database_error_on_an_open_connection_is_a_500_not_a_503():
    response = browser().get("/_requete-annulee/")
    assert response.status_code == 500
