"""Each graduate journey in Chromium, from the home page to a signed-in graduate, with the
moderator in scope deciding through the ENT; axe-core checks every page."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import RoleAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = RoleAssignment.Role
PASSWORD = "Un-mot-de-passe-solide-2026"
DEMO_FILE = (
    Path(__file__).resolve().parents[2] / "tremplin" / "demo" / "data" / "diplomes-2026.csv"
)


@pytest.fixture
def registry():
    born = date(1998, 3, 12)
    testing.registry_entry(
        birth_name="MOREAU-DUPUIS",
        first_names="Léa Marie",
        birth_date=born,
        vet_code="L3INF",
        year=2020,
        student_number="21700001",
    )
    testing.registry_entry(
        birth_name="LAMBERT",
        first_names="Hugo",
        birth_date=date(1997, 7, 5),
        vet_code="L3DRT",
        composante_code="DRT",
        year=2019,
    )
    testing.registry_entry(
        birth_name="GIRARD",
        first_names="Tom",
        birth_date=date(2001, 1, 2),
        vet_code="M1INF",
        year=2024,
        institutional_email="tom.girard@etu.univ-demo.fr",
    )
    testing.composante("DRT")


def register(page, live_server, axe, *, last, first, born, email):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Inscription — diplômés").click()
    assert axe(page) == []
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Prénom", exact=True).fill(first)
    page.get_by_label("Date de naissance").fill(born)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")
    assert axe(page) == []


def choose_password(page):
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)


def moderate(page, live_server, axe, uid, name):
    """The moderator signs in through the ENT and validates `name`'s registration."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/compte/personnels/")
    page.fill("#id_username", uid)
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestion")
    page.get_by_role("link", name="Inscriptions de diplômés à valider").click()
    assert axe(page) == []
    page.get_by_role("link", name=name).click()
    assert axe(page) == []
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".messages")).to_contain_text("est validé·e")


