"""The search reads the newest matches first: by windows of publication date in the
projection's recent partition, then in the whole. Whatever the window or partition an
offer sits in, searchers see every match, newest first, and the best one first when
they sort by relevance."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tremplin.offers.search import indexing, query
from tremplin.offers.search.projection import TABLE, OfferIndex
from tremplin.offers.search.query import Criteria

pytestmark = pytest.mark.django_db

# Ages that fall in each window: the last day, the three days before, the rest of the
# recent partition, and beyond it.
AGES_IN_DAYS = (0.2, 2, 9, 20, 90)


@pytest.fixture
def chemistry(make_offer):
    """One chemistry offer per window, the oldest first."""
    now = timezone.now()
    return [
        make_offer(
            f"Stage de chimie n° {number}",
            published_at=now - timedelta(days=age),
            publish_from=now - timedelta(days=age),
        )
        for number, age in enumerate(reversed(AGES_IN_DAYS), start=1)
    ]


def titles(user, **criteria) -> list[str]:
    return [offer.title for offer in query.search(user, Criteria(**criteria)).offers]


def test_matches_from_every_window_come_newest_first(alice, chemistry):
    newest_first = [offer.title for offer in reversed(chemistry)]
    assert titles(alice, q="chimie", sort="newest") == newest_first
    assert titles(alice, filters={"departement": "63"}, sort="newest") == newest_first


def test_beyond_the_cap_the_newest_matches_are_kept(alice, chemistry, monkeypatch):
    monkeypatch.setattr(query, "CAP", 2)
    results = query.search(alice, Criteria(q="chimie", sort="newest"))
    assert [offer.title for offer in results.offers] == [
        "Stage de chimie n° 5",
        "Stage de chimie n° 4",
    ]
    assert not results.exact


def test_offers_leave_the_recent_partition_once_and_are_still_found(alice, chemistry):
    def older() -> list[str]:
        rows = OfferIndex.objects.filter(recent=False).values_list("offer__title", flat=True)
        return sorted(rows)

    assert older() == ["Stage de chimie n° 1", "Stage de chimie n° 2"]
    with pytest.MonkeyPatch.context() as patch:  # ten days go by
        later = timezone.now() + timedelta(days=10)
        patch.setattr(timezone, "now", lambda: later)
        assert indexing.age() == 1  # the offer published 9 days ago, now 19
        assert indexing.age() == 0
        assert older() == ["Stage de chimie n° 1", "Stage de chimie n° 2", "Stage de chimie n° 3"]
        newest_first = [offer.title for offer in reversed(chemistry)]
        assert titles(alice, q="chimie", sort="newest") == newest_first


def test_writing_an_offer_again_leaves_one_row_in_the_right_partition(chemistry):
    offer = chemistry[-1]  # the newest
    indexing.reindex([offer.pk, offer.pk])
    indexing.reindex([offer.pk])
    assert OfferIndex.objects.get(offer=offer).recent
    offer.published_at = timezone.now() - timedelta(days=30)
    offer.save()
    indexing.reindex([offer.pk])
    assert not OfferIndex.objects.get(offer=offer).recent


def test_the_model_declares_the_primary_key_of_the_partitioned_table(chemistry):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
            " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary"
            " ORDER BY array_position(i.indkey::int2[], a.attnum)",
            [TABLE],
        )
        key = [column for (column,) in cursor.fetchall()]
    assert key == list(OfferIndex._meta.pk.columns) == ["offer_id", "recent"]
    newest, oldest = chemistry[-1], chemistry[0]
    assert OfferIndex.objects.get(offer=newest).pk == (newest.pk, True)
    assert OfferIndex.objects.get(offer=oldest).pk == (oldest.pk, False)


def test_relevance_ranks_across_the_partitions(alice, make_offer):
    now = timezone.now()
    make_offer(
        "Stage en laboratoire",
        description="<p>Analyses de chimie organique.</p>",
        published_at=now - timedelta(hours=3),
    )
    make_offer(
        "Stage de chimie organique",
        published_at=now - timedelta(days=60),
        publish_from=now - timedelta(days=60),
    )
    assert titles(alice, q="chimie organique") == [
        "Stage de chimie organique",
        "Stage en laboratoire",
    ]
    assert titles(alice, q="chimie organique", sort="newest") == [
        "Stage en laboratoire",
        "Stage de chimie organique",
    ]
