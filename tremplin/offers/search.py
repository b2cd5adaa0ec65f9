"""The offer search: PostgreSQL full-text search in French and English, filters, facets.

It reads the narrow `OfferIndex` projection, never the wide offers table, and bounds its
work whatever the query:

- the matches are gathered newest first, window of publication date by window (the
  last day, then the three days before…), each window through the GIN index of the text
  and the B-tree indexes of the filters, until `CAP` + 1 matches are found or the
  windows are exhausted. A broad query ("stage") stops in the first window; a narrow one
  reads every window, each cheaply;
- when there are at most `CAP` matches, the count and the facet counts are exact; beyond,
  the page says "more than 500" and the facets count the 500 most recent matches;
- relevance ranks those candidates by the weighted document (title, then organisation,
  then text), reading only their vectors;
- the page's 20 offers are then read in full.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tremplin.offers.models import Offer, OfferIndex, targeting_filter

PAGE_SIZE = 20
CAP = 500
WINDOWS_DAYS = (1, 2, 4, 8, 16, 32, 64, None)  # None: everything older
FR, EN = "tremplin_fr", "tremplin_en"
FACETS = ("kind", "departement", "remote", "level", "domain")
SORTS = ("relevance", "newest", "start")


@dataclass
class Criteria:
    """What a searcher asked for, read from the query string (shareable URLs)."""

    q: str = ""
    kinds: list[str] = field(default_factory=list)
    departement: str = ""
    city: str = ""
    remote: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    organisation: int | None = None
    start_after: date | None = None
    max_duration: int | None = None
    since_days: int | None = None
    sort: str = "relevance"
    page: int = 1


@dataclass
class Results:
    offers: list[Offer]
    total: int  # exact when `exact`, else at least CAP + 1
    exact: bool
    facets: dict[str, list[tuple[str, int]]]
    page: int
    pages: int


def text_query(q: str) -> SearchQuery:
    """The words as people type them (quotes, or, -exclusion), in French or in English."""
    return SearchQuery(q, config=FR, search_type="websearch") | SearchQuery(
        q, config=EN, search_type="websearch"
    )


def matching(user, criteria: Criteria) -> QuerySet[OfferIndex]:
    now = timezone.now()
    rows = OfferIndex.objects.filter(
        targeting_filter(user), publish_from__lte=now, publish_until__gte=now
    )
    if criteria.q.strip():
        rows = rows.filter(document=text_query(criteria.q))
    filters = Q()
    if criteria.kinds:
        filters &= Q(kind__in=criteria.kinds)
    if criteria.departement:
        filters &= Q(departement=criteria.departement)
    if criteria.city:
        filters &= Q(city__iexact=criteria.city)
    if criteria.remote:
        filters &= Q(remote__in=criteria.remote)
    if criteria.levels:
        filters &= Q(level__in=criteria.levels)
    if criteria.domains:
        filters &= Q(domain__in=criteria.domains)
    if criteria.organisation:
        filters &= Q(organisation_id=criteria.organisation)
    if criteria.start_after:
        filters &= Q(start_date__gte=criteria.start_after)
    if criteria.max_duration:
        filters &= Q(duration_months__lte=criteria.max_duration)
    if criteria.since_days:
        filters &= Q(published_at__gte=now - timedelta(days=criteria.since_days))
    return rows.filter(filters)


_COLUMNS = ("offer_id", "published_at", "start_date", *FACETS)


def candidates(rows: QuerySet[OfferIndex]) -> list[tuple]:
    """Up to CAP + 1 matches, newest first, gathered window by window in one statement.

    The windows are the branches of a UNION ALL under a LIMIT: PostgreSQL runs them in
    order and stops as soon as the LIMIT is reached, so a broad query reads the newest
    offers only and a narrow one reads every window, each through its indexes.
    """
    try:
        base, base_params = rows.values_list(*_COLUMNS).query.sql_with_params()
    except EmptyResultSet:  # nobody may see anything (not a student or a graduate)
        return []
    now = timezone.now()
    bounds = [now - timedelta(days=days) if days else None for days in WINDOWS_DAYS]
    branches, params = [], []
    for upper, lower in zip([None, *bounds], bounds, strict=False):
        conditions, window = [], []
        if upper is not None:
            conditions.append("c.published_at < %s")
            window.append(upper)
        if lower is not None:
            conditions.append("c.published_at >= %s")
            window.append(lower)
        branches.append(
            f"(SELECT c.* FROM ({base}) c WHERE {' AND '.join(conditions) or 'true'}"  # noqa: S608
            f" ORDER BY c.published_at DESC, c.offer_id DESC LIMIT {CAP + 1})"
        )
        params += [*base_params, *window]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches) + f" LIMIT {CAP + 1}", params)
        return cursor.fetchall()


def facet_counts(found: list[tuple]) -> dict[str, list[tuple[str, int]]]:
    facets = {}
    for position, name in enumerate(FACETS, start=3):
        counts = Counter(row[position] for row in found if row[position])
        facets[name] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return facets


def in_order(found: list[tuple], criteria: Criteria) -> list[int]:
    """The candidates' ids in the order asked for."""
    if criteria.sort == "start":
        never = date.max
        found = sorted(found, key=lambda row: (row[2] or never, -row[1].timestamp(), -row[0]))
    elif criteria.sort == "relevance" and criteria.q.strip() and found:
        ranks = dict(
            OfferIndex.objects.filter(offer_id__in=[row[0] for row in found])
            .annotate(rank=SearchRank(F("document"), text_query(criteria.q)))
            .values_list("offer_id", "rank")
        )
        found = sorted(found, key=lambda r: (-ranks.get(r[0], 0), -r[1].timestamp(), -r[0]))
    return [row[0] for row in found]


def search(user, criteria: Criteria) -> Results:
    found = candidates(matching(user, criteria))
    exact = len(found) <= CAP
    found = found[:CAP]
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = max(1, min(criteria.page, pages))
    start = (page - 1) * PAGE_SIZE
    ids = in_order(found, criteria)[start : start + PAGE_SIZE]
    by_id = Offer.objects.select_related("organisation").in_bulk(ids)
    return Results(
        offers=[by_id[i] for i in ids if i in by_id],
        total=len(found) if exact else CAP + 1,
        exact=exact,
        facets=facet_counts(found),
        page=page,
        pages=pages,
    )
