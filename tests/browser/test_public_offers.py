"""A visitor who is not signed in, in Chromium, in French and in English: Stages & Jobs in
the menu, the public offers only, filters with htmx, a public offer's page with its
JSON-LD; axe-core finds nothing and the console stays clean (the `page` fixture fails on
any console error, CSP violation or failed resource). Signing in from an offer comes back
to it."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PUBLIC, PRIVATE = "Stage data analyst ouvert à tous", "Stage réservé aux étudiants inscrits"
MENU = {"fr": "Menu principal", "en": "Main menu"}


@pytest.fixture
def offers():
    biolab = testing.organisation("BioLab Auvergne", website="https://biolab.example")
    recruiter = testing.recruiter("rh@biolab.example", organisation_of=biolab)
    now = timezone.now()
    made = {}
    for title, public in ((PUBLIC, True), (PRIVATE, False)):
        made[title] = Offer.objects.create(
            title=title,
            kind=Offer.Kind.INTERNSHIP,
            organisation=biolab,
            description="<p>Analysez les données de nos <strong>essais cliniques</strong>.</p>",
            city="Clermont-Ferrand",
            postcode="63000",
            departement="63",
            domain=Offer.Domain.IT,
            publish_from=now - timedelta(days=1),
            publish_until=now + timedelta(days=30),
            status=Offer.Status.PUBLISHED,
            published_at=now - timedelta(days=1),
            public=public,
        )
    indexing.reindex([o.pk for o in made.values()])
    return {"public": made[PUBLIC], "private": made[PRIVATE], "recruiter": recruiter}


def switch_language(page, live_server, code: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("button", name={"fr": "Français", "en": "English"}[code]).click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_visitor_browses_the_public_offers(page, live_server, axe, offers, language):
    switch_language(page, live_server, language)
    page.get_by_role("navigation", name=MENU[language]).get_by_role(
        "link", name="Stages & Jobs"
    ).click()
    expect(page).to_have_url(live_server.url + "/offres/")
    results = page.locator("#results")
    expect(results.get_by_role("link", name=PUBLIC)).to_be_visible()
    expect(results.get_by_text(PRIVATE)).to_have_count(0)
    assert page.locator('meta[name="description"]').get_attribute("content")
    assert axe(page, context=f"{language} search") == []

    # A filter, through htmx: the list and the counts change in place.
    page.fill("#id_q", "cristallographie")
    page.locator("#id_q").press("Enter")
    expect(results.get_by_role("link", name=PUBLIC)).to_have_count(0)
    page.fill("#id_q", "données")
    page.locator("#id_q").press("Enter")
    expect(results.get_by_role("link", name=PUBLIC)).to_be_visible()
    assert axe(page, context=f"{language} search with words") == []

    results.get_by_role("link", name=PUBLIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC)
    [posting] = [
        json.loads(text)
        for text in page.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    assert (posting["@type"], posting["title"]) == ("JobPosting", PUBLIC)
    assert "BioLab Auvergne" in page.locator('meta[name="description"]').get_attribute("content")
    assert axe(page, context=f"{language} public offer") == []


def test_a_private_offer_sends_the_visitor_to_sign_in_and_back(page, live_server, axe, offers):
    here = f"/offres/{offers['private'].pk}/"
    page.goto(live_server.url + here)
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    assert axe(page, context="sign-in page") == []
    page.get_by_label("Courriel").fill(offers["recruiter"].email)
    page.get_by_label("Mot de passe").fill(testing.RECRUITER_PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    expect(page).to_have_url(live_server.url + here)
    expect(page.get_by_role("heading", level=1)).to_have_text(PRIVATE)


def test_signing_in_to_apply_comes_back_to_the_public_offer(page, live_server, offers):
    here = f"/offres/{offers['public'].pk}/"
    page.goto(live_server.url + here)
    page.get_by_role("link", name="Connexion diplômé").click()
    page.get_by_label("Courriel").fill(offers["recruiter"].email)
    page.get_by_label("Mot de passe").fill(testing.RECRUITER_PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    expect(page).to_have_url(live_server.url + here + "#apply")
