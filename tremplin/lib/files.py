"""Uploaded files: checked by what they contain, never by their name or declared type;
deleted with the row that holds them, whichever way the row goes."""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_PDF_BYTES = 5 * 1024 * 1024

logging.getLogger("pypdf").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)


def validate_pdf(upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES) -> UploadedFile:
    """Accept a real PDF of at most `max_bytes`: the right header and a document that parses."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."))
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted or len(reader.pages) == 0:
            raise ValidationError(_("This PDF cannot be read: it is empty or protected."))
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("This file is not a PDF document.")) from error
    return upload


def delete_file_on_commit(file: FieldFile, *, using: str | None = None) -> None:
    """Delete this stored file once the current transaction commits (at once outside one):
    a change rolled back keeps its file."""
    if file and file.name:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name), using=using)


_with_files: set[type[models.Model]] = set()


def delete_files_with_rows(*models_with_files: type[models.Model]) -> None:
    """Delete the files of these models' FileFields with their rows, by every path: a
    service, the retention purge, the Django admin, a queryset's `delete()`, a cascade
    from the account or the offer deleted (which never calls `Model.delete()`). Each app
    calls it for its models in its `AppConfig.ready()`.

    This is the one side effect kept in a signal (`post_delete`), because cascades and
    querysets bypass `delete()`: nothing else sees every row that goes. The files are
    deleted once the transaction commits, never for a deletion rolled back."""
    for model in models_with_files:
        post_delete.connect(
            _delete_files, sender=model, dispatch_uid=f"delete-files-{model._meta.label_lower}"
        )
        _with_files.add(model)


def models_deleting_their_files() -> set[type[models.Model]]:
    return set(_with_files)


def _delete_files(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs
) -> None:
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            delete_file_on_commit(getattr(instance, field.attname), using=using)


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int


def orphan_files(*, older_than: timedelta, storage: Storage = default_storage) -> list[Orphan]:
    """Stored files that no row of any model references: left behind by deletions before
    files went with their rows, or by an upload whose transaction failed. A file younger
    than `older_than` is left alone: its row may not be committed yet."""
    referenced = _referenced_files(storage)
    cutoff = timezone.now() - older_than
    return [
        Orphan(name, storage.size(name))
        for name in _stored_files(storage)
        if name not in referenced and storage.get_modified_time(name) < cutoff
    ]


def _referenced_files(storage: Storage) -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.storage is storage:
                values = model._base_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
                names.update(name for name in values if name)
    return names


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever uploaded
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from _stored_files(storage, posixpath.join(folder, name) if folder else name)


# --- A full disk ------------------------------------------------------------------------

DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class DiskFull(OSError):
    """The upload folder has no room left (or the quota is reached): nothing was kept."""


class SafeFileSystemStorage(FileSystemStorage):
    """Django's file system storage, which leaves nothing half-written: a file whose writing
    fails (a full disk, an I/O error) is removed before the error goes on, so no partial
    file stays in MEDIA_ROOT. A full disk is raised as `DiskFull`, which the
    `DiskFullMiddleware` turns into a page saying so (the request's transaction, rolled
    back, keeps no row pointing at the file)."""

    def _save(self, name: str, content) -> str:
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError as error:
            if not existed and os.path.lexists(path):
                with contextlib.suppress(OSError):
                    os.remove(path)
            logger.error("saving %s failed, nothing kept: %s", name, error)
            if error.errno in DISK_FULL_ERRNOS:
                raise DiskFull(error.errno, error.strerror or "No space left on device") from error
            raise


class DiskFullMiddleware:
    """A view that could not save a file for want of room answers 507 with a page that
    says so, in the site's layout and the visitor's language, rather than a 500."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DiskFull) or (
            isinstance(exception, OSError) and exception.errno in DISK_FULL_ERRNOS
        ):
            from django.shortcuts import render

            return render(request, "507.html", status=507)
        return None
