from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation

from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.emails import send_import_finished
from tremplin.directory.importer import (
    ImportSummary,
    RegistryFile,
    RegistryFileError,
    import_registry,
    parse_columns,
    run_batch_hooks,
)
from tremplin.directory.models import RegistryEntry, RegistryImport
from tremplin.lib.text import name_key

logger = logging.getLogger(__name__)


def find_graduates(last_name: str, first_name: str, birth_date: date) -> list[RegistryEntry]:
    """The registry rows of a person, whichever way they type their names, newest first.

    Case, accents, ligatures, hyphens, apostrophes and spaces do not matter; the last
    name may be the birth name or the usage name; the first name may be any one of the
    person's first names; the date of birth must be exact. Written in SQL: it runs for
    every graduate registration and the ORM would spend more time building the query
    than PostgreSQL running it.
    """
    last, first = name_key(last_name), name_key(first_name)
    if not last or not first:
        return []
    return list(RegistryEntry.objects.raw(_FIND_SQL, _find_params(last, first, birth_date)))


def explain_find_graduates(
    last_name: str, first_name: str, birth_date: date, *, analyze: bool = False
) -> str:
    """PostgreSQL's plan for the query `find_graduates` runs, for its benchmark and tests."""
    params = _find_params(name_key(last_name), name_key(first_name), birth_date)
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN ANALYZE " if analyze else "EXPLAIN ") + _FIND_SQL, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _find_params(last: str, first: str, birth_date: date) -> list:
    return [last, birth_date, last, birth_date, [first]]


_FIND_SQL = f"""
SELECT * FROM {RegistryEntry._meta.db_table}
WHERE ((birth_name_key = %s AND birth_date = %s) OR (usage_name_key = %s AND birth_date = %s))
  AND first_name_keys @> %s::varchar[]
ORDER BY year_obtained DESC, id DESC
"""  # noqa: S608 (the table's name, values as parameters)


def start_registry_import(
    upload: UploadedFile, *, acting_user, skip_invalid: bool, columns: str, ip_address: str | None
) -> RegistryImport:
    """Keep the uploaded file and defer the job that imports it, in one transaction.

    Only those who hold the `registry.import` right start an import. The directory stands
    below accounts and does not import its rights: it asks Django's `has_perm`, which
    accounts' permission backend answers from the one list of rights."""
    if not acting_user.has_perm("registry.import"):
        raise PermissionDenied("Only administrators import the graduates registry.")
    from tremplin.directory.tasks import run_registry_import

    parse_columns(columns)  # a bad mapping is refused now, not in the worker
    with transaction.atomic():
        registry_import = RegistryImport.objects.create(
            original_name=upload.name[:255],
            skip_invalid=skip_invalid,
            uploaded_by=acting_user,
            columns=columns,
        )
        registry_import.file.save(upload.name, upload, save=True)
        record(
            Action.REGISTRY_IMPORT_STARTED,
            actor=acting_user,
            target=registry_import,
            ip_address=ip_address,
            skip_invalid=skip_invalid,
        )
        run_registry_import.defer(import_id=registry_import.pk)
    return registry_import


def _save_progress(registry_import: RegistryImport, phase: str, done: int, total: int) -> None:
    registry_import.status = phase
    registry_import.progress = min(100, round(100 * done / total)) if total else 100
    registry_import.save(update_fields=["status", "progress"])


def run_import(registry_import: RegistryImport) -> ImportSummary | None:
    """The worker's side: import the file, record the summary, delete the file.

    Reasons for rejected rows are written in the uploader's language.
    """
    uploader = registry_import.uploaded_by
    with translation.override(uploader.language if uploader else None):
        summary = _import_file(registry_import)
    registry_import.progress = 100
    registry_import.finished_at = timezone.now()
    registry_import.file.delete(save=False)  # personal data: not kept once imported
    with transaction.atomic():
        registry_import.save()
        send_import_finished(registry_import)
        record(
            Action.REGISTRY_IMPORT_FINISHED,
            actor=uploader,
            target=registry_import,
            status=registry_import.status,
            created=registry_import.created,
            updated=registry_import.updated,
            rejected=registry_import.rejected,
        )
    return summary


def _import_file(registry_import: RegistryImport) -> ImportSummary | None:
    try:
        registry = RegistryFile(
            registry_import.file.path, columns=parse_columns(registry_import.columns)
        )
        summary = import_registry(
            registry,
            skip_invalid=registry_import.skip_invalid,
            progress=lambda phase, done, total: _save_progress(
                registry_import, phase, done, total
            ),
            on_batch=run_batch_hooks,
        )
    except (RegistryFileError, OSError) as error:
        registry_import.status = RegistryImport.Status.FAILED
        registry_import.errors = [[0, str(error)]]
        return None
    registry_import.status = (
        RegistryImport.Status.DONE if summary.applied else RegistryImport.Status.REJECTED
    )
    registry_import.total_rows = summary.total
    registry_import.created = summary.created
    registry_import.updated = summary.updated
    registry_import.unchanged = summary.unchanged
    registry_import.rejected = summary.rejected
    registry_import.graduated = summary.graduated
    registry_import.errors = [[e.line, e.reason] for e in summary.errors]
    return summary
