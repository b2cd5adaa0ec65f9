"""The error pages in Chromium, under the site's Content-Security-Policy: each has the
site's layout, passes axe-core, and the browser reports no problem on it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shows(page, response, *, status: int, heading: str, language: str = "fr") -> None:
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == language
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(
        page.get_by_role(
            "link", name="Aller au contenu" if language == "fr" else "Skip to content"
        )
    ).to_have_count(1)


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_404(page, live_server, axe, language, heading):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    response = page.goto(live_server.url + "/nulle-part/")
    shows(page, response, status=404, heading=heading, language=language)
    assert axe(page) == []


def test_400(page, live_server, axe):
    # More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS) in the query string.
    response = page.goto(live_server.url + "/compte/ent/?" + "&".join(["a=1"] * 1001))
    shows(page, response, status=400, heading="Requête incorrecte")
    assert axe(page) == []


def test_403_when_a_form_has_lost_its_token(page, live_server, axe):
    page.goto(live_server.url + "/")
    page.context.clear_cookies()  # the CSRF cookie is gone, as after a long absence
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="English").click()
    shows(page, navigation.value, status=403, heading="Ce formulaire a expiré")
    assert axe(page) == []


def test_429(page, live_server, axe, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    for email in ["lea@exemple.fr", "hugo@exemple.fr"]:
        page.goto(live_server.url + "/compte/password/reset/")
        page.get_by_label("Courriel").fill(email)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    shows(page, navigation.value, status=429, heading="Trop de tentatives")
    assert axe(page) == []


@pytest.mark.urls("tremplin.tests.failing_urls")
def test_500(page, live_server, axe):
    response = page.goto(live_server.url + "/_bug/")
    shows(page, response, status=500, heading="Erreur du serveur")
    assert axe(page) == []


def test_503_when_the_database_is_down(page, live_server, axe, database_down):
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": "a" * 32, "url": live_server.url}]
    )
    response = page.goto(live_server.url + "/")
    shows(page, response, status=503, heading="Service indisponible")
    assert axe(page) == []
