"""Staff sign-in with a password typed into Tremplin: what the view needs besides the backend.

Free of python-ldap (an optional install), so the views can import it everywhere.
"""

from __future__ import annotations

from tremplin.lib.ratelimit import Counter, address_bucket

WINDOW_SECONDS = 15 * 60
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20


class LdapUnavailable(Exception):
    """The LDAP directory could not be reached, or could not be searched or read."""


class SignInThrottle:
    """At most FAILURES_PER_USERNAME failed sign-ins per username and FAILURES_PER_ADDRESS
    per client address (an IPv6 client's /64) in WINDOW_SECONDS.

    Each attempt takes its place in both counts before the directory is asked, so parallel
    requests cannot all slip under the limit; an attempt refused by the limit, or that
    proved nothing about the password (the directory was down), gives its place back. A
    successful sign-in clears the username's count and gives the address's place back.
    """

    def __init__(self, username: str, address: str | None) -> None:
        self._username = Counter("sign-in-username", username.strip().casefold(), WINDOW_SECONDS)
        self._address = Counter("sign-in-address", address_bucket(address), WINDOW_SECONDS)
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
