"""Exports and export models: who may, how often, and the audit row of each."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tremplin.accounts.permissions import may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.ratelimit import RateLimit, RateLimited
from tremplin.reports.exports import EXPORTS, Export, headings, rows, write_xlsx
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportFile, ExportKind, ExportModel

__all__ = [
    "RateLimited",
    "delete_export_model",
    "prepare_export",
    "save_export_model",
]

EXPORT_ACTIONS = {
    ExportKind.PEOPLE: Action.EXPORT_PEOPLE,
    ExportKind.GRADUATES: Action.EXPORT_GRADUATES,
    ExportKind.OFFERS: Action.EXPORT_OFFERS,
    ExportKind.APPLICATIONS: Action.EXPORT_APPLICATIONS,
}


def export_limit() -> RateLimit:
    limit, period = settings.EXPORT_RATE_LIMIT
    return RateLimit("reports-export", limit=limit, period=period)


def exports_for(user) -> list[Export]:
    """The kinds of export this user's rights open."""
    return [export for export in EXPORTS.values() if may(user, export.right)]


def export_for(user, kind: str) -> Export:
    """The export of this kind if the user may run it; else a 404, as for a page."""
    export = EXPORTS.get(kind)
    if export is None or not may(user, export.right):
        raise Http404
    return export


@dataclass(frozen=True)
class PreparedExport:
    export: Export
    columns: list[str]
    filters: Filters
    rows: int
    export_file: ExportFile | None = None  # written by a worker: no rows to stream here


def prepare_export(
    kind: str,
    *,
    acting_user,
    columns: list[str],
    filters: Filters,
    file_format: str,
    ip_address: str | None = None,
) -> PreparedExport:
    """Check the right, the columns and the rate limit, and write the audit row (with the
    number of rows) before a single row leaves: the caller then streams the rows."""
    export = export_for(acting_user, kind)
    unknown = set(columns) - set(export.keys)
    if not columns or unknown:
        raise ValueError(f"Unknown columns: {sorted(unknown)}")
    if not export_limit().hit(str(acting_user.pk)):
        raise RateLimited
    from tremplin.reports.tasks import write_export_file_job

    with transaction.atomic():
        count = export.rows(acting_user, filters).count()
        export_file = None
        if file_format == "xlsx" and count > settings.EXPORT_XLSX_MAX_ROWS:
            # Too long for a request: a worker writes it (`write_export_file`).
            export_file = ExportFile.objects.create(
                owner=acting_user,
                kind=export.kind,
                columns=columns,
                filters=filters.as_ids(),
                total_rows=count,
            )
            write_export_file_job.defer(export_file_id=export_file.pk)
        record(
            EXPORT_ACTIONS[export.kind],
            actor=acting_user,
            target=export_file,
            ip_address=ip_address,
            format=file_format,
            columns=columns,
            rows=count,
            **filters.as_details(),
        )
    return PreparedExport(export, columns, filters, count, export_file)


def write_export_file(export_file: ExportFile) -> None:
    """The worker's part: write the XLSX of an `ExportFile` in constant memory, with the
    owner's scope as it is now, reporting its progress every PROGRESS_EVERY rows."""
    export = EXPORTS[export_file.kind]
    ExportFile.objects.filter(pk=export_file.pk).update(status=ExportFile.Status.WRITING)

    def progress(count: int) -> None:
        ExportFile.objects.filter(pk=export_file.pk).update(written_rows=count)

    try:
        cells = rows(
            export, export_file.owner, Filters.from_ids(export_file.filters), export_file.columns
        )
        with tempfile.TemporaryFile() as output:
            count = write_xlsx(
                headings(export, export_file.columns),
                cells,
                output,
                title=str(export.kind.label),
                progress=progress,
            )
            export_file.file.save(
                f"tremplin-{export.kind}-{timezone.localdate():%Y%m%d}-{export_file.pk}.xlsx",
                File(output),
                save=False,
            )
    except Exception:
        ExportFile.objects.filter(pk=export_file.pk).update(
            status=ExportFile.Status.FAILED, finished_at=timezone.now()
        )
        raise
    export_file.status = ExportFile.Status.DONE
    export_file.written_rows = count
    export_file.finished_at = timezone.now()
    export_file.save(update_fields=["file", "status", "written_rows", "finished_at"])


def save_export_model(
    *, acting_user, kind: str, name: str, columns: list[str], ip_address: str | None = None
) -> ExportModel:
    """Save (or replace, under the same name) the chosen columns of an export."""
    export = export_for(acting_user, kind)
    columns = [key for key in export.keys if key in columns]  # in the declared order
    if not columns:
        raise ValueError("An export model needs columns.")
    with transaction.atomic():
        model, _created = ExportModel.objects.update_or_create(
            owner=acting_user, kind=export.kind, name=name, defaults={"columns": columns}
        )
        record(
            Action.EXPORT_MODEL_SAVED,
            actor=acting_user,
            target=model,
            ip_address=ip_address,
            columns=columns,
        )
    return model


def delete_export_model(model: ExportModel, *, acting_user, ip_address: str | None = None):
    if model.owner_id != acting_user.pk:
        raise Http404
    with transaction.atomic():
        record(Action.EXPORT_MODEL_DELETED, actor=acting_user, target=model, ip_address=ip_address)
        model.delete()
