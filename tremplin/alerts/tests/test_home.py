"""Each kind of person's home once signed in, instead of the ways in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.offers.models import Application, Favourite, Offer

pytestmark = pytest.mark.django_db

HOME = reverse("pages:home")


def test_anonymous_visitors_see_the_ways_in(client):
    assert "Connexion personnels" in client.get(HOME).content.decode()


def test_a_student_sees_new_matching_offers_applications_favourites_and_alerts(
    client, alice, offer, search_profile
):
    search_profile(alice, kinds=["stage"], alert_frequency="daily")
    wanted = offer("Stage chimiste", kind="stage")
    offer("CDI juriste", kind="cdi")
    applied = offer("Stage déjà candidaté", kind="stage")
    Application.objects.create(offer=applied, candidate=alice, message="Bonjour")
    liked = offer("Thèse aimée", kind="these")
    Favourite.objects.create(user=alice, offer=liked)
    client.force_login(alice)
    page = client.get(HOME).content.decode()
    assert "Connexion personnels" not in page
    assert "Nouvelles offres pour vous" in page
    assert f'href="/offres/{wanted.pk}/">Stage chimiste' in page
    assert "CDI juriste" not in page
    assert "Stage déjà candidaté" in page and "Reçue" in page  # the application, its state
    assert "Thèse aimée" in page
    assert "Mon profil de recherche : Chaque jour" in page.replace("\xa0", " ").replace(
        "profil de recherche: ", "profil de recherche : "
    )


def test_the_offers_are_those_since_the_previous_visit(client, alice, offer, search_profile):
    profile = search_profile(alice)
    seen = offer("Vue la dernière fois", published_at=timezone.now() - timedelta(hours=5))
    profile.visited_at = timezone.now() - timedelta(hours=2)
    profile.save()
    new = offer("Nouvelle", published_at=timezone.now() - timedelta(minutes=30))
    client.force_login(alice)
    page = client.get(HOME).content.decode()
    assert new.title in page and seen.title not in page
    # a reload a minute later is the same visit
    assert new.title in client.get(HOME).content.decode()


def test_a_student_without_profile_is_invited_to_set_one(client, alice):
    client.force_login(alice)
    assert reverse("alerts:search_profile") in client.get(HOME).content.decode()


def test_a_recruiter_sees_her_offers_new_applications_drafts_and_expiring(
    client, sophie, alice, bob, make_offer
):
    now = timezone.now()
    published = make_offer("Publiée", publish_until=now + timedelta(days=3))
    Application.objects.create(offer=published, candidate=alice, message="Bonjour")
    answered = Application.objects.create(offer=published, candidate=bob, message="Bonjour")
    answered.set_status(Application.Status.SHORTLISTED)
    answered.save()
    make_offer("Mon brouillon", status=Offer.Status.DRAFT)
    client.force_login(sophie)
    page = client.get(HOME).content.decode()
    assert "Publiée" in page and "1 nouvelle candidature" in page
    assert "Mon brouillon" in page
    assert "Offres sur le point d’expirer" in page


def test_a_recruiter_sees_nothing_of_another_organisation(client, marc, make_offer):
    make_offer("Offre de BioLab", status=Offer.Status.DRAFT)
    client.force_login(marc)
    assert "Offre de BioLab" not in client.get(HOME).content.decode()


def test_staff_see_their_queues_with_the_oldest_age(client, claire, david, sci, make_offer):
    make_offer(
        "À modérer",
        status=Offer.Status.SUBMITTED,
        composantes=[sci],
        submitted_at=timezone.now() - timedelta(days=3),
    )
    client.force_login(claire)
    page = client.get(HOME).content.decode().replace("\xa0", " ")
    assert "1 en attente" in page and "depuis 3 jours" in page
    client.force_login(david)  # responsable of DRT: not in his scope
    page = client.get(HOME).content.decode()
    assert "1 en attente" not in page


def test_an_administrator_sees_the_recruiters_queue(client):
    testing.signed_in_administrator(client)
    page = client.get(HOME).content.decode()
    assert "Inscriptions de recruteurs" in page or "recruteur" in page
