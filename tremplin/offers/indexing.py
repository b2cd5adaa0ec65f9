"""Keep the search projection (`OfferIndex`) in step with the offers.

Vectors are computed by PostgreSQL, accents folded: the title analysed in French and in
English (weight A), the organisation (B), the description and the profile (C) analysed
in the language they are written in — analysing a French text as English too would
double the vector for nothing. The services call `reindex` when an offer is published or
changed while published, and `unindex` when it leaves publication; the demo data calls
it for many offers at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

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
    composante_ids, vet_ids)
SELECT o.id, {_DOCUMENT},
    coalesce(o.published_at, o.publish_from), o.publish_from, o.publish_until, o.kind,
    o.departement, o.city, o.remote, o.level, o.domain, o.organisation_id, o.start_date,
    o.duration_months, o.audience,
    {_TARGETS.format(column="composante_id", table="composantes")},
    {_TARGETS.format(column="vet_id", table="vets")}
FROM {Offer._meta.db_table} o JOIN recruiters_organisation org ON org.id = o.organisation_id
WHERE o.status = 'published' AND o.id = ANY(%s)
ON CONFLICT (offer_id) DO UPDATE SET
    document = EXCLUDED.document, published_at = EXCLUDED.published_at,
    publish_from = EXCLUDED.publish_from, publish_until = EXCLUDED.publish_until,
    kind = EXCLUDED.kind, departement = EXCLUDED.departement, city = EXCLUDED.city,
    remote = EXCLUDED.remote, level = EXCLUDED.level, domain = EXCLUDED.domain,
    organisation_id = EXCLUDED.organisation_id, start_date = EXCLUDED.start_date,
    duration_months = EXCLUDED.duration_months, audience = EXCLUDED.audience,
    composante_ids = EXCLUDED.composante_ids, vet_ids = EXCLUDED.vet_ids
"""  # noqa: S608 (table names from the models, values as parameters)


def reindex(offer_ids: Iterable[int]) -> None:
    """Write the projection of these offers if published, remove it otherwise."""
    ids = list(offer_ids)
    if not ids:
        return
    OfferIndex.objects.filter(offer_id__in=ids).exclude(
        offer__status=Offer.Status.PUBLISHED
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute(_REINDEX, [ids])


def unindex(offer_ids: Iterable[int]) -> None:
    OfferIndex.objects.filter(offer_id__in=list(offer_ids)).delete()
