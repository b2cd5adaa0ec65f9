"""The student and the staff journeys through the real ENT, in Chromium, checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import Acceptance, RoleAssignment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def referential():
    testing.vet("L3INF", "SCI")
    testing.vet("M1DPR", "DRT")


def ent_sign_in(page, uid: str) -> None:
    page.fill("#id_username", uid)
    page.fill("#id_password", "demo")
    page.locator("#id_password").press("Enter")


def test_alice_signs_in_from_etudiant_sees_her_profile_and_signs_out(
    page, live_server, cas, axe, referential
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Étudiant")).click()
    expect(page).to_have_url(re.compile(re.escape(cas.url) + "login"))
    ent_sign_in(page, "alice.martin")

    # Her first sign-in: the search profile's step first (tremplin.alerts), then home.
    expect(page).to_have_url(live_server.url + "/compte/bienvenue/?next=%2F")
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".user-name")).to_have_text("Alice Martin")
    assert axe(page) == []
    page.goto(live_server.url + "/compte/profil/")
    expect(page.locator("main")).to_contain_text("UFR SCI (SCI)")
    expect(page.locator("main")).to_contain_text("Diplôme L3INF (L3INF)")
    assert axe(page) == []

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes déconnecté")
    assert axe(page) == []
    page.get_by_role("link", name="Fermer aussi la session ENT").click()
    expect(page).to_have_url(live_server.url + "/")  # the ENT signs out and sends her back
    page.goto(live_server.url + "/compte/etudiant/")
    expect(page).to_have_url(re.compile(re.escape(cas.url) + "login"))  # the ENT asks again


def test_logging_out_of_the_ent_ends_the_tremplin_session(page, live_server, cas, referential):
    page.goto(live_server.url + "/compte/etudiant/")
    ent_sign_in(page, "bob.nguyen")
    expect(page.locator(".user-name")).to_have_text("Bob Nguyen")

    page.goto(cas.url + "logout")  # the ENT sends its single-logout request to Tremplin
    page.goto(live_server.url + "/")
    expect(page.locator(".user-name")).to_have_count(0)


def test_paul_accepts_the_charter_and_makes_claire_responsable_of_sci(
    page, live_server, cas, axe, referential, settings
):
    settings.CAS_MFA_ATTRIBUTE = ""  # his ENT's second factor is not trusted: TOTP here
    claire = testing.staff("claire.resp")
    admin = testing.administrator("paul.admin")
    Acceptance.objects.filter(user=admin).delete()

    page.goto(live_server.url + "/")
    page.locator(".staff-login").get_by_role("link", name=re.compile("^Connexion")).click()
    ent_sign_in(page, "paul.admin")

    expect(page.get_by_role("heading", level=1)).to_have_text("Charte de la plateforme")
    assert axe(page) == []
    page.get_by_label("J'ai lu et j'accepte les conditions d'utilisation de la plateforme").check()
    page.get_by_role("button", name="Accepter la charte").click()
    dialog = page.get_by_role("dialog", name="Vous êtes sur le point d’accepter la charte")
    expect(dialog).to_be_visible()
    assert axe(page) == []
    dialog.get_by_role("button", name="OK").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gestion")
    assert Acceptance.objects.filter(user=admin).exists()
    assert axe(page) == []
    page.get_by_role("link", name="Rôles").click()
    # Roles are administrators' only: TOTP first, set up on his phone, then back.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activer l'application d'authentification"
    )
    assert axe(page) == []
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(testing.totp_codes(secret)[0])
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de récupération")
    assert axe(page) == []
    page.get_by_role("link", name="J’ai conservé mes codes de récupération : continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rôles")
    assert axe(page) == []
    page.get_by_label("Membre du personnel").select_option(label=f"{claire} <{claire.email}>")
    page.get_by_label("Rôle").select_option(label="Responsable composante")
    page.get_by_label("Composante (pour un responsable composante)").select_option(label="UFR SCI")
    page.get_by_role("button", name="Attribuer le rôle").click()
    expect(page.locator(".messages")).to_contain_text(
        "est désormais Responsable composante — UFR SCI"
    )
    role = RoleAssignment.objects.get(user=claire)
    assert role.composante.code == "SCI"

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes déconnecté")


def test_cancelling_the_dialog_accepts_nothing(page, live_server, cas, referential):
    admin = testing.administrator("paul.admin")
    Acceptance.objects.filter(user=admin).delete()
    page.goto(live_server.url + "/compte/personnels/")
    ent_sign_in(page, "paul.admin")
    page.get_by_label("J'ai lu et j'accepte les conditions d'utilisation de la plateforme").check()
    page.get_by_role("button", name="Accepter la charte").click()
    page.get_by_role("dialog").get_by_role("button", name="Annuler").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert not Acceptance.objects.filter(user=admin).exists()
    assert User.objects.get(pk=admin.pk).kind == User.Kind.STAFF
