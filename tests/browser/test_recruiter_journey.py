"""A company registers from the home page, confirms its address, an administrator accepts
it and the recruiter signs in to their space, in Chromium; axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.recruiters.models import Recruiter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Un-stage-à-Clermont-2026"


def fill_registration(page, *, siret: str) -> None:
    organisation = page.get_by_role("group", name="Votre organisation")
    organisation.get_by_label("Nom de l’organisation").fill("Atelier Numérique")
    organisation.get_by_label("Numéro SIRET").fill(siret)
    organisation.get_by_label("Adresse", exact=True).fill("4 place de Jaude")
    organisation.get_by_label("Code postal").fill("63000")
    organisation.get_by_label("Ville").fill("Clermont-Ferrand")
    organisation.get_by_label("Secteur d’activité").select_option(
        label="Information et communication"
    )
    organisation.get_by_label("Effectif").select_option(label="10 à 49 salariés")
    you = page.get_by_role("group", name="Vous", exact=True)
    you.get_by_label("Prénom").fill("Léa")
    you.get_by_label("Nom", exact=True).fill("Durand")
    you.get_by_label("Fonction").fill("Responsable des ressources humaines")
    you.get_by_label("Téléphone").fill("04 73 00 00 00")
    you.get_by_label("Adresse électronique professionnelle").fill("lea@atelier-numerique.example")
    you.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    you.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_label("J’ai lu et j’accepte les conditions générales d’utilisation").check()


def test_a_company_registers_is_accepted_and_signs_in_to_its_space(
    page, live_server, axe, run_jobs, mailoutbox
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Inscription — entreprises et partenaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscrivez votre organisation")
    assert axe(page) == []

    fill_registration(page, siret="852 963 743 00021")  # one digit wrong
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.locator(".errorlist")).to_contain_text("Ce numéro SIRET n’existe pas")
    assert axe(page, context="registration with an error") == []

    fill_registration(page, siret="852 963 743 00020")
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")
    assert axe(page) == []

    run_jobs()  # the worker sends the mail
    page.goto(live_server.url + testing.mail_link(mailoutbox, "Confirmez votre adresse"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirmez votre adresse électronique"
    )
    assert axe(page) == []
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre adresse électronique est confirmée"
    )
    assert axe(page) == []

    paul = testing.administrator()
    testing.signed_in_as(page, live_server, paul)
    testing.pass_totp_in(page, live_server, paul)  # recruiter validation is theirs only
    page.goto(live_server.url + "/gestion/")
    page.get_by_role("link", name="Inscriptions de recruteurs à valider").click()
    assert axe(page) == []
    page.get_by_role("link", name="Léa Durand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa Durand — Atelier Numérique")
    assert axe(page) == []
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator(".messages")).to_contain_text("est accepté·e")
    assert axe(page, context="queue after the decision") == []
    lea = User.objects.get(email="lea@atelier-numerique.example")
    assert lea.is_active and lea.recruiter.status == Recruiter.Status.ACCEPTED

    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Connexion — entreprises et partenaires").click()
    assert axe(page) == []
    page.get_by_label("Courriel").fill("lea@atelier-numerique.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Espace recruteur")
    expect(page.locator("main")).to_contain_text("Atelier Numérique")
    expect(page.locator("main")).to_contain_text("852 963 743 00020")
    assert axe(page) == []
