"""What each export may hold (its declared columns), its scoped rows, and the writers that
stream them as CSV or XLSX in constant memory.

An export's rows are read with one SQL statement (`statement`): the scoped queryset with
its single-valued cells annotated, left-joined to one GROUP BY per many-valued column
chosen (`Grouped`: the codes an offer is aimed at, its number of applications), each
computed once over its table for all the rows rather than by a subquery per row. It is
read through a server-side cursor, CHUNK rows at a time (XLSX), or written by PostgreSQL
itself as CSV (COPY): memory holds a chunk, whatever the number of rows.

A cell that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe (`Neutralised` in SQL, `neutralise` in
Python).

Extension point: the events' registrants are one more `Export` in `EXPORTS` (its rows,
its columns, its right) and one more `ExportKind`.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, scope_filter
from tremplin.directory.models import RegistryEntry, Vet
from tremplin.offers.models import Application, Offer
from tremplin.reports import statistics
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportKind

CHUNK = 5_000  # rows per fetch from the server-side cursor
PROGRESS_EVERY = 10_000  # rows between two progress reports of a worker's XLSX
CSV_DELIMITER = ";"  # what a French spreadsheet opens without asking
XLSX_MAX_ROWS = 1_048_575  # per sheet, after the heading; more go to the next sheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CODES = [ord(start) for start in FORMULA_STARTS]  # the same, for PostgreSQL


@dataclass(frozen=True)
class Grouped:
    """A column of many values per row (the codes an offer is aimed at, its number of
    applications), computed once for all the rows instead of by a subquery per row:
    `per_row()` is a queryset of `key` (the primary key of a row of the export) and
    `value` (its cell, formatted and neutralised), one row per key that has any, grouped
    over the whole related table (an index-only scan of its foreign key: restricting it
    to the export's rows cost a second scan of them, and PostgreSQL read the whole index
    all the same). The export's rows are left-joined to it: they alone are written;
    `empty` is the cell of a row it does not name."""

    per_row: Callable[[], QuerySet]
    empty: str | int = ""


@dataclass(frozen=True)
class Column:
    """One column an export may hold. `kind` says how PostgreSQL writes it as a cell:
    "text" (neutralised), "int", "date", "datetime" (local time), "choice" (the label of
    the stored value, from `choices`). A `Grouped` expression writes its own cells."""

    key: str
    label: str
    expression: object  # a lookup ("vet__code"), an expression, or Grouped
    choices: dict | None = None  # stored value → label
    kind: str = "text"

    @property
    def grouped(self) -> Grouped | None:
        return self.expression if isinstance(self.expression, Grouped) else None

    def cell(self, *, in_local_time: bool = False):
        """The expression of the cell, as text (or a number), formatted by PostgreSQL.
        `in_local_time`: the session's time zone is TIME_ZONE (`in_local_time()`), so a
        date and time is written as it is rather than converted first."""
        value = F(self.expression) if isinstance(self.expression, str) else self.expression
        if self.choices is not None:
            return Case(
                *(
                    When(**{self.expression: k}, then=Value(str(v)))
                    for k, v in self.choices.items()
                ),
                default=value,
                output_field=CharField(),
            )
        if self.kind == "int":
            return value
        if self.kind == "datetime":
            local = (
                value
                if in_local_time
                else Func(Value(settings.TIME_ZONE), value, function="timezone")
            )
            return Func(
                local, Value("YYYY-MM-DD HH24:MI"), function="to_char", output_field=CharField()
            )
        if self.kind == "date":
            return Func(value, Value("YYYY-MM-DD"), function="to_char", output_field=CharField())
        return Neutralised(value)


class Neutralised(Case):
    """What a spreadsheet would compute (a text beginning with =, +, -, @, tab or carriage
    return) with a leading apostrophe, written by PostgreSQL. The first character's code
    is compared (`ascii`), and only the few texts that need it are copied: a
    `regexp_replace` of every cell took PostgreSQL half again as long over the registry's
    eight text columns."""

    def __init__(self, expression) -> None:
        first = Func(expression, function="ascii", output_field=IntegerField())
        super().__init__(
            When(In(first, FORMULA_CODES), then=Concat(Value("'"), expression)),
            default=expression,
            output_field=CharField(),
        )


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


def _codes(relation) -> Grouped:
    """The codes of what a row is linked to by the many-to-many `relation` (`Offer.vets`,
    `User.composantes`), in their order, joined with ", "."""
    field = relation.field
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()

    def per_row() -> QuerySet:
        code = f"{target}__code"
        return (
            through.objects.values(key=F(f"{source}_id"))
            .annotate(value=Neutralised(StringAgg(code, ", ", order_by=code)))
            .values("key", "value")
        )

    return Grouped(per_row)


def _count(model, link: str) -> Grouped:
    """How many rows of `model` point at a row by the foreign key `link`."""

    def per_row() -> QuerySet:
        return (
            model.objects.order_by()
            .values(key=F(f"{link}_id"))
            .annotate(value=Count("*"))
            .values("key", "value")
        )

    return Grouped(per_row, empty=0)


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
                Column("composantes", _("Composantes"), _codes(User.composantes)),
                Column("vets", _("VETs"), _codes(User.vets)),
                Column("date_joined", _("Registration date"), "date_joined", kind="datetime"),
                Column("last_login", _("Last sign-in"), "last_login", kind="datetime"),
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
                Column("birth_date", _("Date of birth"), "birth_date", kind="date"),
                Column("vet_code", _("VET code"), "vet__code"),
                Column("diploma", _("Diploma"), "vet__label"),
                Column(
                    "level",
                    _("Diploma level"),
                    "vet__diploma_level",
                    _choices(Vet.Level.choices),
                ),
                Column("composante", _("Composante"), "vet__composante__code"),
                Column("year_obtained", _("Year obtained"), "year_obtained", kind="int"),
                Column("institutional_email", _("Institutional e-mail"), "institutional_email"),
                Column("personal_email", _("Personal e-mail"), "personal_email"),
            ),
        ),
        Export(
            ExportKind.OFFERS,
            Permission.OFFERS_MODERATE,
            statistics.offers,
            (
                Column("id", _("Number"), "pk", kind="int"),
                Column("title", _("Title"), "title"),
                Column("kind", _("Type"), "kind", _choices(Offer.Kind.choices)),
                Column("domain", _("Domain"), "domain", _choices(Offer.Domain.choices)),
                Column("status", _("Status"), "status", _choices(Offer.Status.choices)),
                Column("organisation", _("Organisation"), "organisation__name"),
                Column("city", _("City"), "city"),
                Column("postcode", _("Postcode"), "postcode"),
                Column("level", _("Education level"), "level", _choices(Offer.Level.choices)),
                Column("created_at", _("Created on"), "created_at", kind="datetime"),
                Column("published_at", _("Published on"), "published_at", kind="datetime"),
                Column("publish_until", _("Published until"), "publish_until", kind="datetime"),
                Column("composantes", _("Targeted composantes"), _codes(Offer.composantes)),
                Column("vets", _("Targeted VETs"), _codes(Offer.vets)),
                Column("applications", _("Applications"), _count(Application, "offer")),
            ),
        ),
        Export(
            ExportKind.APPLICATIONS,
            Permission.OFFERS_MODERATE,
            statistics.applications,
            (
                Column("offer_id", _("Offer number"), "offer_id", kind="int"),
                Column("offer", _("Offer"), "offer__title"),
                Column("offer_kind", _("Type"), "offer__kind", _choices(Offer.Kind.choices)),
                Column("organisation", _("Organisation"), "offer__organisation__name"),
                Column("last_name", _("Last name"), "candidate__last_name"),
                Column("first_name", _("First name"), "candidate__first_name"),
                Column("email", _("E-mail"), "candidate__email"),
                Column("status", _("Status"), "status", _choices(Application.Status.choices)),
                Column("created_at", _("Sent on"), "created_at", kind="datetime"),
            ),
        ),
    )
}


def neutralise(value: str) -> str:
    """A cell a spreadsheet would take for a formula is written as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def statement(
    export: Export, user, filters: Filters, keys: list[str], *, in_local_time: bool = False
) -> tuple[str, list]:
    """The SQL (and its parameters) of the export's rows in the order of their primary
    keys, the columns `keys` in that order, every cell formatted (and neutralised) by
    PostgreSQL: the scoped rows with their single-valued cells, left-joined to each
    many-valued column's GROUP BY (`Grouped`). `in_local_time`:
    run within `in_local_time()`."""
    found = export.rows(user, filters)
    columns = [export.column(key) for key in keys]
    plain = {
        f"x_{c.key}": c.cell(in_local_time=in_local_time) for c in columns if c.grouped is None
    }
    base = found.order_by().annotate(row_key=F("pk"), **plain).values_list("row_key", *plain)
    # A scope that covers nothing (`.none()`) is written as a condition always false.
    sql, base_params = base.query.get_compiler(connection=connection, elide_empty=False).as_sql()
    quote = connection.ops.quote_name
    cells, joins, params = [], [], list(base_params)
    for number, column in enumerate(columns):
        if column.grouped is None:
            cells.append(f'"base".{quote("x_" + column.key)}')
            continue
        alias = quote(f"g{number}")
        grouped_sql, grouped_params = column.grouped.per_row().query.sql_with_params()
        joins.append(f'LEFT JOIN ({grouped_sql}) {alias} ON {alias}."key" = "base"."row_key"')
        params += grouped_params
        empty = "0" if isinstance(column.grouped.empty, int) else "''"
        cells.append(f'COALESCE({alias}."value", {empty})')
    return (
        f'SELECT {", ".join(cells)} FROM ({sql}) "base" {" ".join(joins)} '  # noqa: S608 (the ORM's SQL, our names)
        'ORDER BY "base"."row_key"',
        params,
    )


