"""An administrator uploads the registry in the back office; a worker imports it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.audit.models import AuditEntry
from tremplin.directory.models import RegistryEntry, RegistryImport
from tremplin.directory.services import start_registry_import

CSV = (
    b"COD_ETU;NOM_PATRONYMIQUE;NOM_USUEL;PRENOM1;DATE_NAI_IND;COD_VET;COD_VRS_VET;LIB_VET;COD_CMP;LIB_CMP;ANNEE_OBT;EMAIL_ETAB;EMAIL_PERSO\n"
    b"21900001;MARTIN;;Alice;17/05/2000;L3INF;1;Licence Informatique 3;SCI;UFR Sciences;2022;;\n"
    b"21900002;N'DIAYE;;Moussa;30/01/2001;L3INF;1;Licence Informatique 3;SCI;UFR Sciences;2023;;\n"
)


def upload(client, content=CSV, **fields):
    data = {"file": SimpleUploadedFile("extraction.csv", content, "text/csv"), **fields}
    return client.post(reverse("backoffice:registry_imports"), data)


def test_the_upload_is_imported_by_the_worker_and_its_summary_shown(client, run_jobs, mailoutbox):
    admin = testing.administrator()
    testing.signed_in_administrator(client, admin)

    response = upload(client)
    item = RegistryImport.objects.get()
    assert response.url == reverse("backoffice:registry_import", args=[item.pk])
    assert item.status == RegistryImport.Status.QUEUED
    assert RegistryEntry.objects.count() == 0  # nothing happens in the request itself

    run_jobs()

    item.refresh_from_db()
    assert item.status == RegistryImport.Status.DONE
    assert (item.total_rows, item.created, item.rejected) == (2, 2, 0)
    assert RegistryEntry.objects.count() == 2
    page = client.get(reverse("backoffice:registry_import", args=[item.pk])).content.decode()
    assert "Importé" in page and "<dt>Créées</dt><dd>2</dd>" in page
    assert not item.file  # the file held personal data: it is gone
    assert AuditEntry.objects.filter(action="registry.import_finished", actor=admin).exists()
    [mail] = mailoutbox
    assert mail.to == [admin.email]
    assert mail.subject == "Import de la base des diplômés terminé : extraction.csv"
    assert "Créées : 2" in mail.body


def test_the_page_follows_the_progress_while_the_import_waits(client, db):
    testing.signed_in_administrator(client)
    upload(client)
    item = RegistryImport.objects.get()

    fragment = client.get(
        reverse("backoffice:registry_import", args=[item.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "<progress" in fragment


def test_a_file_with_errors_is_rejected_and_its_lines_listed(client, run_jobs):
    testing.signed_in_administrator(client)
    upload(client, CSV + b"21900003;PETIT;;Paul;99/99/2001;L3INF;1;Licence;SCI;UFR;2023;;\n")
    run_jobs()

    item = RegistryImport.objects.get()
    assert item.status == RegistryImport.Status.REJECTED
    assert item.errors == [[4, "date de naissance illisible « 99/99/2001 »."]]
    assert RegistryEntry.objects.count() == 0


def test_a_binary_file_is_refused_at_upload(client, db):
    testing.signed_in_administrator(client)
    response = upload(client, b"%PDF-1.7\n\x00\x01\x02binary")
    assert response.status_code == 200
    assert "Ce n’est pas un fichier texte (CSV)." in response.content.decode()
    assert not RegistryImport.objects.exists()


@pytest.mark.parametrize(
    "role", [RoleAssignment.Role.COMPOSANTE_MANAGER, RoleAssignment.Role.CAREER_ADVISER]
)
def test_other_staff_do_not_reach_the_registry(client, db, role):
    scope = testing.composante() if role == RoleAssignment.Role.COMPOSANTE_MANAGER else None
    client.force_login(testing.staff("claire.resp", (role, scope)))
    assert client.get(reverse("backoffice:registry_imports")).status_code == 404
    assert upload(client).status_code == 404
    assert not RegistryImport.objects.exists()


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client, db):
    response = client.get(reverse("backoffice:registry_imports"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:staff_login"))


@pytest.mark.parametrize(
    "role", [RoleAssignment.Role.CAREER_ADVISER, RoleAssignment.Role.VET_MANAGER]
)
def test_only_administrators_start_an_import_whoever_calls_the_service(db, role):
    acting = testing.staff(
        "nina.conseil", (role, testing.vet() if role == "vet_manager" else None)
    )
    with pytest.raises(PermissionDenied):
        start_registry_import(
            SimpleUploadedFile("extraction.csv", CSV, "text/csv"),
            acting_user=acting,
            skip_invalid=False,
            columns="",
            ip_address=None,
        )
    assert not RegistryImport.objects.exists()
    assert not AuditEntry.objects.filter(action="registry.import_started").exists()
