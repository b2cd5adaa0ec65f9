"""The export pages (`reports:exports`, `reports:export`, `reports:export_model_delete`):
downloads streamed and audited, rate-limited, named column models."""

from __future__ import annotations

import csv
import io
import re

from django.http import StreamingHttpResponse
from django.urls import reverse

from tremplin import testing
from tremplin.audit.models import Action, AuditEntry
from tremplin.reports.models import ExportFile, ExportModel
from tremplin.reports.tests.test_exports import xlsx_cells


def post(client, kind, **data):
    values = {"columns": ["last_name", "email"], "file_format": "csv", "action": "download"}
    values.update(data)
    return client.post(reverse("reports:export", args=[kind]), values, REMOTE_ADDR="192.0.2.7")


def read_csv(response) -> list[list[str]]:
    data = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.reader(io.StringIO(data), delimiter=";"))


def test_the_exports_page_lists_what_the_rights_open(client, world):
    client.force_login(world.staff["adviser"])
    page = client.get(reverse("reports:exports")).content.decode()
    assert reverse("reports:export", args=["offers"]) in page
    assert reverse("reports:export", args=["people"]) not in page
    assert client.get(reverse("reports:export", args=["people"])).status_code == 404
    assert client.get(reverse("reports:export", args=["nothing"])).status_code == 404


def test_a_csv_export_is_streamed_in_scope_and_audited(client, world):
    client.force_login(world.staff["resp_b"])
    response = post(client, "people")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = read_csv(response)
    drt = [p for p in world.people if "DRT" in {c.code for c in p.composantes.all()}]
    assert sorted(row[1] for row in table[1:]) == sorted(p.email for p in drt)
    entry = AuditEntry.objects.get(action=Action.EXPORT_PEOPLE)
    assert (entry.actor, entry.ip_address) == (world.staff["resp_b"], "192.0.2.7")
    assert entry.details["rows"] == len(drt)
    assert entry.details["columns"] == ["last_name", "email"]
    assert entry.details["format"] == "csv"


def test_an_xlsx_export_is_a_workbook(client, world):
    client.force_login(world.staff["admin"])
    response = post(client, "offers", columns=["id", "title"], file_format="xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data[:2] == b"PK"
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert AuditEntry.objects.filter(action=Action.EXPORT_OFFERS).count() == 1


def test_an_unknown_column_is_refused_and_nothing_is_exported(client, world):
    client.force_login(world.staff["admin"])
    response = post(client, "people", columns=["password"])
    assert response.status_code == 200
    assert "password" in response.content.decode()  # the form's error names it
    assert not AuditEntry.objects.filter(action=Action.EXPORT_PEOPLE).exists()


def test_exports_are_rate_limited_per_person(client, world, settings):
    settings.EXPORT_RATE_LIMIT = (2, 3600)
    client.force_login(world.staff["admin"])
    assert post(client, "people").status_code == 200
    assert post(client, "people").status_code == 200
    refused = post(client, "people")
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    assert AuditEntry.objects.filter(action=Action.EXPORT_PEOPLE).count() == 2
    client.force_login(world.staff["resp_a"])  # another person has their own count
    assert post(client, "people").status_code == 200


def test_columns_are_saved_as_a_named_model_and_run_again(client, world):
    client.force_login(world.staff["resp_a"])
    response = post(
        client, "graduates", columns=["year_obtained", "birth_name"], action="save", name="Annuel"
    )
    model = ExportModel.objects.get(owner=world.staff["resp_a"])
    assert response.status_code == 302
    assert (model.kind, model.name, model.columns) == (
        "graduates",
        "Annuel",
        ["birth_name", "year_obtained"],
    )
    assert AuditEntry.objects.filter(action=Action.EXPORT_MODEL_SAVED).exists()
    page = client.get(response.url).content.decode()
    checked = set(re.findall(r'name="columns" value="(\w+)"[^>]*checked', page))
    assert checked == {"birth_name", "year_obtained"}
    listing = client.get(reverse("reports:exports")).content.decode()
    assert "Annuel" in listing


def test_saving_needs_a_name(client, world):
    client.force_login(world.staff["resp_a"])
    response = post(client, "graduates", action="save", columns=["birth_name"], name=" ")
    assert "Donnez un nom au modèle d’export." in response.content.decode()
    assert not ExportModel.objects.exists()


def test_only_its_owner_opens_or_deletes_a_model(client, world):
    model = ExportModel.objects.create(
        owner=world.staff["resp_a"], kind="people", name="Mine", columns=["email"]
    )
    client.force_login(world.staff["admin"])
    url = reverse("reports:export", args=["people"])
    assert client.get(url, {"model": model.pk}).status_code == 404
    delete = reverse("reports:export_model_delete", args=[model.pk])
    assert client.post(delete).status_code == 404
    assert ExportModel.objects.filter(pk=model.pk).exists()
    client.force_login(world.staff["resp_a"])
    assert client.post(delete).status_code == 302
    assert not ExportModel.objects.filter(pk=model.pk).exists()
    assert AuditEntry.objects.filter(action=Action.EXPORT_MODEL_DELETED).exists()


def test_a_person_without_a_role_exports_nothing(client, world):
    client.force_login(testing.staff("sans.role"))
    assert post(client, "people").status_code == 404
    client.force_login(world.people[0])
    assert post(client, "people").status_code == 404


def test_an_xlsx_too_long_for_a_request_is_written_by_a_worker(
    client, world, settings, run_jobs_here
):
    settings.EXPORT_XLSX_MAX_ROWS = 5
    client.force_login(world.staff["admin"])
    form = client.get(reverse("reports:export", args=["offers"])).content.decode()
    assert "de plus de 5 lignes est écrit par un processus de traitement" in form
    response = post(client, "offers", columns=["id", "title"], file_format="xlsx")
    export_file = ExportFile.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:export_file", args=[export_file.pk])
    entry = AuditEntry.objects.get(action=Action.EXPORT_OFFERS)
    assert (entry.target_id, entry.details["rows"]) == (str(export_file.pk), 6)
    page = client.get(response.url).content.decode()
    assert "En attente" in page and 'hx-trigger="every 2s"' in page
    download = reverse("reports:export_file_download", args=[export_file.pk])
    assert client.get(download).status_code == 404  # not written yet

    assert run_jobs_here() == 1
    export_file.refresh_from_db()
    assert (export_file.status, export_file.written_rows) == ("done", 6)
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert download in page and "hx-trigger" not in page
    data = b"".join(client.get(download).streaming_content)
    table = xlsx_cells(data)
    assert len(table) == 1 + 6 and "'@Tous" in [row[1] for row in table]
    # Only its owner sees it.
    client.force_login(world.staff["adviser"])
    assert client.get(response.url).status_code == 404
    assert client.get(download).status_code == 404


def test_an_export_file_is_deleted_after_export_file_hours(world, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tremplin.lib.retention import purge

    export_file = ExportFile.objects.create(
        owner=world.staff["admin"], kind="offers", columns=["id"], status="done"
    )
    export_file.file.save("x.xlsx", ContentFile(b"PK"), save=True)
    purge(timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS - 1))
    assert ExportFile.objects.filter(pk=export_file.pk).exists()
    purge(timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS + 1))
    assert not ExportFile.objects.filter(pk=export_file.pk).exists()
