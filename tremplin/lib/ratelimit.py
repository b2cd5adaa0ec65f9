"""Rate limits on forms that check a secret or personal data.

Counts live in the shared cache (a PostgreSQL table), so every web process on every
machine counts together. A window opens with a key's first attempt and closes `period`
seconds later whatever follows. Keys are hashed: the cache holds no name, address or
e-mail in clear.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac


class RateLimited(Exception):
    """Too many attempts: the form refuses this one without doing its work."""


class Counter:
    """Attempts of one key in its window.

    The window's opening is kept beside the count, and the count's expiry is set again
    after each change: the database cache's `incr` would otherwise reset it to the
    cache's default timeout, letting a count lapse before its window closes.
    """

    def __init__(self, scope: str, value: str, period: int) -> None:
        digest = salted_hmac("tremplin.ratelimit", f"{scope}:{value}").hexdigest()[:40]
        self.key = f"ratelimit:{scope}:{digest}"
        self.opened_key = f"{self.key}:opened"
        self.period = period

    def _seconds_left(self, *, open_window: bool) -> int | None:
        opened = cache.get(self.opened_key)
        if opened is None:
            if not open_window:
                return None
            cache.add(self.opened_key, time.time(), self.period)
            opened = cache.get(self.opened_key, time.time())
        return max(1, math.ceil(opened + self.period - time.time()))

    def add(self, delta: int) -> int:
        """Add `delta` attempts (negative: give some back); return the count."""
        seconds_left = self._seconds_left(open_window=delta > 0)
        if seconds_left is None:
            return 0
        if delta > 0:
            cache.add(self.key, 0, seconds_left)
        try:
            count = cache.incr(self.key, delta)
        except ValueError:  # the window closed in between, or nothing to give back
            return 0
        cache.touch(self.key, seconds_left)
        return count

    def clear(self) -> None:
        cache.delete_many([self.key, self.opened_key])


class RateLimit:
    """At most `limit` attempts per value per `period` seconds."""

    def __init__(self, scope: str, *, limit: int, period: int) -> None:
        self.scope = scope
        self.limit = limit
        self.period = period

    def counter(self, value: str) -> Counter:
        return Counter(self.scope, value, self.period)

    def hit(self, value: str) -> bool:
        """Count one attempt for `value`; say whether it is within the limit."""
        return self.counter(value).add(1) <= self.limit
