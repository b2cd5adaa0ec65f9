"""Rate limits on forms that check a secret or personal data.

Counts live in one PostgreSQL table (`RateLimitCount`), so every web process on every
machine counts together, and each change is one atomic statement: two requests at the
same instant never both read N and write N+1. A window opens with a key's first attempt
and closes `period` seconds later whatever follows. Keys are hashed: the table holds no
name, address or e-mail in clear.

Limits per client address count an IPv4 address alone and an IPv6 address with its /64
network (`address_bucket`): one machine usually holds a whole /64, and could otherwise
walk through it to escape the limit.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tremplin.lib.models import RateLimitCount

UNKNOWN_ADDRESS = "unknown"

# One statement: a new key opens its window; a key whose window has closed starts again.
_ADD = f"""
    INSERT INTO {RateLimitCount._meta.db_table} AS counted (key, count, window_ends)
    VALUES (%(key)s, %(delta)s, statement_timestamp() + make_interval(secs => %(period)s))
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN counted.window_ends > statement_timestamp()
                     THEN counted.count + EXCLUDED.count ELSE EXCLUDED.count END,
        window_ends = CASE WHEN counted.window_ends > statement_timestamp()
                           THEN counted.window_ends ELSE EXCLUDED.window_ends END
    RETURNING count
"""  # noqa: S608 (the table's name is ours; values are parameters)
_GIVE_BACK = f"""
    UPDATE {RateLimitCount._meta.db_table} SET count = GREATEST(count - %(delta)s, 0)
    WHERE key = %(key)s AND window_ends > statement_timestamp()
    RETURNING count
"""  # noqa: S608


class RateLimited(Exception):
    """Too many attempts: the form refuses this one without doing its work."""


def address_bucket(address: str | None) -> str:
    """What a limit per client address counts: an IPv4 address, or an IPv6 address's
    network of RATE_LIMIT_IPV6_PREFIX bits (64)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return UNKNOWN_ADDRESS
    if parsed.version == 4:
        return str(parsed)
    network = ipaddress.ip_network(f"{parsed}/{settings.RATE_LIMIT_IPV6_PREFIX}", strict=False)
    return str(network)


class Counter:
    """Attempts of one key in its window."""

    def __init__(self, scope: str, value: str, period: int) -> None:
        digest = salted_hmac("tremplin.ratelimit", f"{scope}:{value}").hexdigest()[:40]
        self.key = f"{scope}:{digest}"
        self.period = period

    def add(self, delta: int) -> int:
        """Add `delta` attempts (negative: give some back, never below 0); return the count.

        Giving back to a key whose window has closed does nothing and returns 0."""
        if delta >= 0:
            statement, params = _ADD, {"key": self.key, "delta": delta, "period": self.period}
        else:
            statement, params = _GIVE_BACK, {"key": self.key, "delta": -delta}
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
        return row[0] if row else 0

    def clear(self) -> None:
        RateLimitCount.objects.filter(key=self.key).delete()


class RateLimit:
    """At most `limit` attempts per value per `period` seconds.

    `per_address`: the values are client addresses (`tremplin.lib.urls.client_ip`),
    counted by `address_bucket`.
    """

    def __init__(self, scope: str, *, limit: int, period: int, per_address: bool = False) -> None:
        self.scope = scope
        self.limit = limit
        self.period = period
        self.per_address = per_address

    def counter(self, value: str | None) -> Counter:
        if self.per_address:
            value = address_bucket(value)
        return Counter(self.scope, value or "", self.period)

    def hit(self, value: str | None) -> bool:
        """Count one attempt for `value`; say whether it is within the limit."""
        return self.counter(value).add(1) <= self.limit


def purge_closed_windows() -> int:
    """Delete the counts whose window has closed; return how many."""
    deleted, _ = RateLimitCount.objects.filter(window_ends__lte=timezone.now()).delete()
    return deleted
