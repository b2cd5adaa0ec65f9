"""Import the graduates registry from the student information system's extraction.

The default layout is an Apogée extraction: semicolon-separated, UTF-8 or Latin-1,
dates DD/MM/YYYY, one row per diploma obtained. Other systems (Aurion…) map their own
column names onto the same fields with `parse_columns()`.

An import runs in two passes so that memory stays flat at any size:
1. every row of the file is checked, and the valid ones spooled to a temporary file; a
   file with errors imports nothing unless `skip_invalid`;
2. the spooled rows are upserted in batches keyed on (student number, VET, year), each
   batch in its own transaction through COPY and `INSERT … ON CONFLICT`. Running the
   same file twice creates nothing the second time: rows are created, updated or
   unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import pickle
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tremplin.directory.models import Composante, RegistryEntry, Vet, registry_name_keys
from tremplin.lib.text import first_name_keys, name_key

APOGEE_COLUMNS: dict[str, str] = {
    "student_number": "COD_ETU",
    "birth_name": "NOM_PATRONYMIQUE",
    "usage_name": "NOM_USUEL",
    "first_names": "PRENOM1",
    "birth_date": "DATE_NAI_IND",
    "vet_code": "COD_VET",
    "vet_version": "COD_VRS_VET",
    "vet_label": "LIB_VET",
    "composante_code": "COD_CMP",
    "composante_label": "LIB_CMP",
    "year": "ANNEE_OBT",
    "institutional_email": "EMAIL_ETAB",
    "personal_email": "EMAIL_PERSO",
}
REQUIRED_FIELDS = (
    "student_number",
    "birth_name",
    "first_names",
    "birth_date",
    "vet_code",
    "composante_code",
    "year",
)
BATCH_SIZE = 5000
MAX_REPORTED_ERRORS = 1000

Progress = Callable[[str, int, int], None]  # (phase, done, total)
BatchHook = Callable[[list["RegistryRow"]], int]  # called in each batch's transaction

_batch_hooks: list[BatchHook] = []


def register_batch_hook(hook: BatchHook) -> None:
    """Have `hook(rows)` called with each batch of imported rows, inside the transaction
    that writes them, by `manage.py import_registry` and the back office's import job; it
    returns how many students of the platform the rows made graduates (the summary's
    `graduated`). The graduates app registers the graduation of students from its
    `AppConfig.ready()`: the directory does not import the floors above it."""
    if hook not in _batch_hooks:
        _batch_hooks.append(hook)


def run_batch_hooks(rows: list[RegistryRow]) -> int:
    """Call every registered hook with these rows; how many students they graduated."""
    return sum(hook(rows) for hook in _batch_hooks)


class RegistryFileError(Exception):
    """The file as a whole cannot be read (missing columns, empty file…)."""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class RegistryRow:
    student_number: str
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: date
    vet_code: str
    vet_version: str
    vet_label: str
    composante_code: str
    composante_label: str
    year: int
    institutional_email: str
    personal_email: str

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.student_number, self.vet_code, self.vet_version, self.year)


@dataclass
class ImportSummary:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: int = 0
    graduated: int = 0  # students of the platform the rows made graduates
    applied: bool = False


def parse_columns(spec: str) -> dict[str, str]:
    """Read `field=COLUMN,field=COLUMN` over the Apogée defaults.

    `first_names=PRENOM1+PRENOM2` joins several columns with spaces.
    """
    columns = dict(APOGEE_COLUMNS)
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column:
            raise RegistryFileError(_("“%(item)s”: expected field=COLUMN.") % {"item": item})
        if name not in APOGEE_COLUMNS:
            raise RegistryFileError(
                _("Unknown field “%(name)s”; the fields are: %(fields)s.")
                % {"name": name, "fields": ", ".join(APOGEE_COLUMNS)}
            )
        columns[name] = column
    return columns


def _decoded_lines(handle, position: list[int]) -> Iterator[str]:
    """Decode line by line: UTF-8, or Latin-1 for the lines that are not UTF-8."""
    for raw in handle:
        position[0] += len(raw)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


class RegistryFile:
    def __init__(
        self,
        path: Path,
        *,
        columns: dict[str, str] | None = None,
        delimiter: str = ";",
        date_format: str = "%d/%m/%Y",
    ) -> None:
        self.path = Path(path)
        self.columns = columns or APOGEE_COLUMNS
        self.delimiter = delimiter
        self.date_format = date_format
        self.size = self.path.stat().st_size
        self.today = date.today()

    def rows(
        self, position: list[int] | None = None
    ) -> Iterator[tuple[int, RegistryRow | RowError]]:
        """Yield (line number, row or error) for every data row of the file."""
        position = position if position is not None else [0]
        with self.path.open("rb") as handle:
            reader = csv.reader(_decoded_lines(handle, position), delimiter=self.delimiter)
            header = next(reader, None)
            if not header:
                raise RegistryFileError(_("The file is empty."))
            header[0] = header[0].lstrip("\ufeff")
            index = self._column_index([name.strip() for name in header])
            width = len(header)
            for values in reader:
                line = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                if len(values) != width:
                    yield (
                        line,
                        RowError(
                            line,
                            _("%(found)d columns instead of %(expected)d.")
                            % {"found": len(values), "expected": width},
                        ),
                    )
                    continue
                yield line, self._parse(line, values, index)

    def _column_index(self, header: list[str]) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        missing = []
        for name, spec in self.columns.items():
            positions = []
            for column in spec.split("+"):
                if column in header:
                    positions.append(header.index(column))
                elif name in REQUIRED_FIELDS:
                    missing.append(column)
            index[name] = positions
        if missing:
            raise RegistryFileError(
                _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        return index

    def _date(self, value: str) -> date:
        if self.date_format == "%d/%m/%Y":  # Apogée's, a million times: no strptime
            day, month, year = value.split("/")
            if len(year) != 4:
                raise ValueError(value)
            return date(int(year), int(month), int(day))
        return datetime.strptime(value, self.date_format).date()

    def _parse(self, line: int, values: list[str], index: dict[str, list[int]]):
        data = {name: _cell(values, positions) for name, positions in index.items()}
        problems = [
            _("%(field)s is empty") % {"field": self.columns[name]}
            for name in REQUIRED_FIELDS
            if not data[name]
        ]
        birth_date = year = None
        if data["birth_date"]:
            try:
                birth_date = self._date(data["birth_date"])
            except ValueError:
                problems.append(
                    _("unreadable date of birth “%(value)s”") % {"value": data["birth_date"]}
                )
            else:
                if not date(1900, 1, 1) <= birth_date < self.today:
                    problems.append(
                        _("implausible date of birth “%(value)s”") % {"value": data["birth_date"]}
                    )
        if data["year"]:
            try:
                year = int(data["year"])
            except ValueError:
                year = None
            if year is None or not 1950 <= year <= self.today.year + 1:
                problems.append(_("implausible year “%(value)s”") % {"value": data["year"]})
        for name in ("institutional_email", "personal_email"):
            if data[name] and not _is_email(data[name]):
                problems.append(_("invalid e-mail “%(value)s”") % {"value": data[name]})
        if problems:
            return RowError(line, "; ".join(problems) + ".")
        return RegistryRow(
            student_number=data["student_number"],
            birth_name=data["birth_name"],
            usage_name=data["usage_name"],
            first_names=data["first_names"],
            birth_date=birth_date,
            vet_code=data["vet_code"],
            vet_version=data["vet_version"] or "1",
            vet_label=data["vet_label"] or data["vet_code"],
            composante_code=data["composante_code"],
            composante_label=data["composante_label"] or data["composante_code"],
            year=year,
            institutional_email=data["institutional_email"].lower(),
            personal_email=data["personal_email"].lower(),
        )


def _cell(values: list[str], positions: list[int]) -> str:
    """The value of a field: its column(s), spaces trimmed and runs of spaces collapsed."""
    if len(positions) == 1:
        value = values[positions[0]].strip()
        return " ".join(value.split()) if "  " in value or "\t" in value else value
    return " ".join(" ".join(values[i].split()) for i in positions if values[i].strip())


# Plain addresses pass at once; anything else gets Django's full validation.
_PLAIN_EMAIL = re.compile(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}$")


def _is_email(value: str) -> bool:
    if _PLAIN_EMAIL.match(value):
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _row_hash(row: RegistryRow) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, row.key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def check(
    registry: RegistryFile, summary: ImportSummary, progress: Progress | None, spool: IO[bytes]
) -> None:
    """First pass: count the rows, collect the errors, and spool the valid rows in
    batches, so the second pass writes them without reading the file again."""
    seen: dict[int, int] = {}
    position = [0]
    valid: list[RegistryRow] = []
    for count, (line, row) in enumerate(registry.rows(position), start=1):
        if isinstance(row, RegistryRow):
            first_line = seen.setdefault(_row_hash(row), line)
            if first_line != line:
                row = RowError(
                    line,
                    _("Same student, VET and year as line %(line)d.") % {"line": first_line},
                )
        if isinstance(row, RowError):
            summary.rejected += 1
            if len(summary.errors) < MAX_REPORTED_ERRORS:
                summary.errors.append(row)
        else:
            valid.append(row)
            if len(valid) >= BATCH_SIZE:
                pickle.dump(valid, spool, protocol=pickle.HIGHEST_PROTOCOL)
                valid = []
        summary.total += 1
        if progress and count % 10000 == 0:
            progress("checking", position[0], registry.size)
    if valid:
        pickle.dump(valid, spool, protocol=pickle.HIGHEST_PROTOCOL)
    if progress:
        progress("checking", registry.size, registry.size)


class Referential:
    """Composantes and VETs by code, created from the rows' labels when unknown."""

    def __init__(self) -> None:
        self.composantes = dict(Composante.objects.values_list("code", "id"))
        self.vets = {
            (code, version) for code, version in Vet.objects.values_list("code", "version")
        }

    def ensure(self, rows: list[RegistryRow]) -> None:
        new_composantes = {
            r.composante_code: r.composante_label
            for r in rows
            if r.composante_code not in self.composantes
        }
        if new_composantes:
            Composante.objects.bulk_create(
                [Composante(code=c, label=label) for c, label in new_composantes.items()],
                ignore_conflicts=True,
            )
            self.composantes.update(
                Composante.objects.filter(code__in=new_composantes).values_list("code", "id")
            )
        new_vets = {
            (r.vet_code, r.vet_version): r
            for r in rows
            if (r.vet_code, r.vet_version) not in self.vets
        }
        if new_vets:
            Vet.objects.bulk_create(
                [
                    Vet(
                        code=code,
                        version=version,
                        label=r.vet_label,
                        composante_id=self.composantes[r.composante_code],
                    )
                    for (code, version), r in new_vets.items()
                ],
                ignore_conflicts=True,
            )
            self.vets.update(new_vets)


