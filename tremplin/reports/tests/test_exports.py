"""The export writers and rows (`tremplin.reports.exports`): every declared column, the
scope, formula neutralisation, and the CSV and XLSX files as a spreadsheet reads them."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.directory.models import RegistryEntry
from tremplin.offers.models import Application, Offer
from tremplin.reports.exports import (
    EXPORTS,
    csv_file,
    csv_rows,
    headings,
    neutralise,
    rows,
    write_xlsx,
)
from tremplin.reports.filters import Filters
from tremplin.reports.models import ExportKind
from tremplin.reports.tests.conftest import offer_in_scope, person_in_scope
from tremplin.testing import composante, vet

STAFF = ["admin", "resp_a", "resp_b", "resp_vet"]


def all_rows(kind, user, filters=None, keys=None):
    export = EXPORTS[kind]
    return list(rows(export, user, filters or Filters(), keys or export.keys))


@pytest.mark.parametrize("value", ["=1+1", "+33 4 73", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_compute_is_written_as_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Léa", "1+1", "a=b", ""])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("name", STAFF)
def test_people_exported_are_those_in_scope(world, name):
    viewer = world.staff[name]
    expected = [
        p
        for p in User.objects.all()
        if p.kind in ("student", "graduate") and person_in_scope(name, p)
    ]
    found = all_rows(ExportKind.PEOPLE, viewer, keys=["email", "kind", "composantes", "vets"])
    assert sorted(found) == sorted(
        [
            p.email,
            p.get_kind_display(),
            ", ".join(sorted(c.code for c in p.composantes.all())),
            ", ".join(sorted(v.code for v in p.vets.all())),
        ]
        for p in expected
    )


def test_the_people_export_neutralises_a_formula_in_a_name(world):
    names = [
        row[0] for row in all_rows(ExportKind.PEOPLE, world.staff["admin"], keys=["last_name"])
    ]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not [n for n in names if n.startswith("=")]


@pytest.mark.parametrize("value", ["=1+1", "+33 4 73", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_postgresql_neutralises_every_cell_a_spreadsheet_would_compute(world, value):
    """In the rows (XLSX) and in the CSV PostgreSQL writes, as `neutralise` does."""
    testing.registry_entry(birth_name=value, first_names="Élodie", vet_code="L3INF", year=2020)
    export = EXPORTS[ExportKind.GRADUATES]
    keys = ["birth_name", "first_names", "year_obtained"]
    admin = world.staff["admin"]
    found = [row for row in all_rows(ExportKind.GRADUATES, admin, keys=keys) if row[2] == 2020]
    assert found == [["'" + value, "Élodie", 2020]]
    data = b"".join(csv_rows(export, admin, Filters(), keys)).decode()
    table = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert [row for row in table if row[2] == "2020"] == [["'" + value, "Élodie", "2020"]]


@pytest.mark.parametrize("name", STAFF)
def test_graduates_are_the_registry_rows_in_scope_with_their_diploma(world, name):
    viewer = world.staff[name]
    rule = {
        "admin": lambda e: True,
        "resp_a": lambda e: e.vet.composante.code == "SCI",
        "resp_b": lambda e: e.vet.composante.code == "DRT",
        "resp_vet": lambda e: e.vet.code == "L3INF",
    }[name]
    expected = [e for e in RegistryEntry.objects.select_related("vet__composante") if rule(e)]
    found = all_rows(
        ExportKind.GRADUATES,
        viewer,
        keys=["birth_name", "vet_code", "composante", "year_obtained"],
    )
    assert sorted(found) == sorted(
        [neutralise(e.birth_name), e.vet.code, e.vet.composante.code, e.year_obtained]
        for e in expected
    )


@pytest.mark.parametrize("name", [*STAFF, "adviser"])
def test_offers_exported_with_their_targeting_and_applications(world, name):
    viewer = world.staff[name]
    expected = [
        o
        for o in Offer.objects.all()
        if o.status != Offer.Status.DRAFT and offer_in_scope(name, o)
    ]
    found = all_rows(
        ExportKind.OFFERS, viewer, keys=["id", "title", "composantes", "applications"]
    )
    assert found == [
        [
            o.pk,
            neutralise(o.title),
            ", ".join(sorted(c.code for c in o.composantes.all())),
            o.applications.count(),
        ]
        for o in sorted(expected, key=lambda o: o.pk)
    ]


def _more_targets_and_applications(world) -> dict[str, Offer]:
    """Offers with no target and no application, with one of each, and with several (a
    VET code a spreadsheet would compute among them)."""
    sci, drt = composante("SCI"), composante("DRT")
    vets = [vet("L3INF", "SCI"), vet("L3DRT", "DRT"), vet("-M1", "SCI")]
    several = world.offers[3]  # "Job été": SCI and DRT, two applications
    several.vets.set(vets)
    for _n in range(3):
        Application.objects.create(
            offer=several, candidate=testing.user(User.Kind.GRADUATE), cv="x.pdf", message="x"
        )
    nothing = Offer.objects.create(
        title="Sans rien",
        kind=Offer.Kind.INTERNSHIP,
        domain=Offer.Domain.IT,
        description="<p>x</p>",
        organisation=world.offers[0].organisation,
        city="Clermont-Ferrand",
        publish_until=timezone.now() + timedelta(days=30),
        status=Offer.Status.PUBLISHED,
    )
    only_vet = world.offers[5]  # "Stage L3": L3INF alone, one application
    only_vet.vets.set([vets[2]])
    assert sci in several.composantes.all() and drt in several.composantes.all()
    return {"nothing": nothing, "one": only_vet, "several": several}


def _counted_by_the_orm(offer: Offer) -> list:
    """The three grouped cells as the ORM gives them, one offer at a time."""
    composantes = offer.composantes.order_by("code").values_list("code", flat=True)
    vets = offer.vets.order_by("code").values_list("code", flat=True)
    return [
        neutralise(", ".join(composantes)),
        neutralise(", ".join(vets)),
        Application.objects.filter(offer=offer).count(),
    ]


@pytest.mark.parametrize("name", ["admin", "resp_a", "resp_b"])
def test_offers_targets_and_applications_equal_the_orm_counts(world, name):
    """The composantes, VETs and number of applications (each a GROUP BY joined to the
    rows) are, for every offer, what the ORM counts for it, in XLSX's rows and in the CSV
    PostgreSQL writes."""
    cases = _more_targets_and_applications(world)
    viewer = world.staff[name]
    expected = {
        o.pk: _counted_by_the_orm(o)
        for o in Offer.objects.exclude(status=Offer.Status.DRAFT)
        if offer_in_scope(name, o)
    }
    keys = ["composantes", "id", "vets", "applications"]  # in the order chosen
    found = {
        row[1]: [row[0], row[2], row[3]] for row in all_rows(ExportKind.OFFERS, viewer, keys=keys)
    }
    assert found == expected
    export = EXPORTS[ExportKind.OFFERS]
    data = b"".join(csv_rows(export, viewer, Filters(), keys)).decode()
    table = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert {int(row[1]): [row[0], row[2], int(row[3])] for row in table} == expected
    if name == "admin":
        assert found[cases["nothing"].pk] == ["", "", 0]
        assert found[cases["one"].pk] == ["", "'-M1", 1]
        assert found[cases["several"].pk][0] == "DRT, SCI"
        codes = found[cases["several"].pk][1]
        assert set(codes.removeprefix("'").split(", ")) == {"-M1", "L3DRT", "L3INF"}
        assert found[cases["several"].pk][2] == 5


@pytest.mark.parametrize("name", [*STAFF, "adviser"])
def test_applications_exported_are_those_to_offers_in_scope(world, name):
    viewer = world.staff[name]
    expected = [
        a
        for a in Application.objects.select_related("offer", "candidate")
        if a.offer.status != Offer.Status.DRAFT and offer_in_scope(name, a.offer)
    ]
    found = all_rows(ExportKind.APPLICATIONS, viewer, keys=["offer_id", "email", "status"])
    assert sorted(found) == sorted(
        [a.offer_id, a.candidate.email, a.get_status_display()] for a in expected
    )


@pytest.mark.parametrize("kind", [ExportKind.PEOPLE, ExportKind.GRADUATES])
def test_a_scope_that_covers_nothing_exports_no_row(world, kind):
    """The adviser's scope holds no person nor registry row (`.none()`): no row, no error."""
    export, adviser = EXPORTS[kind], world.staff["adviser"]
    assert all_rows(kind, adviser) == []
    assert b"".join(csv_rows(export, adviser, Filters(), export.keys)) == b""


