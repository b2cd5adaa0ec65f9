"""Who gets which new offers in their alert mail, for everyone at once, in SQL.

One statement, not a loop per person (`manage.py bench_alerts` times it on 100,000
people): the wishes of the people whose alert is due (their search profile and their
saved searches, one row each), the offers published recently that every one of them may
open, and the limits:

1. **Wishes × offers by key.** Comparing every wish with every offer would be 100,000 ×
   2,000 comparisons. Each wish is spread into keys (type, domain, place), an empty list
   standing for every value (every place is `*`), and each offer has its own keys (its
   type, domain, and the places `*`, its département, its city, `abroad`): a hash join on
   the keys meets each wish with the offers that share a key only. The other criteria
   (remote work, level, start, duration, languages, words, organisation) are then checked
   on those pairs.
2. **Targeting**, as `moderation.targeting.targeting_filter` says it (`TARGETED`), with
   each person's composantes and VETs as arrays: an alert never shows an offer the person
   cannot open (`Offer.objects.visible_to`); the mail checks again when it leaves
   (`still_visible`, the same SQL for a batch of mails).
3. **Never twice**: no offer already in `SentOffer` for that person.
4. **Limits** with window functions: at most ALERT_MAX_PER_ORGANISATION offers of one
   organisation, then at most ALERT_MAX_OFFERS, the newest first.
5. **One mail a day**: nobody who has a `Digest` that day already.

The vocabularies are the offers' (`Offer.Kind`, `Domain`, `Level`…): the search profile
and the saved searches hold those very codes, so a criterion is an equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from tremplin.accounts.models import User
from tremplin.alerts.models import Digest, SavedSearch, SentOffer
from tremplin.mailings.models import Consent, MailKind
from tremplin.moderation.targeting import Targeted
from tremplin.offers.models import Offer
from tremplin.offers.search.language import ENGLISH, FRENCH
from tremplin.offers.search.projection import TABLE as INDEX
from tremplin.profiles.models import AlertFrequency, SearchProfile

# How far back an alert looks: a day (a week) and some slack, for a job that runs late;
# what was sent already is never sent again.
WINDOWS = {
    AlertFrequency.DAILY: timedelta(hours=30),
    AlertFrequency.WEEKLY: timedelta(days=7, hours=6),
}


# Enough for the pairs of 100,000 people and 2,000 offers to hash and sort in memory.
WORK_MEM = "128MB"


@dataclass(frozen=True)
class Run:
    """One computation of the digests: its day, its clock, the alerts that are due."""

    day: date
    now: datetime

    @property
    def frequencies(self) -> list[str]:
        """Daily alerts every day; weekly ones on ALERT_WEEKLY_DAY (0 is Monday)."""
        due = [AlertFrequency.DAILY.value]
        if self.day.weekday() == settings.ALERT_WEEKLY_DAY:
            due.append(AlertFrequency.WEEKLY.value)
        return due

    def params(self) -> dict:
        return {
            "day": self.day,
            "now": self.now,
            "due": self.frequencies,
            "daily_since": self.now - WINDOWS[AlertFrequency.DAILY],
            "weekly_since": self.now - WINDOWS[AlertFrequency.WEEKLY],
            "oldest": self.now - max(WINDOWS.values()),
            "kinds": Offer.Kind.values,
            "domains": Offer.Domain.values,
            "levels": Offer.Level.values,  # "any" first, then from the lowest
            "max_offers": settings.ALERT_MAX_OFFERS,
            "per_organisation": settings.ALERT_MAX_PER_ORGANISATION,
            "everyone": Targeted.Audience.EVERYONE.value,
            "candidates": [User.Kind.STUDENT.value, User.Kind.GRADUATE.value],
            "published": Offer.Status.PUBLISHED.value,
            "alerts": MailKind.ALERTS.value,
        }


def _places(departements: str, cities: str, abroad: str) -> str:
    """SQL of a wish's place keys: its départements, cities and abroad, else `*`."""
    keys = (
        f"ARRAY(SELECT 'd:' || x FROM unnest({departements}) x)"  # noqa: S608
        f" || ARRAY(SELECT 'c:' || upper(x) FROM unnest({cities}) x)"
        f" || CASE WHEN {abroad} THEN ARRAY['abroad'] ELSE '{{}}'::text[] END"
    )
    return (
        "(SELECT CASE WHEN cardinality(k) = 0 THEN ARRAY['*'] ELSE k END"  # noqa: S608
        f" FROM (SELECT {keys} AS k) p)"
    )


