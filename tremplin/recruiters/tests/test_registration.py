"""A company registers under Entreprises / Partenaires → Inscription."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import Acceptance, LegalDocument, User
from tremplin.audit.models import AuditEntry
from tremplin.recruiters.models import Organisation, Recruiter

pytestmark = pytest.mark.django_db


def test_the_home_page_leads_companies_to_the_registration(client):
    page = client.get(reverse("pages:home")).content.decode()
    assert f'href="{reverse("recruiters:register")}"' in page


def test_the_form_asks_for_the_organisation_the_person_and_the_terms(client):
    page = client.get(reverse("recruiters:register")).content.decode()
    for label in ("Numéro SIRET", "Secteur d’activité", "Effectif", "Fonction", "Téléphone"):
        assert label in page
    assert "J’ai lu et j’accepte les conditions générales d’utilisation" in page
    assert f'href="{reverse("pages:cgu")}"' in page


def test_lea_registers_atelier_numerique_and_waits_for_her_mail(register, mails):
    response = register()

    assert response.status_code == 302
    assert response["Location"] == reverse("recruiters:sent")
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.siret, organisation.city, organisation.country) == (
        "Atelier Numérique",
        "85296374300020",
        "Clermont-Ferrand",
        "France",
    )
    assert (organisation.sector, organisation.size) == ("J", "10-49")
    assert organisation.website == "https://atelier-numerique.example"
    assert not organisation.trusted
    lea = User.objects.get(email="lea.durand@atelier-numerique.example")
    assert (lea.kind, lea.is_active, lea.language) == (User.Kind.RECRUITER, False, "fr")
    assert lea.check_password("Un-stage-à-Clermont-2026")
    assert lea.password.startswith("argon2")
    registration = lea.recruiter
    assert registration.organisation == organisation
    assert registration.status == Recruiter.Status.AWAITING_EMAIL
    assert not registration.joined_existing
    address = EmailAddress.objects.get(user=lea)
    assert (address.email, address.primary, address.verified) == (lea.email, True, False)
    terms = LegalDocument.objects.current(LegalDocument.Kind.TERMS)
    acceptance = Acceptance.objects.get(user=lea)
    assert (acceptance.document, acceptance.ip_address) == (terms, "192.0.2.7")
    assert AuditEntry.objects.filter(action="recruiter.registered", actor=lea).exists()

    [mail] = mails()
    assert mail.to == ["lea.durand@atelier-numerique.example"]
    assert mail.subject == "Confirmez votre adresse électronique pour terminer votre inscription"
    assert "Bonjour Léa," in mail.text
    assert "votre inscription comme recruteur pour Atelier Numérique" in mail.text
    assert "/entreprises/inscription/confirmation/" in mail.text
    assert "Le lien fonctionne pendant 3 jours." in mail.text
    assert "Confirmer mon adresse" in mail.html and '<html lang="fr">' in mail.html


def test_the_page_after_registering_says_to_check_the_mailbox(client, register):
    page = client.get(register()["Location"]).content.decode()
    assert "Consultez vos courriels" in page
    assert "déjà inscrit" not in page


def test_an_english_visitor_gets_the_mail_in_english(client, register, mails):
    client.cookies["django_language"] = "en"
    register()

    assert User.objects.get().language == "en"
    [mail] = mails()
    assert mail.subject == "Confirm your e-mail address to complete your registration"
    assert "Hello Léa," in mail.text
    assert "We received your registration as a recruiter for Atelier Numérique" in mail.text
    assert "The link works for 3 days." in mail.text
    assert '<html lang="en">' in mail.html


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("852 963 743 00021", "Ce numéro SIRET n’existe pas : vérifiez ses 14 chiffres."),
        (
            "852 963 743",
            "Un numéro SIRET a 14 chiffres (9 pour le SIREN, 5 pour l’établissement).",
        ),
        (
            "ABCDEFGHIJKLMN",
            "Un numéro SIRET a 14 chiffres (9 pour le SIREN, 5 pour l’établissement).",
        ),
    ],
)
def test_a_wrong_siret_is_refused_with_a_clear_message(register, mails, siret, message):
    response = register(siret=siret)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert mails() == []


def test_the_terms_of_use_must_be_accepted(register):
    response = register(terms="")
    assert "Cochez la case pour accepter les conditions générales d’utilisation." in (
        response.content.decode()
    )
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "Court-2026",
            "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères.",
        ),
        ("password1234", "Ce mot de passe est trop courant."),
    ],
)
def test_passwords_follow_the_platform_rules(register, password, message):
    response = register(password1=password, password2=password)
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_french_postcode_has_five_digits(register):
    response = register(postcode="6300")
    assert "Un code postal français a 5 chiffres." in response.content.decode()


def test_a_phone_number_is_checked_loosely(register):
    assert "Saisissez un numéro de téléphone" in register(phone="appelez-moi").content.decode()
    assert register(phone="04.73.00.00.00").status_code == 302


def test_a_second_recruiter_of_a_known_siret_joins_the_organisation(client, register, mails):
    biolab = testing.organisation("BioLab Auvergne", siret_number="85296374300020")
    testing.recruiter("rh@biolab.example", organisation_of=biolab)

    response = register(name="Un autre nom", city="Vichy", postcode="03200")

    assert Organisation.objects.count() == 1
    biolab.refresh_from_db()
    assert (biolab.name, biolab.city) == ("BioLab Auvergne", "Clermont-Ferrand")  # not changed
    lea = User.objects.get(email="lea.durand@atelier-numerique.example")
    assert lea.recruiter.organisation == biolab and lea.recruiter.joined_existing
    assert not lea.is_active  # an administrator validates her too
    page = client.get(response["Location"]).content.decode()
    assert "Le numéro SIRET indiqué est déjà inscrit, pour « BioLab Auvergne »" in page
    assert (
        "Les informations sur l’organisation que vous avez saisies ne sont pas utilisées." in page
    )
    [mail] = mails()
    assert "pour BioLab Auvergne" in mail.text


def test_an_address_already_used_gets_the_same_page_and_one_mail_saying_so(
    client, register, mails
):
    testing.recruiter("lea.durand@atelier-numerique.example", language="fr")
    before = User.objects.count()

    response = register(email="LEA.DURAND@atelier-numerique.example")

    assert response.status_code == 302 and response["Location"] == reverse("recruiters:sent")
    assert User.objects.count() == before
    assert not Organisation.objects.filter(siret="85296374300020").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Consultez vos courriels" in page
    [mail] = mails()
    assert mail.to == ["lea.durand@atelier-numerique.example"]
    assert mail.subject == "Vous avez déjà un compte sur le career center"
    assert "avec cette adresse électronique, mais un compte l’utilise déjà" in mail.text
    assert "/compte/login/" in mail.text and "/compte/password/reset/" in mail.text


def test_a_staff_address_is_not_revealed_either(register, mails):
    testing.staff("nina.conseil")
    response = register(email="nina.conseil@univ-test.fr")
    assert response["Location"] == reverse("recruiters:sent")
    [mail] = mails()
    assert mail.subject == "Vous avez déjà un compte sur le career center"


def test_registering_again_before_confirming_sends_a_link_for_the_new_registration(
    client, register, mails
):
    """Until it is confirmed, the address identifies nobody (anybody may type it): each
    registration gets its own link, and the one confirmed first owns the address. The
    other, never confirmed, is deleted with the unconfirmed ones after seven days."""
    register()
    register(password1="Un-autre-mot-de-passe-2026", password2="Un-autre-mot-de-passe-2026")

    first, second = mails()
    assert first.subject == second.subject
    assert first.link("confirmation") != second.link("confirmation")
    assert client.post(second.link("confirmation")).status_code == 200

    [confirmed] = Recruiter.objects.filter(status=Recruiter.Status.PENDING)
    assert confirmed.user.check_password("Un-autre-mot-de-passe-2026")
    assert client.post(first.link("confirmation")).status_code == 404
    assert Recruiter.objects.filter(status=Recruiter.Status.PENDING).count() == 1


def test_an_address_another_account_typed_but_never_verified_registers_normally(register, mails):
    testing.add_address(testing.student("marc.squat"), "lea.durand@atelier-numerique.example")
    before = len(mails())

    register()

    [mail] = mails()[before:]
    assert mail.to == ["lea.durand@atelier-numerique.example"]
    assert mail.subject != "Vous avez déjà un compte sur le career center"
    assert "/entreprises/inscription/confirmation/" in mail.text
    lea = Recruiter.objects.get().user
    assert lea.email == "lea.durand@atelier-numerique.example" and lea.kind == User.Kind.RECRUITER


def test_ten_registrations_an_hour_from_one_network(register, mails):
    for n in range(10):
        response = register(email=f"personne{n}@atelier-numerique.example")
        assert response.status_code == 302

    response = register(email="une-de-trop@atelier-numerique.example")

    assert response.status_code == 429
    assert "Trop d’inscriptions" in response.content.decode()
    assert not User.objects.filter(email="une-de-trop@atelier-numerique.example").exists()
    assert len(mails()) == 10
