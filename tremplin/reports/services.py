"""Exports and export models: who may, how often, and the audit row of each."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404

from tremplin.accounts.permissions import may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.ratelimit import RateLimit, RateLimited
from tremplin.reports.exports import EXPORTS, Export
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportKind, ExportModel

__all__ = [
    "RateLimited",
    "TooManyRows",
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


class TooManyRows(Exception):
    """More rows than an XLSX file is written in within a request (EXPORT_XLSX_MAX_ROWS):
    the CSV, written by PostgreSQL, takes them all."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


@dataclass(frozen=True)
class PreparedExport:
    export: Export
    columns: list[str]
    filters: Filters
    rows: int


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
    with transaction.atomic():
        count = export.rows(acting_user, filters).count()
        if file_format == "xlsx" and count > settings.EXPORT_XLSX_MAX_ROWS:
            raise TooManyRows(count)
        record(
            EXPORT_ACTIONS[export.kind],
            actor=acting_user,
            ip_address=ip_address,
            format=file_format,
            columns=columns,
            rows=count,
            **filters.as_details(),
        )
    return PreparedExport(export, columns, filters, count)


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
