"""Applications and their CVs are deleted when their time is up."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tremplin import testing
from tremplin.lib.retention import purge
from tremplin.offers.models import Application, Offer

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_applications_and_their_cvs_go_a_year_after_the_offer_closed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = testing.organisation()
    candidate = testing.student()
    closed = Offer.objects.create(
        title="Stage",
        kind=Offer.Kind.INTERNSHIP,
        description="x",
        organisation=organisation,
        city="Lyon",
        domain=Offer.Domain.IT,
        publish_until=NOW,
        status=Offer.Status.EXPIRED,
    )
    Offer.objects.filter(pk=closed.pk).update(updated_at=NOW - timedelta(days=400))
    application = Application(offer=closed, candidate=candidate, message="Bonjour")
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    path = application.cv.path

    assert purge(NOW).applications == 1
    assert not Application.objects.exists()
    assert not (tmp_path / path).exists()
