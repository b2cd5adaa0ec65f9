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
from tremplin.lib.text import last_name_keys, typed_first_name_keys

logger = logging.getLogger(__name__)


def find_graduates(last_name: str, first_name: str, birth_date: date) -> list[RegistryEntry]:
    """The registry rows of a person, whichever way they type their names, newest first.

    The date of birth must be exact. The last name may be the birth name or the usage
    name, with its particles written, dropped or glued ("de La Fontaine", "Fontaine",
    "Delafontaine"), or a married name written out ("Martin épouse Dupont"): a key of what
    is typed must be one of the row's (`lib.text.last_name_keys`). Every part of the first
    name typed must be one of the person's first names or of their parts, in any order
    ("Jean-Pierre", "Pierre Jean", "Marie"). Case, accents, ligatures, hyphens, apostrophes
    and spaces never matter. Written in SQL: it runs for every graduate registration and
    the ORM would spend more time building the query than PostgreSQL running it.
    """
    params = _find_params(last_name, first_name, birth_date)
    if params is None:
        return []
    return list(RegistryEntry.objects.raw(_FIND_SQL, params))


def explain_find_graduates(
    last_name: str, first_name: str, birth_date: date, *, analyze: bool = False
) -> str:
    """PostgreSQL's plan for the query `find_graduates` runs, for its benchmark and tests."""
    params = _find_params(last_name, first_name, birth_date) or [birth_date, [""], [""]]
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN ANALYZE " if analyze else "EXPLAIN ") + _FIND_SQL, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _find_params(last_name: str, first_name: str, birth_date: date) -> list | None:
    last, first = list(last_name_keys(last_name)), typed_first_name_keys(first_name)
    if not last or not first:
        return None
    return [birth_date, last, first]


_FIND_SQL = f"""
SELECT * FROM {RegistryEntry._meta.db_table}
WHERE birth_date = %s AND name_keys && %s::varchar[] AND first_name_keys @> %s::varchar[]
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
