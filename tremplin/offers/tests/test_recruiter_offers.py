"""Recruiters whose account is open write offers for their organisation: Markdown or
simple HTML, sanitised; the département follows from the postcode."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.offers.models import Offer
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db
S = Offer.Status


def typed(**changes) -> dict:
    """What Sophie types for an internship in her lab."""
    today = timezone.localdate()
    return {
        "title": "Stage en laboratoire de biologie moléculaire",
        "kind": "stage",
        "description": "Au sein de **BioLab**, vous réaliserez :\n\n- des analyses\n- des "
        "prélèvements\n\n<script>alert('x')</script><img src=x onerror=alert(1)>",
        "candidate_sought": "Master 1 ou 2 en biologie.",
        "city": "Aubière",
        "postcode": "63170",
        "country": "France",
        "remote": "none",
        "start_date": (today + timedelta(days=60)).isoformat(),
        "duration_months": "6",
        "pay": "Gratification légale",
        "level": "bac5",
        "domain": "sciences",
        "languages": ["fr", "en"],
        "apply_by": "platform",
        "audience": "everyone",
        "publish_from": today.isoformat(),
        "publish_until": (today + timedelta(days=45)).isoformat(),
        **changes,
    }


def test_sophie_writes_a_draft_sanitised_with_its_departement(client, sophie, biolab):
    client.force_login(sophie)
    assert client.get(reverse("offers:create")).status_code == 200
    response = client.post(reverse("offers:create"), typed(draft="1"))
    assert response["Location"] == reverse("offers:recruiter_offers")
    offer = Offer.objects.get()
    assert (offer.status, offer.organisation, offer.created_by) == (S.DRAFT, biolab, sophie)
    assert offer.departement == "63"
    assert "<strong>BioLab</strong>" in offer.description
    assert "<li>des analyses</li>" in offer.description
    assert "<script" not in offer.description and "onerror" not in offer.description
    assert offer.candidate_sought == "<p>Master 1 ou 2 en biologie.</p>"
    assert offer.languages == ["fr", "en"]
    assert timezone.localtime(offer.publish_until).time().hour == 23
    assert AuditEntry.objects.get(action="offer.created").actor == sophie


def test_sophie_submits_her_offer_at_once(client, sophie):
    client.force_login(sophie)
    response = client.post(reverse("offers:create"), typed(submit="1"), follow=True)
    assert Offer.objects.get().status == S.SUBMITTED
    assert "est transmise au service d’insertion professionnelle pour modération" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "6317"}, "postcode", "Un code postal français a 5 chiffres."),
        ({"apply_by": "url"}, "apply_url", "Indiquez l’adresse de la page où candidater."),
        ({"apply_by": "email"}, "apply_email", "Indiquez l’adresse à laquelle écrire."),
        (
            {"publish_until": "2020-01-01", "publish_from": "2019-12-01"},
            "publish_until",
            "Cette date est déjà passée.",
        ),
        ({"duration_months": "99"}, "duration_months", "Indiquez une durée de 1 à 60 mois."),
    ],
    ids=["postcode", "apply-url", "apply-email", "past-window", "duration"],
)
def test_the_form_says_what_is_wrong(client, sophie, changes, field, message):
    client.force_login(sophie)
    page = client.post(reverse("offers:create"), typed(**changes)).content.decode()
    assert message in page
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("description", 20_000), ("candidate_sought", 10_000), ("title", 200), ("pay", 120)],
)
def test_the_form_refuses_a_text_over_its_limit(client, sophie, field, limit):
    client.force_login(sophie)
    assert client.post(reverse("offers:create"), typed(**{field: "a" * limit})).status_code == 302
    page = client.post(reverse("offers:create"), typed(**{field: "a" * (limit + 1)}))
    assert page.status_code == 200
    assert f"au plus {limit} caractères (actuellement {limit + 1})" in page.content.decode()
    assert Offer.objects.count() == 1


def test_the_form_refuses_a_description_of_megabytes(client, sophie):
    client.force_login(sophie)
    page = client.post(reverse("offers:create"), typed(description="a" * 3 * 1024 * 1024))
    assert "au plus 20000 caractères" in page.content.decode()
    assert not Offer.objects.exists()


def test_the_form_tells_the_browser_the_limits(client, sophie):
    client.force_login(sophie)
    page = client.get(reverse("offers:create")).content.decode()
    assert 'maxlength="20000"' in page and 'maxlength="10000"' in page


def test_a_foreign_postcode_has_no_departement(client, sophie):
    client.force_login(sophie)
    client.post(reverse("offers:create"), typed(country="Belgique", postcode="1000", draft="1"))
    assert Offer.objects.get().departement == ""


def test_sophie_corrects_a_rejected_offer_and_submits_it_again(client, sophie, make_offer):
    offer = make_offer("Stage refusé", status=S.REJECTED, rejection_reason="Pas de dates.")
    client.force_login(sophie)
    page = client.get(reverse("offers:edit", args=[offer.pk])).content.decode()
    assert "Pas de dates." in page
    client.post(reverse("offers:edit", args=[offer.pk]), typed(title="Stage corrigé", submit="1"))
    offer.refresh_from_db()
    assert (offer.title, offer.status, offer.rejection_reason) == (
        "Stage corrigé",
        S.SUBMITTED,
        "",
    )


def test_editing_a_published_offer_warns_it_goes_back_to_moderation(client, sophie, make_offer):
    offer = make_offer("Stage publié")
    client.force_login(sophie)
    page = client.get(reverse("offers:edit", args=[offer.pk])).content.decode()
    assert "elle retourne en modération" in page
    client.post(reverse("offers:edit", args=[offer.pk]), typed(title="Stage publié modifié"))
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Stage publié modifié", S.SUBMITTED)


def test_a_trusted_organisation_is_not_warned_its_published_offer_leaves_the_search(
    client, sophie, biolab, make_offer
):
    biolab.trusted = True
    biolab.save()
    offer = make_offer("Stage publié")
    client.force_login(sophie)
    page = client.get(reverse("offers:edit", args=[offer.pk])).content.decode()
    assert "elle retourne en modération" not in page
    client.post(reverse("offers:edit", args=[offer.pk]), typed(title="Stage publié modifié"))
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Stage publié modifié", S.PUBLISHED)


def test_a_closed_offer_cannot_be_changed(client, sophie, make_offer):
    offer = make_offer("Stage pourvu", status=S.FILLED)
    client.force_login(sophie)
    response = client.post(reverse("offers:edit", args=[offer.pk]), typed(title="Autre"))
    assert response["Location"] == reverse("offers:recruiter_offers")
    offer.refresh_from_db()
    assert offer.title == "Stage pourvu"


def test_the_list_shows_only_the_organisations_offers(client, sophie, marc, make_offer):
    make_offer("Stage de BioLab")
    make_offer("Stage de l’Atelier", organisation=marc.recruiter.organisation)
    client.force_login(sophie)
    page = client.get(reverse("offers:recruiter_offers")).content.decode()
    assert "Stage de BioLab" in page and "Stage de l’Atelier" not in page


@pytest.mark.parametrize("status", [Recruiter.Status.PENDING, Recruiter.Status.AWAITING_EMAIL])
def test_a_recruiter_not_accepted_yet_writes_no_offer(client, status):
    waiting = testing.recruiter("attente@exemple.fr", status=status)
    waiting.is_active = True  # even if the account were open by mistake
    waiting.save()
    client.force_login(waiting)
    assert client.get(reverse("offers:recruiter_offers")).status_code == 404
    assert client.post(reverse("offers:create"), typed()).status_code == 404
    assert not Offer.objects.exists()


def test_students_get_404_on_the_recruiter_space(client, alice):
    client.force_login(alice)
    assert client.get(reverse("offers:recruiter_offers")).status_code == 404
    assert client.get(reverse("offers:create")).status_code == 404


def test_the_recruiter_space_links_to_the_offers(client, sophie):
    client.force_login(sophie)
    page = client.get(reverse("recruiters:home")).content.decode()
    assert f'href="{reverse("offers:recruiter_offers")}"' in page
    assert f'href="{reverse("offers:create")}"' in page
