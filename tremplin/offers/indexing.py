"""Keep the search projection (`OfferIndex`) in step with the offers.

Vectors are computed by PostgreSQL, accents folded: the title analysed in French and in
English (weight A), the organisation (B), the description and the profile (C) analysed
in the language they are written in — analysing a French text as English too would
double the vector for nothing. The services call `reindex` when an offer is published or
changed while published, and `unindex` when it leaves publication; the demo data calls
it for many offers at once. An hourly job calls `age`, which moves the offers that are no
longer recent to the projection's other partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from tremplin.offers.models import Offer, OfferIndex

_TEXT = (
    "regexp_replace(coalesce(o.description, '') || ' ' || coalesce(o.profile, ''),"
    " '<[^>]+>', ' ', 'g')"
)
# English when it reads like English and not like French; French otherwise.
_LANGUAGE = (
    f"(CASE WHEN {_TEXT} ~* '\\m(the|and|you|with|our)\\M'"
    f" AND {_TEXT} !~* '\\m(les|des|vous|avec|nous)\\M'"
    " THEN 'tremplin_en' ELSE 'tremplin_fr' END)::regconfig"
)
_DOCUMENT = (
    "setweight(to_tsvector('tremplin_fr', o.title), 'A')"
    " || setweight(to_tsvector('tremplin_en', o.title), 'A')"
    " || setweight(to_tsvector('tremplin_fr', org.name), 'B')"
    f" || setweight(to_tsvector({_LANGUAGE}, {_TEXT}), 'C')"
)
_TARGETS = (
    "coalesce((SELECT array_agg(t.{column}) FROM offers_offer_{table} t"
    " WHERE t.offer_id = o.id), '{{}}')"
)
_REINDEX = f"""
INSERT INTO {OfferIndex._meta.db_table} (
    offer_id, document, published_at, publish_from, publish_until, kind, departement, city,
    remote, level, domain, organisation_id, start_date, duration_months, audience,
    composante_ids, vet_ids, recent)
SELECT o.id, {_DOCUMENT},
    coalesce(o.published_at, o.publish_from), o.publish_from, o.publish_until, o.kind,
    o.departement, o.city, o.remote, o.level, o.domain, o.organisation_id, o.start_date,
    o.duration_months, o.audience,
    {_TARGETS.format(column="composante_id", table="composantes")},
    {_TARGETS.format(column="vet_id", table="vets")},
    coalesce(o.published_at, o.publish_from) >= now() - %s * interval '1 day'
FROM {Offer._meta.db_table} o JOIN recruiters_organisation org ON org.id = o.organisation_id
WHERE o.status = 'published' AND o.id = ANY(%s)
"""  # noqa: S608 (table names from the models, values as parameters)


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
        cursor.execute(
            f"DELETE FROM {OfferIndex._meta.db_table} WHERE offer_id = ANY(%s)",  # noqa: S608
            [ids],
        )
        cursor.execute(_REINDEX, [OfferIndex.RECENT_DAYS, ids])


def unindex(offer_ids: Iterable[int]) -> None:
    OfferIndex.objects.filter(offer_id__in=list(offer_ids)).delete()


def age() -> int:
    """Move the offers published more than RECENT_DAYS days ago out of the recent
    partition. Idempotent: late or twice, it moves each offer once."""
    return OfferIndex.objects.filter(
        recent=True, published_at__lt=timezone.now() - timedelta(days=OfferIndex.RECENT_DAYS)
    ).update(recent=False)