_USERS = User._meta.db_table
_USER_COMPOSANTES = User.composantes.through._meta.db_table
_USER_VETS = User.vets.through._meta.db_table

# Targeting, as `moderation.targeting.targeting_filter` says it, of offer `o` (a row of
# the search projection) for person `p` (their kind, their composantes and VETs as arrays).
TARGETED = """o.audience IN (%(everyone)s, p.kind)
      AND ((o.composante_ids = '{}' AND o.vet_ids = '{}')
           OR o.composante_ids && p.composantes OR o.vet_ids && p.vets)"""

# The statement's common part: `kept` holds (user_id, offer_id, rank) for the mails of
# the day. Names come from the models; every value is a parameter.
MATCHES = f"""
WITH wishes AS MATERIALIZED (
    SELECT p.user_id * 2 AS wish, p.user_id, p.alert_frequency AS frequency,
           p.kinds, p.domains, p.remote AS remotes,
           CASE WHEN p.level = '' THEN '{{}}'::varchar[]
                ELSE (%(levels)s::varchar[])[1:array_position(%(levels)s::varchar[], p.level)]
           END AS levels,
           {_places("p.departements", "p.cities", "p.abroad")} AS places,
           ''::varchar AS departement, ''::varchar AS city,
           p.start_from, p.start_until, p.max_duration_months AS max_duration,
           p.languages, ''::varchar AS q, NULL::int AS organisation_id
    FROM {SearchProfile._meta.db_table} p
    WHERE p.alert_frequency = ANY(%(due)s)
  UNION ALL
    SELECT s.id * 2 + 1, s.user_id, s.frequency, s.kinds, s.domains, s.remotes, s.levels,
           CASE WHEN s.city <> '' THEN ARRAY['c:' || upper(s.city)]
                WHEN s.departement <> '' THEN ARRAY['d:' || s.departement]
                ELSE ARRAY['*'] END,
           s.departement, s.city, s.start_after, NULL::date, s.max_duration,
           '{{}}'::varchar[], s.q, s.organisation_id
    FROM {SavedSearch._meta.db_table} s
    WHERE s.frequency = ANY(%(due)s)
),
people AS MATERIALIZED (
    SELECT u.id, u.kind,
           coalesce(c.ids, '{{}}') AS composantes, coalesce(v.ids, '{{}}') AS vets
    FROM {_USERS} u
    LEFT JOIN (SELECT user_id, array_agg(composante_id::int) AS ids
               FROM {_USER_COMPOSANTES} GROUP BY user_id) c ON c.user_id = u.id
    LEFT JOIN (SELECT user_id, array_agg(vet_id::int) AS ids
               FROM {_USER_VETS} GROUP BY user_id) v ON v.user_id = u.id
    WHERE u.is_active AND u.kind = ANY(%(candidates)s)
      AND u.id IN (SELECT user_id FROM wishes)
      -- only who opted into alert mails (tremplin.mailings): no offer is spent on others
      AND u.id IN (SELECT user_id FROM {Consent._meta.db_table} WHERE kind = %(alerts)s)
      AND NOT EXISTS (
          SELECT 1 FROM {Digest._meta.db_table} d WHERE d.user_id = u.id AND d.day = %(day)s
      )
),
-- Narrow rows, so that the join by key and its DISTINCT stay in memory.
wish_keys AS MATERIALIZED (
    SELECT w.wish, k.kind, d.domain, pl.place
    FROM wishes w
    CROSS JOIN LATERAL unnest(CASE WHEN cardinality(w.kinds) = 0
                                   THEN %(kinds)s::varchar[] ELSE w.kinds END) k(kind)
    CROSS JOIN LATERAL unnest(CASE WHEN cardinality(w.domains) = 0
                                   THEN %(domains)s::varchar[] ELSE w.domains END) d(domain)
    CROSS JOIN LATERAL unnest(w.places) pl(place)
),
fresh AS MATERIALIZED (
    SELECT i.offer_id, i.organisation_id, i.published_at, i.kind, i.domain, i.remote,
           i.level, i.departement, upper(i.city) AS city, i.start_date, i.duration_months,
           i.audience, i.composante_ids, i.vet_ids, i.document, o.languages,
           ARRAY['*', 'd:' || i.departement, 'c:' || upper(i.city)]
             || CASE WHEN o.country NOT IN ('France', '') THEN ARRAY['abroad']
                     ELSE '{{}}'::text[] END AS places
    FROM {INDEX} i JOIN {Offer._meta.db_table} o ON o.id = i.offer_id
    WHERE i.recent AND i.published_at >= %(oldest)s
      AND i.publish_from <= %(now)s AND i.publish_until >= %(now)s
      AND o.status = %(published)s
),
offer_keys AS MATERIALIZED (
    SELECT f.offer_id, f.kind, f.domain, pl.place
    FROM fresh f CROSS JOIN LATERAL unnest(f.places) pl(place)
),
pairs AS MATERIALIZED (
    SELECT w.wish, o.offer_id
    FROM wish_keys w
    JOIN offer_keys o ON o.kind = w.kind AND o.domain = w.domain AND o.place = w.place
),
-- The pairs that share a key, checked on the rest of each wish.
wanted AS MATERIALIZED (
    SELECT DISTINCT w.user_id, o.offer_id
    FROM pairs
    JOIN wishes w ON w.wish = pairs.wish
    JOIN fresh o ON o.offer_id = pairs.offer_id
    WHERE o.published_at >= CASE WHEN w.frequency = 'daily' THEN %(daily_since)s
                                 ELSE %(weekly_since)s END
      AND (cardinality(w.remotes) = 0 OR o.remote = ANY(w.remotes))
      AND (cardinality(w.levels) = 0 OR o.level = ANY(w.levels))
      AND (w.departement = '' OR o.departement = w.departement)
      AND (w.city = '' OR o.city = upper(w.city))
      AND (w.start_from IS NULL OR o.start_date >= w.start_from)
      AND (w.start_until IS NULL OR o.start_date <= w.start_until)
      AND (w.max_duration IS NULL OR o.duration_months <= w.max_duration)
      AND (cardinality(w.languages) = 0 OR o.languages <@ w.languages)
      AND (w.organisation_id IS NULL OR o.organisation_id = w.organisation_id)
      AND (w.q = '' OR o.document @@ (websearch_to_tsquery('{FRENCH}', w.q)
                                      || websearch_to_tsquery('{ENGLISH}', w.q)))
),
-- Targeting, as `targeting_filter` says it; what was sent once is never sent again.
matches AS (
    SELECT m.user_id, m.offer_id, o.organisation_id, o.published_at
    FROM wanted m
    JOIN people p ON p.id = m.user_id
    JOIN fresh o ON o.offer_id = m.offer_id
    WHERE {TARGETED}
      AND NOT EXISTS (
          SELECT 1 FROM {SentOffer._meta.db_table} s
          WHERE s.user_id = m.user_id AND s.offer_id = m.offer_id
      )
),
per_organisation AS (
    SELECT m.*, row_number() OVER (
        PARTITION BY m.user_id, m.organisation_id
        ORDER BY m.published_at DESC, m.offer_id DESC) AS in_organisation
    FROM matches m
),
kept AS (
    SELECT user_id, offer_id, rank FROM (
        SELECT user_id, offer_id, row_number() OVER (
            PARTITION BY user_id ORDER BY published_at DESC, offer_id DESC) AS rank
        FROM per_organisation WHERE in_organisation <= %(per_organisation)s
    ) ranked
    WHERE rank <= %(max_offers)s
)"""  # noqa: S608 (names from the models, values as parameters)

