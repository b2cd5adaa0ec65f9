"""What each export may hold (its declared columns), its scoped rows, and the writers that
stream them as CSV or XLSX in constant memory.

An export's rows are read with one query (`values_list` over annotated columns, the
many-valued ones as array subqueries) through a server-side cursor
(`.iterator(chunk_size=CHUNK)`): memory holds a chunk, whatever the number of rows.

A cell that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe (`neutralise`).

Extension point: the events' registrants are one more `Export` in `EXPORTS` (its rows,
its columns, its right) and one more `ExportKind`.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, scope_filter
from tremplin.directory.models import Composante, RegistryEntry, Vet
from tremplin.offers.models import Application, Offer
from tremplin.reports import statistics
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportKind

CHUNK = 5_000  # rows per fetch from the server-side cursor
CSV_DELIMITER = ";"  # what a French spreadsheet opens without asking
XLSX_MAX_ROWS = 1_048_575  # per sheet, after the heading; more go to the next sheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    expression: object  # a lookup ("vet__code") or an expression
    choices: dict | None = None  # stored value → label
    joined: bool = False  # an array, written joined with ", "


@dataclass(frozen=True)
class Export:
    kind: ExportKind
    right: Permission
    rows: Callable  # (user, filters) → the scoped queryset
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _codes(model, link: str):
    return ArraySubquery(model.objects.filter(**{link: OuterRef("pk")}).values("code"))


def _choices(choices) -> dict:
    return dict(choices)


def registry_in_scope(user, filters: Filters):
    return (
        RegistryEntry.objects.filter(scope_filter(user, composante="vet__composante", vet="vet"))
        .filter(filters.years("year_obtained"))
        .filter(filters.place(composante="vet__composante", vet="vet"))
    )


EXPORTS = {
    export.kind: export
    for export in (
        Export(
            ExportKind.PEOPLE,
            Permission.PEOPLE_VIEW,
            statistics.people,
            (
                Column("last_name", _("Last name"), "last_name"),
                Column("first_name", _("First name"), "first_name"),
                Column("email", _("E-mail"), "email"),
                Column("kind", _("Kind of person"), "kind", _choices(User.Kind.choices)),
                Column("student_number", _("Student number"), "student_number"),
                Column(
                    "composantes", _("Composantes"), _codes(Composante, "members"), joined=True
                ),
                Column("vets", _("VETs"), _codes(Vet, "members"), joined=True),
                Column("date_joined", _("Registration date"), "date_joined"),
                Column("last_login", _("Last sign-in"), "last_login"),
            ),
        ),
        Export(
            ExportKind.GRADUATES,
            Permission.PEOPLE_VIEW,
            registry_in_scope,
            (
                Column("student_number", _("Student number"), "student_number"),
                Column("birth_name", _("Birth name"), "birth_name"),
                Column("usage_name", _("Usage name"), "usage_name"),
                Column("first_names", _("First names"), "first_names"),
                Column("birth_date", _("Date of birth"), "birth_date"),
                Column("vet_code", _("VET code"), "vet__code"),
                Column("diploma", _("Diploma"), "vet__label"),
                Column(
                    "level",
                    _("Diploma level"),
                    "vet__diploma_level",
                    _choices(Vet.Level.choices),
                ),
                Column("composante", _("Composante"), "vet__composante__code"),
                Column("year_obtained", _("Year obtained"), "year_obtained"),
                Column("institutional_email", _("Institutional e-mail"), "institutional_email"),
                Column("personal_email", _("Personal e-mail"), "personal_email"),
            ),
        ),
        Export(
            ExportKind.OFFERS,
            Permission.OFFERS_MODERATE,
            statistics.offers,
            (
                Column("id", _("Number"), "pk"),
                Column("title", _("Title"), "title"),
                Column("kind", _("Type"), "kind", _choices(Offer.Kind.choices)),
                Column("domain", _("Domain"), "domain", _choices(Offer.Domain.choices)),
                Column("status", _("Status"), "status", _choices(Offer.Status.choices)),
                Column("organisation", _("Organisation"), "organisation__name"),
                Column("city", _("City"), "city"),
                Column("postcode", _("Postcode"), "postcode"),
                Column("level", _("Education level"), "level", _choices(Offer.Level.choices)),
                Column("created_at", _("Created on"), "created_at"),
                Column("published_at", _("Published on"), "published_at"),
                Column("publish_until", _("Published until"), "publish_until"),
                Column(
                    "composantes",
                    _("Targeted composantes"),
                    _codes(Composante, "offers"),
                    joined=True,
                ),
                Column("vets", _("Targeted VETs"), _codes(Vet, "offers"), joined=True),
                Column(
                    "applications",
                    _("Applications"),
                    Coalesce(
                        statistics.SubqueryCount(
                            Application.objects.filter(offer=OuterRef("pk")).values("pk")
                        ),
                        0,
                    ),
                ),
            ),
        ),
        Export(
            ExportKind.APPLICATIONS,
            Permission.OFFERS_MODERATE,
            statistics.applications,
            (
                Column("offer_id", _("Offer number"), "offer_id"),
                Column("offer", _("Offer"), "offer__title"),
                Column("offer_kind", _("Type"), "offer__kind", _choices(Offer.Kind.choices)),
                Column("organisation", _("Organisation"), "offer__organisation__name"),
                Column("last_name", _("Last name"), "candidate__last_name"),
                Column("first_name", _("First name"), "candidate__first_name"),
                Column("email", _("E-mail"), "candidate__email"),
                Column("status", _("Status"), "status", _choices(Application.Status.choices)),
                Column("created_at", _("Sent on"), "created_at"),
            ),
        ),
    )
}


def neutralise(value: str) -> str:
    """A cell a spreadsheet would take for a formula is written as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value, column: Column):
    """A value as it is written: text neutralised, numbers as numbers, dates in ISO."""
    if value is None:
        return ""
    if column.choices is not None:
        return str(column.choices.get(value, value))
    if column.joined:
        return neutralise(", ".join(value))
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def rows(export: Export, user, filters: Filters, keys: list[str]) -> Iterator[list]:
    """The cells of every row, as they are written, read a chunk at a time."""
    columns = [export.column(key) for key in keys]
    annotations = {
        f"x_{c.key}": F(c.expression) if isinstance(c.expression, str) else c.expression
        for c in columns
    }
    queryset = (
        export.rows(user, filters).order_by("pk").annotate(**annotations).values_list(*annotations)
    )
    # Choice labels are translated once, not per row.
    columns = [
        Column(c.key, c.label, c.expression, {k: str(v) for k, v in c.choices.items()}, c.joined)
        if c.choices
        else c
        for c in columns
    ]
    for values in queryset.iterator(chunk_size=CHUNK):
        yield [_cell(value, column) for value, column in zip(values, columns, strict=True)]


