"""Only a verified address identifies somebody. Anyone signed in may type any address
into "Mon profil → Gérer mes adresses électroniques": such an address, never proven,
must not make its owner a stranger to their own account or registration, nor send them
somebody else's links. (The registrations' side: graduates' and recruiters' tests.)"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from devcas.testing import service_ticket
from tremplin import testing
from tremplin.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture
def squatter(db):
    """Marc, a student, who types other people's addresses into his profile."""
    return testing.student("marc.squat")


def test_an_address_another_account_verified_is_not_added_and_its_owner_is_told(squatter, mails):
    lea = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")

    said_for_lea = testing.add_address(squatter, "Lea@Exemple.fr")
    said_for_a_free_address = testing.add_address(squatter, "personne@exemple.fr")

    assert not EmailAddress.objects.filter(user=squatter, email="lea@exemple.fr").exists()
    assert EmailAddress.objects.get(email="lea@exemple.fr").user == lea
    # The page says what it says for any address: nothing tells who owns which.
    assert said_for_lea == ["E-mail de confirmation envoyé à lea@exemple.fr."]
    assert said_for_a_free_address == ["E-mail de confirmation envoyé à personne@exemple.fr."]
    to_lea, to_free = mails()
    assert to_lea.to == ["lea@exemple.fr"]
    assert to_lea.subject == "Votre adresse électronique a été saisie sur le career center"
    assert "c’est déjà l’adresse de votre compte" in to_lea.text
    assert "/compte/confirm-email/" not in to_lea.text  # nothing to confirm for Marc
    assert to_free.to == ["personne@exemple.fr"]
    assert "/compte/confirm-email/" in to_free.text


def test_forgot_password_for_a_squatted_address_mails_nobody(client, mails):
    marc = testing.user(User.Kind.GRADUATE, email="marc.perso@exemple.fr")
    marc.set_password(PASSWORD)
    marc.save()
    testing.add_address(marc, "ines@exemple.fr")
    before = len(mails())

    response = client.post(reverse("account_reset_password"), {"email": "ines@exemple.fr"})

    assert response.status_code == 302
    assert len(mails()) == before  # no reset link for Marc's account in Inès's mailbox


def test_the_ent_records_its_address_even_when_someone_typed_it_first(squatter, client, cas):
    testing.vet("L3INF", "SCI")
    testing.add_address(squatter, "alice.martin@etu.univ-demo.fr")
    service = "http://testserver/compte/ent/?next=%2F"
    ticket = service_ticket(cas, "alice.martin", service)

    client.get(reverse("accounts:cas_login"), {"next": "/", "ticket": ticket})

    alice = User.objects.get(identities__uid="alice.martin")
    [address] = EmailAddress.objects.filter(email="alice.martin@etu.univ-demo.fr")
    assert (address.user, address.verified, address.primary) == (alice, True, True)