def test_the_filters_narrow_an_export(world):
    found = all_rows(
        ExportKind.OFFERS, world.staff["admin"], Filters(composante=composante("DRT")), ["title"]
    )
    assert sorted(found) == [["Job été"], ["Juriste"]]


def test_csv_holds_every_row_with_the_headings(world):
    """Written by PostgreSQL (COPY): the same cells as `rows` gives, neutralised too."""
    export = EXPORTS[ExportKind.PEOPLE]
    keys = ["last_name", "email", "date_joined", "kind", "composantes"]
    admin = world.staff["admin"]
    data = b"".join(csv_file(headings(export, keys), csv_rows(export, admin, Filters(), keys)))
    assert data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode()[1:]), delimiter=";"))
    assert table[0] == [
        "Nom",
        "Adresse électronique",
        "Date d’inscription",
        "Catégorie",
        "Composantes",
    ]
    assert table[1:] == [
        [str(cell) for cell in row] for row in all_rows(ExportKind.PEOPLE, admin, keys=keys)
    ]
    assert len(table) == 1 + len(world.people)
    assert {row[1] for row in table[1:]} == {p.email for p in world.people}
    assert '\'=HYPERLINK("http://evil")' in {row[0] for row in table[1:]}
    joined = world.people[1].date_joined.astimezone(ZoneInfo("Europe/Paris"))
    assert f"{joined:%Y-%m-%d %H:%M}" in {row[2] for row in table[1:]}


