""" "Mes données": a person downloads everything held about them, and deletes their
account with a grace period that a sign-in ends."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User, UserSession
from tremplin.audit.models import Action, AuditEntry
from tremplin.graduates.models import GraduateClaim
from tremplin.lib.personal_data import holdings
from tremplin.lib.retention import purge
from tremplin.offers.models import Application, Favourite, Offer
from tremplin.profiles.models import Resume

pytestmark = pytest.mark.django_db
PASSWORD = "Un-mot-de-passe-solide-2026"


def offer(title: str = "Stage") -> Offer:
    now = timezone.now()
    return Offer.objects.create(
        title=title,
        kind=Offer.Kind.INTERNSHIP,
        organisation=testing.organisation(),
        description="<p>D</p>",
        city="Clermont-Ferrand",
        domain=Offer.Domain.SCIENCE,
        publish_from=now,
        publish_until=now + timedelta(days=30),
        status=Offer.Status.PUBLISHED,
    )


def graduate_with_everything() -> User:
    person = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    person.set_password(PASSWORD)
    person.save()
    resume = Resume.objects.create(user=person)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    applied = offer("Stage data")
    application = Application(offer=applied, candidate=person, message="Bonjour.")
    application.cv.save("cv.pdf", ContentFile(testing.pdf_bytes(2)), save=True)
    Favourite.objects.create(user=person, offer=applied)
    claim = GraduateClaim.objects.create(
        user=person,
        route=GraduateClaim.Route.ABSENT,
        last_name="Roux",
        first_name="Léa",
        diploma_title="Licence",
    )
    claim.proof.save("proof.pdf", ContentFile(testing.pdf_bytes(3)), save=True)
    return person


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_every_kind_of_data_and_every_file(client):
    lea = graduate_with_everything()
    client.force_login(lea)
    archive = download(client)
    names = set(archive.namelist())
    exported = {f"{h.name}.json" for h in holdings() if h.export is not None}
    assert exported | {"README.json", "accounts.user.json"} <= names
    account = json.loads(archive.read("accounts.user.json"))
    assert account[0]["email"] == "lea@exemple.fr"
    [application] = json.loads(archive.read("offers.application.candidate.json"))
    assert application["message"] == "Bonjour." and application["offer"] == "Stage data"
    [claim] = json.loads(archive.read("graduates.graduateclaim.user.json"))
    assert claim["diploma_title"] == "Licence"
    files = sorted(n for n in names if n.startswith("files/"))
    assert len(files) == 3  # the CV, the application's CV, the proof
    pages = sorted(archive.read(name).count(b"/Type /Page\n") for name in files)
    assert all(archive.read(name).startswith(b"%PDF-") for name in files)
    assert len(pages) == 3
    assert AuditEntry.objects.filter(
        action=Action.PERSONAL_DATA_DOWNLOADED, actor=lea, target_id=str(lea.pk)
    ).exists()


def test_the_zip_holds_nothing_of_another_person(client):
    lea = graduate_with_everything()
    other = testing.student("alice.martin")
    client.force_login(other)
    archive = download(client)
    assert not [n for n in archive.namelist() if n.startswith("files/")]
    assert "lea@exemple.fr" not in b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert lea.pk


def test_downloads_are_limited_per_day(client, settings):
    settings.PERSONAL_DATA_DOWNLOADS_PER_DAY = 2
    client.force_login(testing.student())
    download(client)
    download(client)
    assert client.post(reverse("accounts:my_data_download")).status_code == 429
    assert AuditEntry.objects.filter(action=Action.PERSONAL_DATA_DOWNLOADED).count() == 2


def test_the_page_lists_what_is_held(client):
    client.force_login(graduate_with_everything())
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "offers.application.candidate.json" in page
    assert "Supprimer mon compte" in page


# --- Deletion and its grace period ------------------------------------------------------


def ask_deletion(client, person: User):
    client.force_login(person)
    return client.post(reverse("accounts:delete_account"), {"confirm": "on"})


def test_a_deletion_is_confirmed_by_mail_and_done_after_the_grace_period(
    client, mails, django_capture_on_commit_callbacks
):
    lea = graduate_with_everything()
    stored = [Resume.objects.get(user=lea).cv.name, Application.objects.get().cv.name]
    response = ask_deletion(client, lea)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # signed out: a sign-in would cancel it
    lea.refresh_from_db()
    assert lea.deletion_requested_at is not None
    [mail] = [m for m in mails() if "supprimé" in m.subject]
    assert mail.to == ["lea@exemple.fr"]
    assert "Connectez-vous" in mail.text or "connectez-vous" in mail.text

    asked = lea.deletion_requested_at
    assert purge(asked + timedelta(days=29)).requested_deletions == 0
    assert User.objects.filter(pk=lea.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert purge(asked + timedelta(days=31)).requested_deletions == 1
    assert not User.objects.filter(pk=lea.pk).exists()
    assert not Application.objects.exists() and not GraduateClaim.objects.exists()
    storage = Resume._meta.get_field("cv").storage
    assert not any(storage.exists(name) for name in stored)  # the files went with the rows
    assert AuditEntry.objects.filter(
        action=Action.ACCOUNT_DELETED_ON_REQUEST, target_id=str(lea.pk)
    ).exists()
    assert any(m.subject == "Votre compte du career center est supprimé" for m in mails())


def test_signing_in_within_the_grace_period_cancels_the_deletion(client, mails):
    lea = graduate_with_everything()
    ask_deletion(client, lea)
    lea.refresh_from_db()
    asked = lea.deletion_requested_at

    response = client.post(
        reverse("account_login"), {"login": "lea@exemple.fr", "password": PASSWORD}, follow=True
    )
    assert "votre compte ne sera pas supprimé" in response.content.decode()
    lea.refresh_from_db()
    assert lea.deletion_requested_at is None
    assert any(m.subject == "Votre compte du career center est conservé" for m in mails())
    assert purge(asked + timedelta(days=31)).requested_deletions == 0
    assert User.objects.filter(pk=lea.pk).exists()


def test_asking_for_the_deletion_ends_every_session_of_the_person(mails):
    """Léa is signed in in two browsers and asks for the deletion in one: the other's next
    request is anonymous too (its session is gone, not only hidden)."""
    lea = graduate_with_everything()
    other_person = testing.user(User.Kind.GRADUATE)
    laptop, phone, someone_else = Client(), Client(), Client()
    phone.force_login(lea)
    someone_else.force_login(other_person)
    phone.get(reverse("accounts:my_data"))
    phone_key = phone.session.session_key
    assert UserSession.objects.filter(user=lea).count() == 1

    ask_deletion(laptop, lea)

    assert not UserSession.objects.filter(user=lea).exists()
    assert not UserSession.objects.filter(session_key=phone_key).exists()
    response = phone.get(reverse("accounts:my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert phone.get(reverse("pages:home")).wsgi_request.user.is_anonymous
    # Someone else's session is left alone.
    assert someone_else.get(reverse("pages:home")).wsgi_request.user == other_person


def test_a_session_is_stored_with_its_account():
    lea = graduate_with_everything()
    browser = Client()
    browser.get(reverse("pages:home"))
    assert UserSession.objects.get(session_key=browser.session.session_key).user is None
    browser.post(reverse("account_login"), {"login": "lea@exemple.fr", "password": PASSWORD})
    assert UserSession.objects.get(session_key=browser.session.session_key).user == lea
    browser.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=lea).exists()


def test_staff_cannot_ask_for_their_account_to_be_deleted(client):
    claire = testing.staff("claire.resp")
    assert ask_deletion(client, claire).status_code == 404
    claire.refresh_from_db()
    assert claire.deletion_requested_at is None
    User.objects.filter(pk=claire.pk).update(deletion_requested_at=timezone.now() - timedelta(60))
    assert purge().requested_deletions == 0


def test_the_deletion_needs_the_box_ticked(client):
    lea = testing.user(User.Kind.GRADUATE)
    client.force_login(lea)
    client.post(reverse("accounts:delete_account"), {})
    lea.refresh_from_db()
    assert lea.deletion_requested_at is None


def test_the_zip_is_streamed_in_chunks_whatever_the_files_size(client):
    """A CV of several megabytes leaves in pieces of about `CHUNK` (64 kB) compressed at
    most: the download never holds a file whole."""
    from tremplin.accounts.rights import CHUNK

    alice = testing.student("alice.martin")
    resume = Resume.objects.create(user=alice)
    big = testing.pdf_bytes() + os.urandom(4 * 1024 * 1024)  # 4 MB that do not compress
    resume.cv.save("cv.pdf", ContentFile(big), save=True)
    client.force_login(alice)
    response = client.post(reverse("accounts:my_data_download"))
    chunks = list(response.streaming_content)
    assert len(chunks) > 30
    assert max(len(chunk) for chunk in chunks) <= 2 * CHUNK
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    [name] = [n for n in archive.namelist() if n.startswith("files/")]
    assert archive.read(name) == big


def test_staff_download_their_data_but_have_no_deletion_form(client):
    client.force_login(testing.staff("claire.resp"))
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Télécharger mes données" in page
    assert reverse("accounts:delete_account") not in page
