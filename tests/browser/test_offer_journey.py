"""An offer's whole journey in Chromium: a recruiter posts it, a career adviser publishes
it, alice.martin finds it by a word and applies, the recruiter reads her application.
Staff and students sign in through the real ENT; axe-core checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.offers.models import Application, Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Stage en cristallographie des protéines"


@pytest.fixture
def people():
    testing.vet("L3INF", "SCI")  # alice.martin's composante and VET, as the ENT says
    testing.staff("nina.conseil", (RoleAssignment.Role.CAREER_ADVISER, None))
    return testing.recruiter(
        "rh@biolab-auvergne.example",
        first_name="Sophie",
        last_name="Morel",
        organisation_of=testing.organisation("BioLab Auvergne"),
    )


def recruiter_signs_in(page, live_server, axe, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Connexion — entreprises et partenaires").click()
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(testing.RECRUITER_PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace recruteur")
    assert axe(page) == []


def ent_signs_in(page, uid: str) -> None:
    page.fill("#id_username", uid)
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")


def main_menu(page):
    return page.get_by_role("navigation", name="Menu principal")


def test_a_recruiter_posts_nina_publishes_alice_finds_and_applies(
    page, live_server, cas, axe, people
):
    # Sophie posts the offer and submits it.
    recruiter_signs_in(page, live_server, axe, people.email)
    main_menu(page).get_by_role("link", name="Mes offres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes offres")
    assert axe(page) == []
    page.get_by_role("link", name="Publier une offre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier une offre")
    assert axe(page) == []
    page.get_by_label("Intitulé de l’offre").fill(TITLE)
    page.get_by_label("Type d’offre").select_option(label="Stage")
    page.get_by_label("Description : l’organisation, les missions").fill(
        "Au sein de **BioLab Auvergne**, vous étudierez la structure de protéines :\n\n"
        "- préparation des cristaux\n- collecte et analyse des données"
    )
    page.get_by_label("Ville").fill("Aubière")
    page.get_by_label("Code postal").fill("63170")
    page.get_by_label("Durée en mois (facultatif)").fill("6")
    page.get_by_label("Niveau d’études").select_option(label="Bac+5")
    page.get_by_label("Domaine").select_option(label="Sciences et recherche")
    page.get_by_role("button", name="Soumettre à la modération").click()
    expect(page.locator(".messages")).to_contain_text(
        f"« {TITLE} » est transmise au service d’insertion professionnelle"
    )
    expect(page.locator("main")).to_contain_text("En attente de modération")
    assert axe(page, context="my offers after submitting") == []
    offer = Offer.objects.get()
    assert (offer.status, offer.departement) == (Offer.Status.SUBMITTED, "63")

    # Nina, career adviser, publishes it from the back office.
    page.context.clear_cookies()
    page.goto(live_server.url + "/compte/personnels/")
    ent_signs_in(page, "nina.conseil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestion")
    assert axe(page) == []
    page.get_by_role("link", name="Offres à modérer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres à modérer")
    assert axe(page) == []
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("préparation des cristaux")
    assert axe(page) == []
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text(f"« {TITLE} » est publiée.")
    assert axe(page, context="queue after publishing") == []

    # Alice, student of SCI, finds it by a word and applies.
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Étudiant")).click()
    ent_signs_in(page, "alice.martin")
    expect(page.locator(".user-name")).to_have_text("Alice Martin")
    main_menu(page).get_by_role("link", name="Stages & Jobs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stages et emplois")
    assert axe(page) == []
    page.get_by_label("Mots-clés").fill("cristallographie")
    page.get_by_label("Mots-clés").press("Enter")
    expect(page.locator("#results-count")).to_have_text("1 offre pour « cristallographie »")
    expect(page).to_have_url(re.compile(r"/offres/\?q=cristallographie"))
    expect(page.locator("#results")).to_contain_text(TITLE)
    expect(page.locator("#filters")).to_contain_text("Stage (1)")
    assert axe(page, context="search with results and facets") == []
    page.get_by_label(re.compile(r"^Stage \(1\)")).check()  # htmx again, on change
    expect(page.get_by_label(re.compile(r"^Stage \(1\)"))).to_be_checked()
    expect(page).to_have_url(re.compile(r"type=stage"))
    assert axe(page, context="search with a facet ticked") == []
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert axe(page) == []
    page.get_by_label("Message au recruteur").fill("Passionnée de biologie structurale.")
    page.get_by_label("CV (PDF, 5 Mo au plus)").set_input_files(
        {"name": "cv-alice.pdf", "mimeType": "application/pdf", "buffer": testing.pdf_bytes()}
    )
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.locator(".messages")).to_contain_text(
        "Votre candidature est envoyée à BioLab Auvergne."
    )
    expect(page.locator("#apply")).to_contain_text("Vous avez candidaté le")
    assert axe(page, context="offer after applying") == []
    main_menu(page).get_by_role("link", name="Mes candidatures").click()
    expect(page.locator("main")).to_contain_text(TITLE)
    assert axe(page) == []
    application = Application.objects.get()
    assert application.candidate.get_full_name() == "Alice Martin"

    # Sophie reads the application.
    recruiter_signs_in(page, live_server, axe, people.email)
    main_menu(page).get_by_role("link", name="Mes offres").click()
    page.get_by_role("link", name=f"1 candidature — {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Candidatures — {TITLE}")
    assert axe(page) == []
    page.get_by_role("link", name="Alice Martin", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidature — Alice Martin")
    expect(page.locator("main")).to_contain_text("Passionnée de biologie structurale.")
    assert axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    assert download.value.suggested_filename == f"CV-alice-martin-{application.pk}.pdf"


def test_the_other_pages_of_stages_and_jobs_pass_axe(page, live_server, axe, people):
    """Form errors, an empty search, favourites, the profile's CV, the moderation page
    with the trust switch, the staff's offer form: no axe violation either."""
    alice = testing.student("alice.martin")
    offer = Offer.objects.create(
        title=TITLE,
        kind=Offer.Kind.INTERNSHIP,
        organisation=people.recruiter.organisation,
        description="<p>Cristaux.</p>",
        city="Aubière",
        postcode="63170",
        departement="63",
        domain=Offer.Domain.SCIENCE,
        status=Offer.Status.SUBMITTED,
        publish_until=timezone.now() + timedelta(days=30),
    )

    testing.signed_in_as(page, live_server, people)
    page.goto(live_server.url + "/recruteurs/offres/nouvelle/")
    page.get_by_role("button", name="Soumettre à la modération").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert axe(page, context="offer form with errors") == []
    page.goto(live_server.url + f"/offres/{offer.pk}/")
    expect(page.locator("main")).to_contain_text("En attente de modération")
    assert axe(page, context="the recruiter's preview") == []

    paul = testing.administrator()
    testing.signed_in_as(page, live_server, paul)
    testing.pass_totp_in(page, live_server, paul)  # trusting is administrators' only
    page.goto(live_server.url + f"/gestion/offres/{offer.pk}/")
    page.get_by_role("button", name="Faire confiance à cette organisation").click()
    expect(page.locator(".messages")).to_contain_text("bénéficie de la confiance")
    assert axe(page, context="moderation page with the trust switch") == []
    page.get_by_role("button", name="Publier").click()
    page.goto(live_server.url + "/gestion/offres/nouvelle/")
    assert axe(page, context="staff offer form") == []

    testing.signed_in_as(page, live_server, alice)
    page.goto(live_server.url + "/offres/?q=astronaute&type=cdi")
    expect(page.locator("#results")).to_contain_text("Aucune offre ne correspond")
    assert axe(page, context="empty search") == []
    page.goto(live_server.url + f"/offres/{offer.pk}/")
    page.get_by_role("button", name="Ajouter à mes favoris").click()  # htmx swaps it
    expect(page.get_by_role("button", name="Retirer de mes favoris")).to_be_focused()
    page.get_by_role("button", name="Envoyer ma candidature").click()  # nothing typed
    expect(page.locator(".errorlist").first).to_be_visible()
    assert axe(page, context="application form with errors") == []
    page.goto(live_server.url + "/offres/favoris/")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert axe(page, context="favourites") == []
    page.goto(live_server.url + "/compte/profil/")
    page.get_by_label("CV (PDF, 5 Mo au plus)").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": testing.pdf_bytes()}
    )
    page.get_by_role("button", name="Enregistrer mon CV").click()
    expect(page.locator(".messages")).to_contain_text("Votre CV est enregistré")
    assert axe(page, context="profile with a CV") == []
    page.goto(live_server.url + f"/offres/{offer.pk}/")
    expect(page.get_by_label("Le CV de mon profil")).to_be_checked()
    assert axe(page, context="application form with the profile's CV") == []