SELECT_MATCHES = MATCHES + "\nSELECT user_id, offer_id, rank FROM kept ORDER BY user_id, rank"

# The digests of the day, written in the same statement: a Digest per person (none if they
# have one already: run twice, it writes nothing more) and its offers.
_WRITE = f""",
new_digests AS (
    INSERT INTO {Digest._meta.db_table} (user_id, day, created_at)
    SELECT DISTINCT user_id, %(day)s::date, %(now)s FROM kept
    ON CONFLICT (user_id, day) DO NOTHING
    RETURNING id, user_id
),
sent AS (
    INSERT INTO {SentOffer._meta.db_table} (user_id, offer_id, digest_id, rank)
    SELECT k.user_id, k.offer_id, d.id, k.rank FROM kept k JOIN new_digests d USING (user_id)
    ON CONFLICT (user_id, offer_id) DO NOTHING
)
SELECT id FROM new_digests ORDER BY id"""  # noqa: S608
WRITE_DIGESTS = MATCHES + _WRITE


# The offers of some digests that their person may still open now (the offer is still
# published, its targeting still includes them), in each digest's order.
STILL_VISIBLE = f"""
WITH batch AS MATERIALIZED (
    SELECT digest_id, user_id, offer_id, rank FROM {SentOffer._meta.db_table}
    WHERE digest_id = ANY(%(digests)s)
),
people AS MATERIALIZED (
    SELECT u.id, u.kind,
           ARRAY(SELECT composante_id::int FROM {_USER_COMPOSANTES} WHERE user_id = u.id)
             AS composantes,
           ARRAY(SELECT vet_id::int FROM {_USER_VETS} WHERE user_id = u.id) AS vets
    FROM {_USERS} u
    WHERE u.id IN (SELECT user_id FROM batch) AND u.is_active
      AND u.kind = ANY(%(candidates)s)
)
SELECT b.digest_id, b.offer_id
FROM batch b
JOIN people p ON p.id = b.user_id
JOIN {INDEX} o ON o.offer_id = b.offer_id
JOIN {Offer._meta.db_table} offer ON offer.id = b.offer_id
WHERE offer.status = %(published)s AND o.publish_from <= %(now)s AND o.publish_until >= %(now)s
  AND {TARGETED}
ORDER BY b.digest_id, b.rank"""  # noqa: S608 (names from the models, values as parameters)


