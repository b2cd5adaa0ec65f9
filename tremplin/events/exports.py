"""The registrants of an event and who came, as CSV and as XLSX (XlsxWriter)."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.events.models import Event, Registration


def _rows(event: Event) -> tuple[list[str], list[list[str]]]:
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Status"),
        _("Registered on"),
        _("Present"),
        _("Arrived at"),
    ]
    rows = []
    registrations = (
        Registration.objects.filter(event=event)
        .active()
        .select_related("person")
        .order_by("status", "person__last_name", "person__first_name", "pk")
    )
    for r in registrations:
        rows.append(
            [
                r.person.last_name,
                r.person.first_name,
                r.person.email,
                r.get_status_display(),
                timezone.localtime(r.registered_at).strftime("%Y-%m-%d %H:%M"),
                _("yes") if r.is_present else _("no"),
                timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.is_present else "",
            ]
        )
    return header, rows


def _safe(value: str) -> str:
    """A cell a spreadsheet would read as a formula is written as text (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(event: Event) -> bytes:
    header, rows = _rows(event)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM: Excel reads UTF-8


def as_xlsx(event: Event) -> bytes:
    header, rows = _rows(event)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("Registrants")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, header, bold)
    for n, row in enumerate(rows, start=1):
        sheet.write_row(n, 0, row)
    sheet.autofit()
    book.close()
    return out.getvalue()
