"""Applications and their CVs are deleted when their time is up, whatever state the offer
was left in."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tremplin import testing
from tremplin.lib.retention import purge
from tremplin.offers.models import Application, Offer

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def offer_left(status: str, *, days_ago: int) -> Offer:
    """An offer in `status`, last changed `days_ago` days ago."""
    offer = Offer.objects.create(
        title="Stage",
        kind=Offer.Kind.INTERNSHIP,
        description="x",
        organisation=testing.organisation(),
        city="Lyon",
        domain=Offer.Domain.IT,
        publish_until=NOW,
        status=status,
    )
    Offer.objects.filter(pk=offer.pk).update(updated_at=NOW - timedelta(days=days_ago))
    return offer


def application_to(offer: Offer) -> Application:
    application = Application(offer=offer, candidate=testing.student(), message="Bonjour")
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    return application


def test_applications_and_their_cvs_go_a_year_after_the_offer_closed(
    django_capture_on_commit_callbacks,
):
    application = application_to(offer_left(Offer.Status.EXPIRED, days_ago=400))
    path = application.cv.path

    with django_capture_on_commit_callbacks(execute=True):
        assert purge(NOW).applications == 1
    assert not Application.objects.exists()
    assert not Path(path).exists()


@pytest.mark.parametrize(
    "status",
    [
        Offer.Status.REJECTED,  # edited back to moderation, then rejected
        Offer.Status.SUBMITTED,  # edited back to moderation and left there
        Offer.Status.DRAFT,
        Offer.Status.FILLED,
        Offer.Status.ARCHIVED,
    ],
)
def test_an_offer_left_out_of_the_search_loses_its_applications_a_year_later(status):
    left_long_ago = application_to(offer_left(status, days_ago=366))
    left_recently = application_to(offer_left(status, days_ago=200))

    assert purge(NOW).applications == 1
    assert list(Application.objects.all()) == [left_recently]
    assert not Application.objects.filter(pk=left_long_ago.pk).exists()


def test_a_published_offer_keeps_its_applications():
    published = application_to(offer_left(Offer.Status.PUBLISHED, days_ago=400))

    assert purge(NOW).applications == 0
    assert list(Application.objects.all()) == [published]