def headings(export: Export, keys: list[str]) -> list[str]:
    return [str(export.column(key).label) for key in keys]


def csv_chunks(heading: list[str], cells: Iterable[list], *, rows_per_chunk: int = 1000):
    """UTF-8 (with the mark spreadsheets look for) CSV, a thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(heading)
    for count, row in enumerate(cells, 1):
        writer.writerow(row)
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def write_xlsx(heading: list[str], cells: Iterable[list], output, *, title: str) -> int:
    """Write the rows to `output` (a binary file) as an XLSX workbook in constant memory:
    XlsxWriter flushes each row to a temporary file once the next one begins. Cells are
    written as strings or numbers, never as formulas. Returns the number of rows."""
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "tmpdir": tempfile.gettempdir()}
    )
    bold = workbook.add_format({"bold": True})
    sheet, line, count, sheets = None, 0, 0, 0
    for row in cells:
        if sheet is None or line > XLSX_MAX_ROWS:
            sheets += 1
            sheet = workbook.add_worksheet(f"{title[:25]} {sheets}" if sheets > 1 else title[:31])
            for col, text in enumerate(heading):
                sheet.write_string(0, col, text, bold)
            line = 1
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(line, col, value)
            else:
                sheet.write_string(line, col, value)
        line += 1
        count += 1
    if sheet is None:
        sheet = workbook.add_worksheet(title[:31])
        for col, text in enumerate(heading):
            sheet.write_string(0, col, text, bold)
    workbook.close()
    return count
