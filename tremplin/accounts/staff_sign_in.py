"""Staff sign-in with a password typed into Tremplin: what the view needs besides the backend.

Free of python-ldap (an optional install), so the views can import it everywhere.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 15 * 60
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20


class DirectoryUnavailable(Exception):
    """The LDAP directory could not be reached, or could not be searched or read."""


class _Counter:
    """Attempts counted in the cache, in a window that opens with the first attempt and
    closes WINDOW_SECONDS later whatever follows.

    The window's opening is kept beside the count, and the count's expiry is set again
    after each change: the database cache's `incr` would otherwise reset it to the
    cache's default timeout, letting the count lapse a few minutes after the last attempt.
    """

    def __init__(self, kind: str, value: str) -> None:
        # Hashed: the cache holds no username or address in clear.
        digest = salted_hmac("tremplin.accounts.sign-in", f"{kind}:{value}").hexdigest()
        self.key = f"sign-in-attempts:{kind}:{digest}"
        self.opened_key = f"{self.key}:opened"

    def _seconds_left(self, *, open_window: bool) -> int | None:
        opened = cache.get(self.opened_key)
        if opened is None:
            if not open_window:
                return None
            cache.add(self.opened_key, time.time(), WINDOW_SECONDS)
            opened = cache.get(self.opened_key, time.time())
        return max(1, math.ceil(opened + WINDOW_SECONDS - time.time()))

    def add(self, delta: int) -> int:
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


class SignInThrottle:
    """At most FAILURES_PER_USERNAME failed sign-ins per username and FAILURES_PER_ADDRESS
    per client address in WINDOW_SECONDS.

    Each attempt takes its place in both counts before the directory is asked, so parallel
    requests cannot all slip under the limit; an attempt refused by the limit, or that
    proved nothing about the password (the directory was down), gives its place back. A
    successful sign-in clears the username's count and gives the address's place back.
    """

    def __init__(self, username: str, address: str | None) -> None:
        self._username = _Counter("username", username.strip().casefold())
        self._address = _Counter("address", address or "unknown")
        self._limits = (
            (self._username, FAILURES_PER_USERNAME),
            (self._address, FAILURES_PER_ADDRESS),
        )

    def take_attempt(self) -> bool:
        """False when a limit is reached: then the directory must not be asked."""
        counts = [(counter.add(1), limit) for counter, limit in self._limits]
        if all(count <= limit for count, limit in counts):
            return True
        self.give_back()
        return False

    def give_back(self) -> None:
        for counter, _limit in self._limits:
            counter.add(-1)

    def succeeded(self) -> None:
        self._username.clear()
        self._address.add(-1)
