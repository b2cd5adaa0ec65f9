"""Every text of an offer has a limit in the services, whoever calls them: a description
of a few megabytes is refused before it is rendered, sanitised or written (the form's
limits: test_recruiter_offers). Security review, issue 10, hole 9."""

import pytest

from tremplin.moderation.models import REASON_MAX_LENGTH
from tremplin.offers import services
from tremplin.offers.models import Application, Offer
from tremplin.offers.services import TextTooLong

pytestmark = pytest.mark.django_db
MEGABYTES = 3 * 1024 * 1024


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("description", 20_000),
        ("candidate_sought", 10_000),
        ("title", 200),
        ("pay", 120),
        ("city", 120),
        ("country", 80),
        ("apply_url", 200),
    ],
)
def test_the_services_refuse_a_text_over_its_limit(offer_details, field, limit):
    offer_details(**{field: "a" * limit})  # at the limit: taken
    with pytest.raises(TextTooLong) as refused:
        offer_details(**{field: "a" * (limit + 1)})
    assert (refused.value.field, refused.value.limit) == (field, limit)


def test_a_recruiter_calling_the_service_with_megabytes_gets_nothing_written(
    sophie, offer_details
):
    with pytest.raises(TextTooLong):
        services.create_offer(
            offer_details(description="**a** " * (MEGABYTES // 6)), acting_user=sophie
        )
    assert not Offer.objects.exists()


def test_an_application_message_over_its_limit_is_refused_by_the_service(
    alice, make_offer, cv_upload
):
    offer = make_offer()
    with pytest.raises(TextTooLong):
        services.apply(offer.pk, acting_user=alice, message="a" * 5001, cv=cv_upload())
    assert not Application.objects.exists()


def test_a_rejection_reason_over_its_limit_is_refused_by_the_service(nina, make_offer):
    offer = make_offer(status=Offer.Status.SUBMITTED)
    with pytest.raises(ValueError, match="characters at most"):
        services.reject_offer(offer.pk, acting_user=nina, reason="a" * (REASON_MAX_LENGTH + 1))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED
