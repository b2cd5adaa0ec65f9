"""The recruiter confirms their e-mail address; the registration reaches the administrators."""

from datetime import timedelta
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(register, mails):
    register()
    return mails()[0].link("confirmation")


def test_the_link_shows_a_page_and_confirms_nothing_by_itself(client, link):
    page = client.get(link).content.decode()

    assert "Confirmez votre adresse électronique" in page
    assert "lea.durand@atelier-numerique.example" in page and "Atelier Numérique" in page
    assert Recruiter.objects.get().status == Recruiter.Status.AWAITING_EMAIL
    assert not EmailAddress.objects.get().verified


def test_confirming_the_address_puts_the_registration_in_the_administrators_queue(
    client, link, admin
):
    testing.signed_in_administrator(client, admin)
    assert "Léa Durand" not in client.get(reverse("recruiters:queue")).content.decode()
    client.logout()

    response = client.post(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Votre adresse électronique est confirmée" in page
    assert "attend maintenant la décision du service d’insertion professionnelle" in page
    registration = Recruiter.objects.get()
    assert registration.status == Recruiter.Status.PENDING
    assert EmailAddress.objects.get(user=registration.user).verified
    assert not registration.user.is_active  # still waiting for the administrators
    assert AuditEntry.objects.filter(action="recruiter.email_confirmed").exists()
    assert list(Recruiter.objects.pending()) == [registration]

    testing.signed_in_administrator(client, admin)
    queue = client.get(reverse("recruiters:queue")).content.decode()
    assert "Léa Durand" in queue and "Atelier Numérique" in queue
    detail = client.get(reverse("recruiters:detail", args=[registration.pk])).content.decode()
    assert "Nouvelle organisation, inscrite avec cette demande." in detail
    assert "version 1, acceptée le" in detail  # the CGU version she accepted
    dashboard = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Inscriptions de recruteurs à valider" in dashboard
    assert "1 inscription de recruteur attend." in dashboard


def test_following_the_link_again_changes_nothing(client, link):
    client.post(link)
    response = client.post(link)
    assert response.status_code == 200
    assert "Votre adresse électronique est confirmée" in response.content.decode()
    assert AuditEntry.objects.filter(action="recruiter.email_confirmed").count() == 1


def test_an_unconfirmed_registration_is_not_in_the_queue(client, link, admin):
    testing.signed_in_administrator(client, admin)
    assert "Aucune inscription de recruteur n’attend." in (
        client.get(reverse("recruiters:queue")).content.decode()
    )
    assert not Recruiter.objects.pending().exists()


def test_a_tampered_link_is_refused(client, link):
    response = client.post(link.replace("/confirmation/", "/confirmation/x"))
    assert response.status_code == 404
    assert "Ce lien ne fonctionne plus" in response.content.decode()
    assert Recruiter.objects.get().status == Recruiter.Status.AWAITING_EMAIL


def test_a_link_older_than_three_days_has_expired(client, link):
    four_days_later = timezone.now() + timedelta(days=4)
    with mock.patch("django.utils.timezone.now", return_value=four_days_later):
        response = client.post(link)

    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert Recruiter.objects.get().status == Recruiter.Status.AWAITING_EMAIL
