"""The SQL of the offer search: at most `CAP` + 1 candidates in one statement, then their
facets, their order and the page's offers (the design: `tremplin.offers.search`)."""

from __future__ import annotations

from collections import Counter, namedtuple
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from tremplin.accounts.permissions import is_candidate
from tremplin.moderation.targeting import targeting_filter
from tremplin.offers.models import Offer, public_filter
from tremplin.offers.search.filters import FACETS, FILTERS
from tremplin.offers.search.language import ranked_against, text_query
from tremplin.offers.search.projection import RECENT_DAYS, TABLE, OfferIndex

PAGE_SIZE = 20
CAP = 500
SORTS = ("relevance", "newest", "start")


@dataclass
class Criteria:
    """What a searcher asked for, read from the query string (shareable URLs)."""

    q: str = ""
    filters: dict[str, Any] = field(default_factory=dict)  # by filter name, those given
    sort: str = "relevance"
    page: int = 1


class FacetCount(NamedTuple):
    value: str
    count: int


@dataclass
class Results:
    offers: list[Offer]
    total: int  # exact when `exact`, else CAP + 1
    exact: bool
    facets: dict[str, list[FacetCount]]  # by filter name, the most frequent values first
    page: int
    pages: int


def reach(user) -> Q:
    """Whose offers the search lists (as `Offer.objects.listed_for`): those aimed at a
    student or a graduate; the public offers for everybody else, signed in or not."""
    return targeting_filter(user) if is_candidate(user) else public_filter()


def matching(user, criteria: Criteria) -> QuerySet[OfferIndex]:
    now = timezone.now()
    rows = OfferIndex.objects.filter(reach(user), publish_from__lte=now, publish_until__gte=now)
    if criteria.q.strip():
        rows = rows.filter(document=text_query(criteria.q))
    conditions = Q()
    for f in FILTERS:
        if f.name in criteria.filters:
            conditions &= f.condition(criteria.filters[f.name])
    return rows.filter(conditions)


# What the page needs of each candidate, by name: its key, its date and start as plain
# numbers (cheaper to read than timestamps), the facets' values; then its relevance.
_COLUMNS = {
    "offer_id": "c.offer_id",
    "recent": "c.recent",
    "published": "extract(epoch FROM c.published_at)::float8",
    "start": "coalesce(c.start_date - DATE '2000-01-01', 2147483647)",
    **{f.name: f"c.{f.facet.column}" for f in FACETS},
}
Candidate = namedtuple("Candidate", [*_COLUMNS, "relevance"])
_CANDIDATE = ", ".join(_COLUMNS.values())
_RANK = (
    f"(SELECT {ranked_against('i.document')} FROM {TABLE} i"  # noqa: S608
    " WHERE i.offer_id = candidates.offer_id AND i.recent = candidates.recent)"
)


def candidates(user, criteria: Criteria) -> list[Candidate]:
    """Up to CAP + 1 matches, newest first, in one statement: one branch without words,
    one per window of publication date with words."""
    text = bool(criteria.q.strip())
    try:
        base, params = matching(user, criteria).query.sql_with_params()
    except EmptyResultSet:  # a filter that nothing can match
        return []
    windows: list[tuple[str, list]] = [("true", [])]
    if text:
        now = timezone.now()
        day, days, recent = (now - timedelta(days=n) for n in (1, 4, RECENT_DAYS))
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
    # Relevance is read for the candidates only, by their key.
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
        return [Candidate._make(row) for row in cursor.fetchall()]


def facet_counts(found: list[Candidate]) -> dict[str, list[FacetCount]]:
    facets = {}
    for f in FACETS:
        counts = Counter(value for c in found if (value := getattr(c, f.name)))
        facets[f.name] = [
            FacetCount(value, count)
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
    return facets


def in_order(found: list[Candidate], criteria: Criteria) -> list[int]:
    """The candidates' ids in the order asked for (they come newest first)."""
    if criteria.sort == "start":
        found = sorted(found, key=lambda c: (c.start, -c.published, -c.offer_id))
    elif criteria.sort == "relevance":
        found = sorted(found, key=lambda c: (-c.relevance, -c.published, -c.offer_id))
    return [candidate.offer_id for candidate in found]


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
