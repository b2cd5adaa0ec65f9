"""Every public page, in French and in English: axe-core finds nothing, it fits a 360 px
screen, and a keyboard user can skip to the content."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/offres/",
    "/aide/",
    "/aide/etudiant/",
    "/aide/diplome/",
    "/aide/recruteur/",
    "/aide/personnel/",
    "/mentions-legales/",
    "/cgu/",
    "/charte/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/demo/mails/",
]


def switch_language(page, live_server, code: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name={"fr": "Français", "en": "English"}[code]).click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_public_page_passes_axe(page, live_server, axe, language):
    switch_language(page, live_server, language)
    violations = []
    for path in PUBLIC_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        violations += axe(page, context=f"{language} {path}")
    assert violations == []


def test_pages_fit_a_360_pixel_screen(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"


def test_the_first_tab_offers_to_skip_to_the_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_home_page_entries_are_reachable_by_keyboard(page, live_server):
    page.goto(live_server.url + "/")
    reached = []
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert any(text.startswith("Étudiant") for text in reached)
    assert any(text.startswith("Inscription") for text in reached)
    assert any(text.startswith("Connexion") for text in reached)
