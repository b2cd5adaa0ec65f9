"""The link e-mailed after a registration, which proves the recruiter reads their mailbox.

It names the registration and the address, signed, and works as long as allauth's own
confirmation links (ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS). It is ours rather than
allauth's key so that the one page that confirms a recruiter's address also moves the
registration on to the administrators.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "tremplin.recruiters.confirm-email"


def max_age() -> int:
    return settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS * 24 * 3600


class LinkInvalid(Exception):
    pass


class LinkExpired(LinkInvalid):
    pass


@dataclass(frozen=True)
class ConfirmationLink:
    profile_id: int
    email: str

    def dumps(self) -> str:
        return signing.dumps({"p": self.profile_id, "m": self.email}, salt=SALT)

    @classmethod
    def loads(cls, token: str) -> ConfirmationLink:
        try:
            data = signing.loads(token, salt=SALT, max_age=max_age())
        except signing.SignatureExpired:
            raise LinkExpired from None
        except signing.BadSignature:
            raise LinkInvalid from None
        return cls(profile_id=data["p"], email=data["m"])