def still_visible(digests: list[int], now: datetime) -> dict[int, list[int]]:
    """{digest id: the ids of its offers its person may still open at `now`, in order}:
    what a batch of alert mails shows, checked in one statement when it leaves."""
    params = {
        "digests": list(digests),
        "now": now,
        "candidates": [User.Kind.STUDENT.value, User.Kind.GRADUATE.value],
        "published": Offer.Status.PUBLISHED.value,
        "everyone": Targeted.Audience.EVERYONE.value,
    }
    found: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(STILL_VISIBLE, params)
        for digest, offer in cursor.fetchall():
            found.setdefault(digest, []).append(offer)
    return found


def _execute(sql: str, params: dict) -> list[tuple]:
    """Run the statement with room to hash and sort its pairs in memory, and with hash
    joins: PostgreSQL cannot know how many keys `unnest` makes of each wish, guesses far
    too many, and would sort them for merge joins (for this transaction only)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def matches(run: Run) -> list[tuple[int, int, int]]:
    """(user id, offer id, rank) of the mails `run` would send, without writing them."""
    return _execute(SELECT_MATCHES, run.params())


def write_digests(run: Run) -> list[int]:
    """Write the day's digests and their offers; the ids of the new digests."""
    return [row[0] for row in _execute(WRITE_DIGESTS, run.params())]


def explain(run: Run, *, analyze: bool = True) -> str:
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    rows = _execute(f"EXPLAIN ({options}) {SELECT_MATCHES}", run.params())
    return "\n".join(row[0] for row in rows)
