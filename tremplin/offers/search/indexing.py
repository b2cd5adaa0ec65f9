"""Keep the search projection (`OfferIndex`) in step with the offers (the design:
`tremplin.offers.search`).

The services call `reindex` when an offer is published or changed while published, and
`unindex` when it leaves publication; the demo data calls it for many offers at once. The
worker calls `age` every hour. Vectors are computed by PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from tremplin.offers.models import Offer
from tremplin.offers.search.language import ENGLISH, FRENCH, written_in
from tremplin.offers.search.projection import RECENT_DAYS, TABLE, OfferIndex

_ORGANISATIONS = OfferIndex._meta.get_field("organisation").related_model._meta.db_table
_TEXT = (
    "regexp_replace(coalesce(o.description, '') || ' ' || coalesce(o.candidate_sought, ''),"
    " '<[^>]+>', ' ', 'g')"
)
_PUBLISHED = "coalesce(o.published_at, o.publish_from)"


def _targets(name: str) -> str:
    """SQL of the ids an offer is aimed at through its many-to-many field `name`."""
    link = Offer._meta.get_field(name)
    return (
        f"coalesce((SELECT array_agg(t.{link.m2m_reverse_name()}) FROM {link.m2m_db_table()} t"  # noqa: S608
        f" WHERE t.{link.m2m_column_name()} = o.id), '{{}}')"
    )


# The projection's columns that are not copied from the offer's column of the same name.
_COMPUTED = {
    "offer_id": "o.id",
    "recent": f"{_PUBLISHED} >= now() - %s * interval '1 day'",
    "document": (
        f"setweight(to_tsvector('{FRENCH}', o.title), 'A')"
        f" || setweight(to_tsvector('{ENGLISH}', o.title), 'A')"
        f" || setweight(to_tsvector('{FRENCH}', org.name), 'B')"
        f" || setweight(to_tsvector({written_in(_TEXT)}, {_TEXT}), 'C')"
    ),
    "published_at": _PUBLISHED,
    "composante_ids": _targets("composantes"),
    "vet_ids": _targets("vets"),
}
_COLUMNS = [field.column for field in OfferIndex._meta.concrete_fields]
_REINDEX = (
    f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)})"  # noqa: S608 (names from the models, values as parameters)
    f" SELECT {', '.join(_COMPUTED.get(column, f'o.{column}') for column in _COLUMNS)}"
    f" FROM {Offer._meta.db_table} o JOIN {_ORGANISATIONS} org ON org.id = o.organisation_id"
    " WHERE o.status = %s AND o.id = ANY(%s)"
)


def reindex(offer_ids: Iterable[int]) -> None:
    """Write the projection of these offers if published, remove it otherwise.

    The offers are locked first: two transactions writing the same offer's projection
    one after the other, rather than at once, leave one row and not two (the partitioned
    table cannot hold a unique key on the offer alone).
    """
    ids = sorted(set(offer_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Offer._meta.db_table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE",  # noqa: S608
            [ids],
        )
        cursor.execute(f"DELETE FROM {TABLE} WHERE offer_id = ANY(%s)", [ids])  # noqa: S608
        cursor.execute(_REINDEX, [RECENT_DAYS, Offer.Status.PUBLISHED, ids])


def unindex(offer_ids: Iterable[int]) -> None:
    OfferIndex.objects.filter(offer_id__in=list(offer_ids)).delete()


def age() -> int:
    """Move the offers published more than RECENT_DAYS days ago out of the recent
    partition. Idempotent: late or twice, it moves each offer once."""
    return OfferIndex.objects.filter(
        recent=True, published_at__lt=timezone.now() - timedelta(days=RECENT_DAYS)
    ).update(recent=False)
