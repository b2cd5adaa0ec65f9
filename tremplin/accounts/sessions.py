"""The session engine (SESSION_ENGINE): Django's sessions in PostgreSQL, each row naming
the account signed in to it (`UserSession.user`), so that every session of a person, in
every browser, is ended at once: when they ask for their account to be deleted, or when
an administrator merges their account into another.

The session's data is signed and encoded exactly as by Django's database engine (the same
class name, so the same salt): only the table differs.

django-cas-ng's models import this engine while the apps' models load: the models are
imported here when first needed, not with the module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

if TYPE_CHECKING:
    from tremplin.accounts.models import User, UserSession


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        from tremplin.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict) -> UserSession:
        session = super().create_model_instance(data)
        session.user_id = account_id(data)
        return session


def account_id(data: dict) -> int | None:
    """The account signed in to a session of this data, if any."""
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def end_sessions(user: User) -> int:
    """Sign `user` out everywhere: every session of theirs is deleted (their next request,
    in any browser, is anonymous), with the ENT tickets that named them. Returns how many
    sessions ended."""
    from django_cas_ng.models import SessionTicket

    from tremplin.accounts.models import UserSession

    sessions = UserSession.objects.filter(user=user)
    SessionTicket.objects.filter(session_key__in=sessions.values("session_key")).delete()
    ended, _ = sessions.delete()
    return ended
