"""The search profile and alerts in Chromium: alice.martin meets the step at her first
sign-in through the real ENT, sets her profile, finds the matching offer on her home,
saves a search, finds the alert in the outbox and unsubscribes in one click; bob.nguyen,
in English, skips the step. axe-core checks every page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.alerts.models import SavedSearch
from tremplin.alerts.services import send_digests
from tremplin.mailings.models import Consent
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing
from tremplin.profiles.models import SearchProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Stage développeur·se Django"


@pytest.fixture
def offers():
    testing.vet("L3INF", "SCI")  # alice.martin's composante and VET, as the ENT says
    testing.vet("M1DPR", "DRT")
    organisation = testing.organisation("Atelier Numérique")
    now = timezone.now()
    made = []
    for title, kind, domain in (
        (TITLE, Offer.Kind.INTERNSHIP, Offer.Domain.IT),
        ("Juriste en CDI", Offer.Kind.PERMANENT, Offer.Domain.LAW),
    ):
        made.append(
            Offer.objects.create(
                title=title,
                kind=kind,
                domain=domain,
                organisation=organisation,
                description="<p>Une belle mission.</p>",
                city="Clermont-Ferrand",
                departement="63",
                status=Offer.Status.PUBLISHED,
                publish_from=now - timedelta(hours=2),
                publish_until=now + timedelta(days=30),
                published_at=now - timedelta(hours=1),
            )
        )
    indexing.reindex([o.pk for o in made])
    return made


def ent_signs_in(page, uid: str) -> None:
    page.fill("#id_username", uid)
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")


def test_alice_sets_her_profile_sees_her_offers_saves_a_search_and_unsubscribes(
    page, live_server, cas, axe, offers, settings, tmp_path, run_jobs
):
    settings.EMAIL_BACKEND = "tremplin.lib.mail.OutboxBackend"  # the demo's outbox
    settings.MAIL_OUTBOX_DIR = tmp_path / "mail"
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Étudiant")).click()
    ent_signs_in(page, "alice.martin")
    # The step, once, before the home.
    expect(page.get_by_role("heading", level=1)).to_have_text("Que cherchez-vous ?")
    assert axe(page, context="fr step") == []
    page.get_by_label("Stage", exact=True).check()
    page.get_by_label("Informatique et numérique").check()
    page.get_by_label("Départements").fill("63")
    page.get_by_label("Chaque jour").check()
    page.get_by_label(re.compile("Alertes emploi")).check()  # the mails she wants
    page.get_by_role("button", name="Enregistrer mon profil de recherche").click()
    # Her home: the matching offer, not the other.
    expect(page.get_by_role("heading", level=2, name="Nouvelles offres pour vous")).to_be_visible()
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).not_to_contain_text("Juriste en CDI")
    assert axe(page, context="fr home") == []
    profile = SearchProfile.objects.get(user__username="cas:alice.martin")
    assert (profile.kinds, profile.departements) == (["stage"], ["63"])

    # She searches, then saves the search by name.
    page.goto(live_server.url + "/offres/?type=stage")
    page.get_by_text("Enregistrer cette recherche et recevoir ses nouvelles offres").click()
    page.get_by_label("Nom de cette recherche").fill("Stages")
    page.get_by_role("button", name="Enregistrer cette recherche").click()
    expect(page.locator(".messages")).to_contain_text("Recherche « Stages » enregistrée.")
    assert SavedSearch.objects.get().query == "type=stage"
    page.goto(live_server.url + "/compte/alertes/")
    expect(page.locator("main")).to_contain_text("Stages")
    assert axe(page, context="fr alerts") == []

    # The next morning's alert is in the outbox; its link unsubscribes her in one click.
    assert send_digests() == 1
    run_jobs(queues=["mail"])
    page.goto(live_server.url + "/demo/mails/")
    page.get_by_role("link", name="1 nouvelle offre pour vous").click()
    expect(page.locator("main")).to_contain_text(TITLE)
    link = page.locator("main a[href*='/desabonnement/']").get_attribute("href")
    page.goto(live_server.url + urlsplit(link).path)  # SITE_URL's path, on this test server
    assert axe(page, context="fr unsubscribe") == []
    page.get_by_role("button", name="Se désabonner").click()
    expect(page.locator("main")).to_contain_text("désabonn")
    assert not Consent.objects.filter(user__username="cas:alice.martin").exists()
    page.goto(live_server.url + "/compte/alertes/")

    # The same pages in English.
    page.get_by_role("button", name="English").click()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=2, name="New offers for you")).to_be_visible()
    assert axe(page, context="en home") == []
    page.goto(live_server.url + "/compte/profil/recherche/")
    assert axe(page, context="en search profile") == []
    page.goto(live_server.url + "/compte/alertes/")
    assert axe(page, context="en alerts") == []


def test_bob_skips_the_step_in_english(page, live_server, cas, axe, offers):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Étudiant")).click()
    ent_signs_in(page, "bob.nguyen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Que cherchez-vous ?")
    page.get_by_role("button", name="English").click()  # the step again, in English
    expect(page.get_by_role("heading", level=1)).to_have_text("What are you looking for?")
    assert axe(page, context="en step") == []
    page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_role("heading", level=2, name="New offers for you")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Juriste en CDI")  # an empty profile: all
    assert axe(page, context="en home, step skipped") == []
