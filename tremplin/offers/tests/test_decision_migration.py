"""Migration 0006 on a database that holds offers: who moderated them is kept, as
`decided_by`, and each decision gets the date its data holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.testing import migrate

BEFORE = [("offers", "0006_offerindex_composite_key")]
AFTER = [("offers", "0007_offer_decision")]


@pytest.mark.django_db(transaction=True)
def test_moderated_offers_keep_their_moderator_and_get_a_decision_date():
    apps = migrate(BEFORE)
    try:
        User = apps.get_model("accounts", "User")
        Organisation = apps.get_model("recruiters", "Organisation")
        Offer = apps.get_model("offers", "Offer")
        nina = User.objects.create(username="cas:nina.conseil", kind="staff")
        biolab = Organisation.objects.create(
            name="BioLab Auvergne",
            siret="41852963200014",
            address="12 rue Blaise Pascal",
            postcode="63000",
            city="Clermont-Ferrand",
            sector="M",
            size="10-49",
        )
        now = timezone.now()
        common = {
            "kind": "stage",
            "description": "<p>Stage</p>",
            "organisation": biolab,
            "city": "Clermont-Ferrand",
            "domain": "sciences",
            "publish_until": now + timedelta(days=30),
        }
        published = Offer.objects.create(
            title="Publiée",
            status="published",
            moderated_by=nina,
            published_at=now - timedelta(days=3),
            **common,
        )
        rejected = Offer.objects.create(
            title="Refusée", status="rejected", moderated_by=nina, **common
        )
        draft = Offer.objects.create(title="Brouillon", status="draft", **common)

        Offer = migrate(AFTER).get_model("offers", "Offer")
        published = Offer.objects.get(pk=published.pk)
        assert published.decided_by_id == nina.pk
        assert published.decided_at == published.published_at
        rejected = Offer.objects.get(pk=rejected.pk)
        assert rejected.decided_by_id == nina.pk
        assert rejected.decided_at == rejected.updated_at
        draft = Offer.objects.get(pk=draft.pk)
        assert (draft.decided_by_id, draft.decided_at) == (None, None)
    finally:
        migrate()
