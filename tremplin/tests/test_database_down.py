"""When PostgreSQL cannot be reached, visitors get a 503 page in the site's layout and
their language, which asked the database nothing (no session, no user)."""

import pytest
from django.conf import settings as django_settings

from .test_error_pages import assert_site_page, browser, page


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Service indisponible"), ("en", "Service unavailable")]
)
def test_an_unreachable_database_is_a_503_in_the_site(database_down, language, heading):
    client = browser(language if language == "en" else None)
    # A signed-in visitor: the session must be read from the database, which is down.
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "a" * 32

    response = client.get("/")

    assert_site_page(response, status=503, language=language, heading=heading)
    assert response["Retry-After"] == "60"
    assert "language-switch" not in page(response)  # it needs a session's CSRF token
