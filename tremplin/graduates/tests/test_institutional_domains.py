"""A graduate who never used the platform registers with their university address (seed
004, §4.2.2): an address in INSTITUTIONAL_EMAIL_DOMAINS that the registry holds opens the
account at once; one it does not hold goes on by name and date of birth, and the mail says
why and what comes next. The diploma choice names each diploma with its VET code."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from tremplin.graduates.models import RegistrationLink, is_institutional

from .conftest import BORN
from .test_claims import link_for

pytestmark = pytest.mark.django_db
NOT_HELD = "mais le registre des diplômés ne la connaît pas"


def register(
    client, run_jobs_here, mailoutbox, *, email, last="Moreau-Dupuis", first="Léa", born=BORN
):
    mailoutbox.clear()
    response = client.post(
        reverse("graduates:register"),
        {"last_name": last, "first_name": first, "birth_date": born.isoformat(), "email": email},
    )
    assert response.status_code == 302  # the same page, whatever the registry holds
    run_jobs_here()
    [mail] = mailoutbox
    assert mail.to == [email]
    return mail, RegistrationLink.objects.get(email=email)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("tom.girard@etu.univ-demo.fr", True),
        ("Tom.Girard@ETU.Univ-Demo.FR", True),
        ("tom@labo.etu.univ-demo.fr", True),  # a subdomain
        ("tom@univ-demo.fr", False),  # the staff's domain, not listed
        ("tom@evil-etu.univ-demo.fr", False),  # ends alike, is not a subdomain
        ("tom@etu.univ-demo.fr.evil.example", False),
        ("tom.girard@gmail.com", False),
    ],
)
def test_an_address_is_institutional_in_the_listed_domains_only(address, expected):
    with override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr"]):
        assert is_institutional(address) is expected


def test_no_domain_listed_means_no_address_is_institutional():
    with override_settings(INSTITUTIONAL_EMAIL_DOMAINS=[]):
        assert not is_institutional("tom.girard@etu.univ-demo.fr")


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr"])
def test_a_university_address_the_registry_holds_opens_the_account_at_once(
    client, registry, run_jobs_here, mailoutbox
):
    mail, link = register(
        client,
        run_jobs_here,
        mailoutbox,
        email="tom.girard@etu.univ-demo.fr",
        last="Girard",
        first="Tom",
        born=date(2001, 1, 2),
    )
    assert link.route == RegistrationLink.INSTITUTIONAL
    assert link.entry_ids == [registry["tom"].pk]
    assert mail.subject == "Votre compte diplômé : choisissez votre mot de passe"
    assert NOT_HELD not in mail.body


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.autre-univ.fr"])
def test_an_address_the_registry_holds_outside_the_domains_is_checked_by_hand(
    client, registry, run_jobs_here, mailoutbox
):
    """The setting says which mailboxes are the university's: outside its domains, an
    address proves nothing, whatever the registry's column holds."""
    mail, link = register(
        client,
        run_jobs_here,
        mailoutbox,
        email="tom.girard@etu.univ-demo.fr",
        last="Girard",
        first="Tom",
        born=date(2001, 1, 2),
    )
    assert link.route == RegistrationLink.FOUND  # by name and date: a moderator checks
    assert NOT_HELD not in mail.body


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr"])
def test_a_university_address_the_registry_does_not_hold_gets_a_clear_next_step(
    client, registry, run_jobs_here, mailoutbox
):
    """Léa's registry rows hold no address; her name and date still find them."""
    mail, link = register(
        client, run_jobs_here, mailoutbox, email="lea.moreau-dupuis@etu.univ-demo.fr"
    )
    assert link.route == RegistrationLink.FOUND
    assert mail.subject == "Votre inscription de diplômé : choisissez votre diplôme"
    body = " ".join(mail.body.split())
    assert (
        "Votre inscription utilise une adresse de l’université "
        "(lea.moreau-dupuis@etu.univ-demo.fr), mais le registre des diplômés ne la connaît "
        "pas : votre compte ne peut pas être ouvert immédiatement." in body
    )
    assert "le service d’insertion professionnelle vérifie votre demande" in body
    html = mail.alternatives[0][0]
    assert NOT_HELD in " ".join(html.split())


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr"])
def test_a_university_address_of_nobody_in_the_registry_leads_to_the_full_request(
    client, registry, run_jobs_here, mailoutbox
):
    mail, link = register(
        client,
        run_jobs_here,
        mailoutbox,
        email="hugo.lambert@etu.univ-demo.fr",
        last="Lambert",
        first="Hugo",
        born=date(1999, 4, 4),
    )
    assert link.route == RegistrationLink.ABSENT
    assert NOT_HELD in " ".join(mail.body.split())


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr"])
def test_a_personal_address_is_not_told_about_university_addresses(
    client, registry, run_jobs_here, mailoutbox
):
    mail, link = register(client, run_jobs_here, mailoutbox, email="lea@exemple.fr")
    assert link.route == RegistrationLink.FOUND
    assert NOT_HELD not in " ".join(mail.body.split())


@override_settings(INSTITUTIONAL_EMAIL_DOMAINS=["etu.univ-demo.fr", "etu.sigma-demo.fr"])
def test_the_registration_page_names_the_university_domains(client):
    page = client.get(reverse("graduates:register")).content.decode()
    assert "(@etu.univ-demo.fr, @etu.sigma-demo.fr)" in page


def test_the_diploma_choice_shows_each_vet_code_with_its_label(client, registry):
    url = link_for(
        RegistrationLink.FOUND, entries=[registry["lea_licence"], registry["lea_master"]]
    )
    page = client.get(url).content.decode()
    for entry in (registry["lea_licence"], registry["lea_master"]):
        label = (
            f"{entry.vet.label} (code VET {entry.vet.code}) — {entry.vet.composante.label}"
            f" — {entry.year_obtained}"
        )
        assert label in page
    assert "(code VET L3INF)" in page and "(code VET M2GL)" in page


def test_the_diploma_choice_reads_in_english_too(client, registry):
    url = link_for(RegistrationLink.FOUND, entries=[registry["lea_master"]])
    client.cookies["django_language"] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(VET code M2GL)" in page
