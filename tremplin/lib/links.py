"""Links e-mailed to people: a random token in the mail, its hash only in the database.

A link is a row of a model inheriting `EmailedLink`, holding what following the link
needs (a registration's answer, the account whose password is chosen…). The e-mail
carries a random token, made by the e-mail's function in the worker when the mail
leaves (`issue()`); the row keeps only the token's SHA-256. So neither the jobs table nor
the links' table holds a working link, and a link says nothing about the person (a
signed token would carry its content, readable by anyone who sees the URL).

A link works until `expires_at` (its `lifetime` after it was issued); a model whose links
work once deletes the row when it is used. The nightly purge deletes the rows of every
link model once they have expired (`purge_expired_links`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import ClassVar, Self

from django.apps import apps
from django.db import models
from django.utils import timezone


class LinkInvalid(Exception):
    """No such link: mistyped, tampered with, already used, or purged."""


class LinkExpired(LinkInvalid):
    pass


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a plain hash is enough, nothing to guess or to salt.
    return hashlib.sha256(token.encode()).hexdigest()


class EmailedLinkQuerySet(models.QuerySet):
    def for_token(self, token: str) -> EmailedLink:
        """The link this token opens, or LinkInvalid / LinkExpired."""
        link = self.filter(token_hash=token_hash(token)).first()
        if link is None:
            raise LinkInvalid
        if link.expires_at <= timezone.now():
            raise LinkExpired
        return link

    def expired(self, now: datetime) -> EmailedLinkQuerySet:
        return self.filter(expires_at__lte=now)


class EmailedLink(models.Model):
    """What an e-mailed link opens. A subclass says how long its links work (`lifetime`)."""

    lifetime: ClassVar[timedelta]

    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    objects = EmailedLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.expires_at is None:  # a link never mailed is purged when it would expire
            self.expires_at = timezone.now() + self.link_lifetime()
        super().save(*args, **kwargs)

    @classmethod
    def link_lifetime(cls) -> timedelta:
        """How long a link works once mailed (a subclass reads a setting here if it must)."""
        return cls.lifetime

    def issue(self) -> str:
        """A new token for this link, for the mail leaving now; the link works for its
        lifetime from now on. Only the token's hash is kept: an earlier token of this row
        stops working."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.expires_at = timezone.now() + self.link_lifetime()
        self.save(update_fields=["token_hash", "expires_at"])
        return token

    @classmethod
    def locked(cls, link: EmailedLink) -> Self:
        """This link's row, locked until the transaction ends, or LinkInvalid if it was
        used (deleted) meanwhile: of two requests using a link at once, the second waits,
        then finds it gone."""
        found = cls._default_manager.select_for_update().filter(pk=link.pk).first()
        if found is None:
            raise LinkInvalid
        return found


def link_models() -> list[type[EmailedLink]]:
    return [model for model in apps.get_models() if issubclass(model, EmailedLink)]


def purge_expired_links(now: datetime) -> int:
    """Every link past its expiry, whatever app it belongs to (a retention rule)."""
    deleted = 0
    for model in link_models():
        count, _ = model._default_manager.expired(now).delete()
        deleted += count
    return deleted
