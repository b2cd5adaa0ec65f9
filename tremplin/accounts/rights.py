"""A person's rights over their data, from "Mon profil" → "Mes données": download
everything held about them, delete their account (with a grace period a sign-in ends).

What is held is the registry of `tremplin.lib.personal_data`, which every app fills: the
ZIP has one JSON file per holding and the files it names (CV, applications' CVs, proofs).
The ZIP is streamed as it is written (`zip_stream`): a person's files are read one after
the other, in chunks, and never held whole in memory; nothing is written to disk.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tremplin.accounts import emails
from tremplin.accounts.models import User
from tremplin.accounts.personal_data import export_account
from tremplin.accounts.sessions import end_sessions
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.personal_data import Export, holdings
from tremplin.lib.ratelimit import RateLimit, RateLimited
from tremplin.lib.retention import DAY

CHUNK = 64 * 1024


def _downloads() -> RateLimit:
    return RateLimit(
        "personal-data-download", limit=settings.PERSONAL_DATA_DOWNLOADS_PER_DAY, period=86400
    )


def what_is_held(user: User) -> dict[str, Export]:
    """Every holding's part of the download, by its file name, the account first."""
    parts = {"accounts.user": export_account(user)}
    for holding in sorted(holdings(), key=lambda h: h.name):
        if holding.export is not None:
            parts[holding.name] = holding.export(user)
    return parts


def summary(user: User) -> list[dict]:
    """What the page says is held: each kind of data, with how many rows and files."""
    labels = {"accounts.user": User._meta.verbose_name}
    for holding in holdings():
        model = apps.get_model(holding.model)
        field = model._meta.get_field(holding.field)
        labels[holding.name] = (
            field.verbose_name if field.many_to_many else model._meta.verbose_name_plural
        )
    return [
        {
            "label": labels[name],
            "file": f"{name}.json",
            "rows": len(part.rows),
            "files": len(part.files),
        }
        for name, part in what_is_held(user).items()
    ]


def start_download(user: User, *, ip_address: str | None) -> Iterator[bytes]:
    """Count and audit the download, then give the ZIP's bytes as they are written.
    Over the day's limit: `RateLimited`, and nothing is counted in the audit log."""
    if not _downloads().hit(str(user.pk)):
        raise RateLimited
    with transaction.atomic():
        record(Action.PERSONAL_DATA_DOWNLOADED, actor=user, target=user, ip_address=ip_address)
    return zip_stream(what_is_held(user))


class _Pipe:
    """What `zipfile` writes to: the bytes are taken away as they come."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_stream(parts: dict[str, Export]) -> Iterator[bytes]:
    """The ZIP of these parts: `<name>.json` for each, then each file it names, streamed."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        summary = {name: len(part.rows) for name, part in parts.items()}
        archive.writestr("README.json", json.dumps({"parts": summary}, indent=2))
        yield pipe.take()
        for name, part in parts.items():
            archive.writestr(
                f"{name}.json", json.dumps(part.rows, indent=2, ensure_ascii=False, default=str)
            )
            yield pipe.take()
        for part in parts.values():
            for path, stored in part.files:
                try:
                    source = stored.storage.open(stored.name, "rb")
                except FileNotFoundError:
                    continue
                with source, archive.open(path, "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        yield pipe.take()
                yield pipe.take()
    yield pipe.take()


# --- Deleting one's account ------------------------------------------------------------


class CannotDelete(Exception):
    """Staff accounts follow the university's directory: they are not deleted by hand."""


def deletion_date(user: User) -> datetime | None:
    if user.deletion_requested_at is None:
        return None
    return user.deletion_requested_at + settings.RETENTION_DAYS["account_deletion_grace"] * DAY


def request_deletion(*, acting_user: User, ip_address: str | None) -> User:
    """The person asks for their account to be deleted: it will be, after the grace
    period, unless they sign in meanwhile. Every session of theirs ends, in every browser
    (a session left open elsewhere would go on using an account about to be deleted, and
    only a sign-in cancels the request). A mail says so."""
    if acting_user.kind == User.Kind.STAFF:
        raise CannotDelete
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=acting_user.pk)
        end_sessions(user)
        if user.deletion_requested_at is None:
            user.deletion_requested_at = timezone.now()
            user.save(update_fields=["deletion_requested_at"])
            record(
                Action.ACCOUNT_DELETION_REQUESTED, actor=user, target=user, ip_address=ip_address
            )
            emails.send_deletion_requested(user)
    return user


def cancel_deletion(user: User, *, ip_address: str | None) -> bool:
    """The person signed in during the grace period: the request is cancelled (say it to
    them). Returns whether there was one."""
    if user.deletion_requested_at is None:
        return False
    with transaction.atomic():
        cancelled = User.objects.filter(pk=user.pk, deletion_requested_at__isnull=False).update(
            deletion_requested_at=None
        )
        if cancelled:
            record(
                Action.ACCOUNT_DELETION_CANCELLED, actor=user, target=user, ip_address=ip_address
            )
            emails.send_deletion_cancelled(user)
    user.deletion_requested_at = None
    return bool(cancelled)
