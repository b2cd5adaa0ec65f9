"""`OfferIndex`, the projection of the published offers that the search reads (the design:
`tremplin.offers.search`).

Defined here, with the rest of the search, and imported by `offers.models` so that Django
registers it in the offers app. It names the offers and organisations by their labels
rather than importing them: `offers.models` imports this module while it loads.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper

RECENT_DAYS = 14  # how long an offer stays in the recent partition


class OfferIndex(models.Model):
    """One row per published offer: its text vector and the columns the filters, the facets
    and the targeting read. A column named as one of the offer's is copied from it by
    `indexing.reindex`; the others are computed there. The primary key is that of the
    partitioned table, (offer, recent): see "The key" in `tremplin.offers.search`.
    """

    pk = models.CompositePrimaryKey("offer", "recent")
    # The primary key's index starts with the offer: no index of its own.
    offer = models.ForeignKey("offers.Offer", models.CASCADE, related_name="index", db_index=False)
    # Published less than RECENT_DAYS days ago when written or last aged: the partition key.
    recent = models.BooleanField()
    document = SearchVectorField()
    published_at = models.DateTimeField()
    publish_from = models.DateTimeField()
    publish_until = models.DateTimeField()
    kind = models.CharField(max_length=16)
    departement = models.CharField(max_length=3)
    city = models.CharField(max_length=120)
    remote = models.CharField(max_length=8)
    level = models.CharField(max_length=8)
    domain = models.CharField(max_length=16)
    organisation = models.ForeignKey(
        "recruiters.Organisation", models.CASCADE, related_name="+", db_index=False
    )
    start_date = models.DateField(null=True)
    duration_months = models.PositiveSmallIntegerField(null=True)
    audience = models.CharField(max_length=10)
    public = models.BooleanField(default=False)
    composante_ids = ArrayField(models.IntegerField(), default=list)
    vet_ids = ArrayField(models.IntegerField(), default=list)

    class Meta:
        indexes = [
            GinIndex(fields=["document"], name="offerindex_document_gin"),
            models.Index(fields=["-published_at"], name="offerindex_published_idx"),
            # The public offers, newest first: what a visitor who is not signed in walks.
            models.Index(
                fields=["-published_at"],
                name="offerindex_public_idx",
                condition=models.Q(public=True),
            ),
            # Each filter's own index, so PostgreSQL can AND it with the text's bitmap, and
            # walk the newest offers of a type or a département when there are no words.
            models.Index(fields=["kind", "-published_at"], name="offerindex_kind_idx"),
            models.Index(fields=["departement", "-published_at"], name="offerindex_dep_idx"),
            models.Index(fields=["remote", "-published_at"], name="offerindex_remote_idx"),
            models.Index(fields=["level", "-published_at"], name="offerindex_level_idx"),
            models.Index(fields=["domain", "-published_at"], name="offerindex_domain_idx"),
            models.Index(fields=["organisation", "-published_at"], name="offerindex_org_idx"),
            models.Index(Upper("city"), name="offerindex_city_idx"),
            models.Index(fields=["start_date"], name="offerindex_start_idx"),
            models.Index(fields=["duration_months"], name="offerindex_duration_idx"),
        ]

    def __str__(self) -> str:
        return f"index of offer {self.offer_id}"


TABLE = OfferIndex._meta.db_table