def past_the_search_profile_step(page) -> None:
    """The first page after a first sign-in is the search profile's step (tremplin.alerts),
    which leads on to the page asked for: skipped here."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("Que cherchez-vous ?|Mon profil"))
    if heading.text_content().strip() == "Que cherchez-vous ?":
        page.get_by_role("button", name="Passer cette étape").click()


def sign_in(page, live_server, axe, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Connexion — diplômés").click()
    assert axe(page) == []
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()
    past_the_search_profile_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    assert axe(page) == []


def test_found_with_diploma_validated_by_the_vet_responsable(
    page, live_server, cas, axe, registry, run_jobs, mailoutbox
):
    testing.staff("marc.resp", (Role.VET_MANAGER, testing.vet("L3INF")))
    register(
        page,
        live_server,
        axe,
        last="Moreau Dupuis",
        first="lea",
        born="1998-03-12",
        email="lea@exemple.fr",
    )
    run_jobs()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "choisissez votre diplôme"))
    assert axe(page) == []
    page.get_by_label(re.compile("Diplôme L3INF")).check()
    choose_password(page)
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande est envoyée")
    assert axe(page) == []

    moderate(page, live_server, axe, "marc.resp", "Léa Marie MOREAU-DUPUIS")
    sign_in(page, live_server, axe, "lea@exemple.fr")
    expect(page.locator("main")).to_contain_text("Diplôme L3INF")


def test_found_without_diploma_validated_by_the_composante_responsable(
    page, live_server, cas, axe, registry, run_jobs, mailoutbox
):
    testing.staff("david.drt", (Role.COMPOSANTE_MANAGER, testing.composante("DRT")))
    register(
        page,
        live_server,
        axe,
        last="Lambert",
        first="Hugo",
        born="1997-07-05",
        email="hugo@exemple.fr",
    )
    run_jobs()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "choisissez votre diplôme"))
    page.get_by_label("Je ne trouve pas mon diplôme").check()
    page.get_by_label("Intitulé du diplôme").fill("DU Droit du numérique")
    page.get_by_label("Année d’obtention").fill("2021")
    page.get_by_label("Composante").select_option(label="UFR DRT")
    choose_password(page)
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande est envoyée")

    moderate(page, live_server, axe, "david.drt", "Hugo LAMBERT")
    sign_in(page, live_server, axe, "hugo@exemple.fr")
    expect(page.locator("main")).to_contain_text("UFR DRT")


def test_absent_fills_the_complete_form_validated_by_an_administrator(
    page, live_server, cas, axe, registry, run_jobs, mailoutbox
):
    testing.administrator("paul.admin")
    register(
        page,
        live_server,
        axe,
        last="Garnier",
        first="Inès",
        born="1995-09-21",
        email="ines@exemple.fr",
    )
    run_jobs()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "complétez votre demande"))
    assert axe(page) == []
    page.get_by_label("Intitulé du diplôme").fill("Licence AES")
    page.get_by_label("Année d’obtention").fill("2017")
    page.get_by_label("Composante").select_option(label="UFR DRT")
    choose_password(page)
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande est envoyée")

    moderate(page, live_server, axe, "paul.admin", "Inès Garnier")
    sign_in(page, live_server, axe, "ines@exemple.fr")


def test_the_institutional_address_opens_the_account_at_once(
    page, live_server, axe, registry, run_jobs, mailoutbox
):
    register(
        page,
        live_server,
        axe,
        last="Girard",
        first="Tom",
        born="2001-01-02",
        email="tom.girard@etu.univ-demo.fr",
    )
    run_jobs()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "choisissez votre mot de passe"))
    assert axe(page) == []
    choose_password(page)
    page.get_by_role("button", name="Créer mon compte").click()
    past_the_search_profile_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    expect(page.locator("main")).to_contain_text("Diplôme M1INF")
    assert axe(page) == []


def test_a_student_who_graduates_signs_in_with_a_password(
    page, live_server, cas, axe, run_jobs, mailoutbox, settings
):
    # Paul's ENT asks him for a second factor and says so; the university trusts it.
    settings.CAS_MFA_ATTRIBUTE = "authnContextClass"
    settings.CAS_MFA_VALUES = ["mfa-duo"]
    testing.vet("L3INF", "SCI")
    testing.administrator("paul.admin")
    # Chloé signs in through the ENT as a student, and declares her personal address.
    page.goto(live_server.url + "/compte/etudiant/")
    page.fill("#id_username", "chloe.bernard")
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")
    page.goto(live_server.url + "/compte/profil/")
    page.get_by_role("link", name="Gérer mes adresses électroniques").click()
    assert axe(page) == []
    page.get_by_label("Courriel").fill("chloe.perso@exemple.fr")
    page.get_by_role("button", name=re.compile("Ajouter")).click()
    run_jobs()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "Confirmez votre adresse"))
    page.get_by_role("button", name="Confirmer").click()

    # The administrator imports the registry that names her.
    page.context.clear_cookies()
    page.goto(live_server.url + "/compte/personnels/")
    page.fill("#id_username", "paul.admin")
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")
    page.get_by_role("link", name="Base des diplômés").click()
    page.get_by_label("Fichier de la base des diplômés").set_input_files(str(DEMO_FILE))
    page.get_by_role("button", name="Importer").click()
    run_jobs()
    expect(page.locator("#import-status")).to_contain_text("Importé", timeout=10000)
    assert axe(page) == []

    # Her account became a graduate account; she chooses a password from the mail.
    mail = next(m for m in mailoutbox if "Félicitations" in m.subject)
    assert sorted(mail.to) == ["chloe.bernard@etu.univ-demo.fr", "chloe.perso@exemple.fr"]
    page.context.clear_cookies()
    page.goto(live_server.url + testing.mail_link(mailoutbox, "Félicitations"))
    assert axe(page) == []
    choose_password(page)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    past_the_search_profile_step(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    sign_in(page, live_server, axe, "chloe.perso@exemple.fr")
    expect(page.locator("main")).to_contain_text("Diplômé")
