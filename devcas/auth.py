"""The CAS authentication class of the development ENT, checking the directory's people.

Kept apart from directory.py, which Tremplin's demo data reads without django-cas-server.
"""

from __future__ import annotations

import hmac
import secrets

from cas_server.auth import AuthUser

from devcas.directory import find

# Compared against when the uid is unknown, so that a wrong uid costs what a wrong password does.
_UNUSABLE_PASSWORD = secrets.token_urlsafe(16)


class DirectoryAuthUser(AuthUser):
    """CAS_AUTH_CLASS checking credentials against the directory above."""

    def __init__(self, username: str) -> None:
        self.person = find(username or "")
        # The canonical uid is what the CAS records and sends back to the service.
        super().__init__(self.person.uid if self.person else username)

    def test_password(self, password: str) -> bool:
        expected = self.person.password if self.person else _UNUSABLE_PASSWORD
        matches = hmac.compare_digest((password or "").encode(), expected.encode())
        return self.person is not None and matches

    def attributs(self) -> dict[str, str | list[str]]:
        return self.person.cas_attributes() if self.person else {}
