"""The links e-mailed in answer to a graduate registration.

A link carries, signed, what the worker found: the registry rows of the person (never
shown on screen before the mailbox is proven), or the identity typed when the registry
does not know them. It is valid 48 hours and creates one account only: its nonce is
recorded on the claim it creates.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core import signing

SALT = "tremplin.graduates.registration-link"
MAX_AGE = 48 * 3600


class LinkInvalid(Exception):
    pass


class LinkExpired(LinkInvalid):
    pass


@dataclass(frozen=True)
class RegistrationLink:
    FOUND = "found"  # the registry knows the person: choose a diploma
    ABSENT = "absent"  # it does not: the complete form
    INSTITUTIONAL = "institutional"  # the address is the person's university mailbox

    route: str
    email: str
    language: str
    last_name: str
    first_name: str
    birth_date: date
    entry_ids: list[int] = field(default_factory=list)
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    def dumps(self) -> str:
        return signing.dumps(
            {
                "r": self.route,
                "m": self.email,
                "l": self.language,
                "ln": self.last_name,
                "fn": self.first_name,
                "bd": self.birth_date.isoformat(),
                "e": self.entry_ids,
                "n": self.nonce,
            },
            salt=SALT,
            compress=True,
        )

    @classmethod
    def loads(cls, token: str) -> RegistrationLink:
        try:
            data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        except signing.SignatureExpired:
            raise LinkExpired from None
        except signing.BadSignature:
            raise LinkInvalid from None
        return cls(
            route=data["r"],
            email=data["m"],
            language=data["l"],
            last_name=data["ln"],
            first_name=data["fn"],
            birth_date=date.fromisoformat(data["bd"]),
            entry_ids=data["e"],
            nonce=data["n"],
        )