@contextmanager
def in_local_time() -> Iterator[CursorWrapper]:
    """A cursor in a transaction whose time zone is TIME_ZONE: PostgreSQL writes a date
    and time (`to_char` of a timestamptz) in local time as it is, instead of converting
    each one by the zone's name (`timezone('Europe/Paris', …)`, a fifth of the time of an
    offers export). The time zone is set back as it was after; after an error, the
    rollback does it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('TimeZone')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [settings.TIME_ZONE])
        yield cursor
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [previous])


def rows(export: Export, user, filters: Filters, keys: list[str]) -> Iterator[list]:
    """The cells of every row (text or numbers), read CHUNK rows at a time through a
    server-side cursor. No transaction is held open while they are read (a worker's
    progress, written meanwhile, must show), so dates and times are converted one by one:
    Python's XLSX is far slower anyway."""
    sql, params = statement(export, user, filters, keys)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            for values in chunk:
                yield ["" if value is None else value for value in values]


def csv_rows(export: Export, user, filters: Filters, keys: list[str]) -> Iterator[bytes]:
    """The rows as CSV, written by PostgreSQL itself (COPY … TO STDOUT), in blocks of
    about 64 kB: constant memory, and no Python work per cell."""
    sql, params = statement(export, user, filters, keys, in_local_time=True)
    copy_sql = (
        f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, DELIMITER '{CSV_DELIMITER}', ENCODING 'UTF8')"
    )
    buffer = bytearray()
    with in_local_time() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
        for data in copy:
            buffer += data
            if len(buffer) >= 65536:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)


def headings(export: Export, keys: list[str]) -> list[str]:
    return [str(export.column(key).label) for key in keys]


def csv_file(heading: list[str], body: Iterable[bytes]) -> Iterator[bytes]:
    """UTF-8 CSV with the mark spreadsheets look for, its headings, then the rows."""
    line = io.StringIO()
    csv.writer(line, delimiter=CSV_DELIMITER, lineterminator="\n").writerow(
        [neutralise(text) for text in heading]
    )
    yield ("\ufeff" + line.getvalue()).encode()
    yield from body


def write_xlsx(
    heading: list[str],
    cells: Iterable[list],
    output,
    *,
    title: str,
    progress: Callable[[int], None] | None = None,
) -> int:
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
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    if sheet is None:
        sheet = workbook.add_worksheet(title[:31])
        for col, text in enumerate(heading):
            sheet.write_string(0, col, text, bold)
    workbook.close()
    return count