_COPY_COLUMNS = (
    "student_number",
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
    "vet_code",
    "vet_version",
    "year_obtained",
    "institutional_email",
    "personal_email",
    "birth_name_key",
    "usage_name_key",
    "first_name_keys",
    "name_keys",
)
_DATA_COLUMNS = (
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
    "institutional_email",
    "personal_email",
    "birth_name_key",
    "usage_name_key",
    "first_name_keys",
    "name_keys",
)


def upsert_rows(
    rows: list[RegistryRow], referential: Referential | None = None
) -> tuple[int, int]:
    """Write one batch in the current transaction; return (created, updated)."""
    referential = referential or Referential()
    referential.ensure(rows)
    table = RegistryEntry._meta.db_table
    vet_table = Vet._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS registry_incoming ("
            "student_number text, birth_name text, usage_name text, first_names text,"
            " birth_date date, vet_code text, vet_version text, year_obtained int,"
            " institutional_email text, personal_email text, birth_name_key text,"
            " usage_name_key text, first_name_keys text[], name_keys text[])"
        )
        with cursor.copy(
            f"COPY registry_incoming ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row(
                    (
                        r.student_number,
                        r.birth_name,
                        r.usage_name,
                        r.first_names,
                        r.birth_date,
                        r.vet_code,
                        r.vet_version,
                        r.year,
                        r.institutional_email,
                        r.personal_email,
                        name_key(r.birth_name),
                        name_key(r.usage_name),
                        first_name_keys(r.first_names),
                        registry_name_keys(r.birth_name, r.usage_name),
                    )
                )
        data = ", ".join(_DATA_COLUMNS)
        incoming = ", ".join(f"i.{c}" for c in _DATA_COLUMNS)
        excluded = ", ".join(f"EXCLUDED.{c}" for c in _DATA_COLUMNS)
        current = ", ".join(f"t.{c}" for c in _DATA_COLUMNS)
        cursor.execute(
            f"INSERT INTO {table} AS t (student_number, vet_id, year_obtained, {data},"  # noqa: S608
            " created_at, updated_at)"
            f" SELECT i.student_number, v.id, i.year_obtained, {incoming},"
            f" now(), now() FROM registry_incoming i JOIN {vet_table} v"
            " ON v.code = i.vet_code AND v.version = i.vet_version"
            " ON CONFLICT (student_number, vet_id, year_obtained) DO UPDATE"
            f" SET ({data}, updated_at) = ({excluded}, now())"
            f" WHERE ({current}) IS DISTINCT FROM ({excluded})"
            " RETURNING (xmax = 0)"
        )
        inserted = [flag for (flag,) in cursor.fetchall()]
        cursor.execute("TRUNCATE registry_incoming")
    created = sum(inserted)
    return created, len(inserted) - created


def import_registry(
    registry: RegistryFile,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    on_batch: BatchHook | None = None,
) -> ImportSummary:
    """Check, then upsert the file. `on_batch` runs in each batch's transaction (Tremplin
    passes `run_batch_hooks`, which turns the students named by the rows into graduates)."""
    summary = ImportSummary()
    with tempfile.TemporaryFile() as spool:
        check(registry, summary, progress, spool)
        if summary.rejected and not skip_invalid:
            return summary
        to_import = summary.total - summary.rejected
        referential = Referential()
        done = 0
        spool.seek(0)
        while batch := _next_batch(spool):
            with transaction.atomic():
                created, updated = upsert_rows(batch, referential)
                if on_batch is not None:
                    summary.graduated += on_batch(batch)
            summary.created += created
            summary.updated += updated
            summary.unchanged += len(batch) - created - updated
            done += len(batch)
            if progress:
                progress("importing", done, to_import)
    summary.applied = True
    return summary


def _next_batch(spool: IO[bytes]) -> list[RegistryRow]:
    try:
        return pickle.load(spool)  # noqa: S301 (our own spool file, written just before)
    except EOFError:
        return []