def test_dates_and_times_are_local_summer_and_winter_in_both_formats(world):
    """The CSV is written in a transaction whose time zone is Paris's (then set back);
    the rows convert each date: both say the same local time, an hour apart from UTC in
    winter, two in summer."""
    export, admin = EXPORTS[ExportKind.PEOPLE], world.staff["admin"]
    winter, summer = world.people[0], world.people[1]
    User.objects.filter(pk=winter.pk).update(date_joined=datetime(2026, 1, 10, 12, tzinfo=UTC))
    User.objects.filter(pk=summer.pk).update(date_joined=datetime(2026, 7, 10, 12, tzinfo=UTC))
    keys = ["email", "date_joined"]
    expected = {winter.email: "2026-01-10 13:00", summer.email: "2026-07-10 14:00"}
    found = dict(all_rows(ExportKind.PEOPLE, admin, keys=keys))
    data = b"".join(csv_rows(export, admin, Filters(), keys)).decode()
    in_csv = dict(csv.reader(io.StringIO(data), delimiter=";"))
    for email, local in expected.items():
        assert found[email] == in_csv[email] == local
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('TimeZone')")
        assert cursor.fetchone() == ("UTC",)


def xlsx_cells(data: bytes) -> list[list[str]]:
    """The cells of the first sheet as a spreadsheet reads them (inline strings, numbers);
    a formula would be an <f> element."""
    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    assert not sheet.findall(".//s:f", ns)
    table = []
    for row in sheet.findall(".//s:row", ns):
        cells = []
        for cell in row.findall("s:c", ns):
            text = cell.find("s:is/s:t", ns)
            cells.append(text.text if text is not None else cell.find("s:v", ns).text)
        table.append(cells)
    return table


def test_xlsx_holds_every_row_as_text_or_numbers_never_formulas(world):
    export = EXPORTS[ExportKind.OFFERS]
    keys = ["id", "title", "applications"]
    output = io.BytesIO()
    count = write_xlsx(
        headings(export, keys),
        rows(export, world.staff["admin"], Filters(), keys),
        output,
        title="Offres",
    )
    table = xlsx_cells(output.getvalue())
    assert count == len(table) - 1 == 6
    assert table[0] == ["Numéro", "Titre", "Candidatures"]
    assert [row[1] for row in table[1:] if "Tous" in row[1]] == ["'@Tous"]
    assert {int(row[0]) for row in table[1:]} == {o.pk for o in world.offers[:6]}


def test_a_job_builds_the_same_filters_again(world):
    filters = Filters(
        date_from=date(2026, 2, 1), date_to=date(2026, 3, 31), composante=composante("DRT")
    )
    assert Filters.from_ids(filters.as_ids()) == filters
    assert Filters.from_ids(Filters().as_ids()) == Filters()
