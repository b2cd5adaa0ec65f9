"""The offer search: PostgreSQL full-text search in French and English, filters, facets.

It reads the narrow `OfferIndex` projection, never the wide offers table, and bounds its
work whatever the query:

- without words, the newest matches are read through a filter's index, which holds its
  offers newest first, until `CAP` + 1 are found;
- with words, they are gathered window of publication date by window (the last day,
  the three days before, the rest of the last two weeks, then everything older), each
  through the text's index of the projection's recent partition, then of the whole,
  until `CAP` + 1 matches are found or the windows are exhausted. A broad query
  ("stage") stops in the first window; a narrow one reads every window, each cheaply;
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

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from tremplin.offers.models import Offer, OfferIndex, targeting_filter

PAGE_SIZE = 20
CAP = 500
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


# What the page needs of each candidate: its id, its date and start as plain numbers
# (cheaper to read than timestamps), the facets' values, its partition; then its relevance.
_CANDIDATE = (
    "c.offer_id, extract(epoch FROM c.published_at)::float8,"
    " coalesce(c.start_date - DATE '2000-01-01', 2147483647), "
    + ", ".join(f"c.{f}" for f in FACETS)
    + ", c.recent"
)


_RANK = (
    f"(SELECT ts_rank(i.document, websearch_to_tsquery('{FR}', %s)"  # noqa: S608
    f" || websearch_to_tsquery('{EN}', %s)) FROM {OfferIndex._meta.db_table} i"
    " WHERE i.offer_id = candidates.offer_id AND i.recent = candidates.recent)"
)


def candidates(user, criteria: Criteria) -> list[tuple]:
    """Up to CAP + 1 matches, newest first.

    Without words, the filters' indexes hold the offers newest first: PostgreSQL walks
    the one that suits and stops after CAP + 1. With words, the matches are gathered
    window of publication date by window in one statement: the windows are the branches
    of a UNION ALL under a LIMIT, which PostgreSQL runs in order and stops as soon as
    the LIMIT is reached. The first windows read only the recent partition, whose text
    index is a fraction of the whole, so a query matching thousands of offers reads
    those of the last days and stops; a narrow one reads each window cheaply.
    """
    text = bool(criteria.q.strip())
    try:
        base, params = matching(user, criteria).query.sql_with_params()
    except EmptyResultSet:  # nobody may see anything (not a student or a graduate)
        return []
    windows: list[tuple[str, list]] = [("true", [])]
    if text:
        now = timezone.now()
        day, days, recent = (now - timedelta(days=n) for n in (1, 4, OfferIndex.RECENT_DAYS))
        # Every offer published after `recent` is in the recent partition (see `indexing`),
        # so the windows come in order; the last one takes every offer the others did not.
        windows = [
            ("c.recent AND c.published_at >= %s", [day]),
            ("c.recent AND c.published_at < %s AND c.published_at >= %s", [day, days]),
            ("c.recent AND c.published_at < %s AND c.published_at >= %s", [days, recent]),
            ("(NOT c.recent OR c.published_at < %s)", [recent]),
        ]
    branches = [
        f"(SELECT {_CANDIDATE} FROM matches c WHERE {where}"  # noqa: S608
        f" ORDER BY c.published_at DESC, c.offer_id DESC LIMIT {CAP + 1})"
        for where, _bounds in windows
    ]
    # Relevance is read for the candidates only, the last column of each.
    ranked = text and criteria.sort == "relevance"
    sql = (
        f"WITH matches AS NOT MATERIALIZED ({base}) "  # noqa: S608 (the ORM's SQL, values as parameters)
        f"SELECT *, {_RANK if ranked else '0'}"
        f" FROM ({' UNION ALL '.join(branches)}) candidates LIMIT {CAP + 1}"
    )
    words = [criteria.q, criteria.q] if ranked else []
    bounds = [bound for _where, window in windows for bound in window]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *words, *bounds])
        return cursor.fetchall()


def facet_counts(found: list[tuple]) -> dict[str, list[tuple[str, int]]]:
    facets = {}
    for position, name in enumerate(FACETS, start=3):
        counts = Counter(row[position] for row in found if row[position])
        facets[name] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return facets


def in_order(found: list[tuple], criteria: Criteria) -> list[int]:
    """The candidates' ids in the order asked for (they come newest first)."""
    if criteria.sort == "start":
        found = sorted(found, key=lambda row: (row[2], -row[1], -row[0]))
    elif criteria.sort == "relevance":
        found = sorted(found, key=lambda row: (-row[-1], -row[1], -row[0]))
    return [row[0] for row in found]


def search(user, criteria: Criteria) -> Results:
    found = candidates(user, criteria)
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
