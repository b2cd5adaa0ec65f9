"""Uploaded files (CVs, application CVs, proofs) go with the rows that hold them, by every
path a row is deleted — the retention purge, the Django admin, a cascade from the
account or the offer — once the deletion commits; and the files left behind before are
found and deleted by `manage.py delete_orphan_files`."""

import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.graduates.models import GraduateClaim
from tremplin.lib.files import models_deleting_their_files
from tremplin.lib.retention import purge
from tremplin.offers.models import Application, Offer
from tremplin.profiles.models import Resume

NOW = timezone.now()


def offer() -> Offer:
    return Offer.objects.create(
        title="Stage",
        kind=Offer.Kind.INTERNSHIP,
        description="x",
        organisation=testing.organisation(),
        city="Lyon",
        domain=Offer.Domain.IT,
        publish_until=NOW + timedelta(days=30),
        status=Offer.Status.PUBLISHED,
    )


def graduate_with_files() -> tuple[User, list[Path]]:
    """A graduate with a CV on their profile, two applications and a claim with a proof."""
    person = testing.user(User.Kind.GRADUATE)
    resume = Resume.objects.create(user=person)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    files = [Path(resume.cv.path)]
    for target in (offer(), offer()):
        application = Application(offer=target, candidate=person, message="Bonjour")
        application.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
        files.append(Path(application.cv.path))
    claim = GraduateClaim.objects.create(
        user=person, route=GraduateClaim.Route.ABSENT, last_name="Garnier", first_name="Inès"
    )
    claim.proof.save("preuve.pdf", ContentFile(testing.pdf_bytes()), save=True)
    files.append(Path(claim.proof.path))
    assert all(path.exists() for path in files)
    return person, files


def test_every_model_with_a_file_deletes_it_with_its_row():
    with_files = {
        model
        for model in apps.get_models()
        if any(isinstance(field, models.FileField) for field in model._meta.concrete_fields)
    }
    assert with_files == models_deleting_their_files()


@pytest.mark.django_db
def test_an_account_deleted_by_the_retention_purge_leaves_no_file(
    django_capture_on_commit_callbacks,
):
    person, files = graduate_with_files()
    User.objects.filter(pk=person.pk).update(
        last_login=NOW - timedelta(days=4 * 365), deletion_warning_sent_at=NOW - timedelta(days=31)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert purge(NOW).inactive_accounts_deleted == 1

    assert not User.objects.filter(pk=person.pk).exists()
    assert [path for path in files if path.exists()] == []


@pytest.fixture
def admin_client(client):
    """An administrator in the Django admin, who has just typed a TOTP code."""
    paul = testing.administrator()
    TOTP.activate(paul, generate_totp_secret())
    client.force_login(paul)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(paul.pk)
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    return client


@pytest.mark.django_db
def test_deleting_in_the_django_admin_leaves_no_file(
    admin_client, django_capture_on_commit_callbacks
):
    person, files = graduate_with_files()
    profile_cv, first_cv, second_cv, proof = files
    first, second = Application.objects.filter(candidate=person).order_by("pk")

    with django_capture_on_commit_callbacks(execute=True):
        # An offer: its applications go by cascade, which never calls Model.delete().
        deleted = [
            admin_client.post(
                reverse("admin:offers_offer_delete", args=[first.offer_id]), {"post": "yes"}
            ),
            admin_client.post(
                reverse("admin:profiles_resume_delete", args=[person.resume.pk]),
                {"post": "yes"},
            ),
            admin_client.post(
                reverse("admin:offers_application_changelist"),
                {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
            ),
        ]
    assert [response.url for response in deleted] == [
        reverse("admin:offers_offer_changelist"),
        reverse("admin:profiles_resume_changelist"),
        reverse("admin:offers_application_changelist"),
    ]

    assert not Resume.objects.exists() and not Application.objects.exists()
    assert (profile_cv.exists(), first_cv.exists(), second_cv.exists()) == (False, False, False)
    assert proof.exists()  # its claim is still there


@pytest.mark.django_db(transaction=True)
def test_a_deletion_rolled_back_keeps_the_files_and_one_committed_deletes_them_after():
    person, files = graduate_with_files()
    pk = person.pk

    def failing_deletion():
        with transaction.atomic():
            User.objects.get(pk=pk).delete()
            raise RuntimeError("the deletion failed")

    with pytest.raises(RuntimeError):
        failing_deletion()
    assert User.objects.filter(pk=pk).exists()
    assert all(path.exists() for path in files)

    with transaction.atomic():
        User.objects.get(pk=pk).delete()
        assert all(path.exists() for path in files)  # not before the deletion commits
    assert [path for path in files if path.exists()] == []


@pytest.mark.django_db
def test_the_orphan_sweep_deletes_what_no_row_references(settings):
    _person, (profile_cv, *_others) = graduate_with_files()
    media = Path(settings.MEDIA_ROOT)
    old_orphan = media / "applications" / "7" / "202401-12.pdf"
    new_orphan = media / "graduate-proofs" / "being-uploaded.pdf"
    for path in (old_orphan, new_orphan):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(testing.pdf_bytes())
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in [old_orphan, *media.rglob("*.pdf")]:
        if path != new_orphan:
            os.utime(path, (two_days_ago, two_days_ago))

    out = StringIO()
    call_command("delete_orphan_files", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "would delete applications/7/202401-12.pdf",
        f"orphan files would be deleted: 1 ({len(testing.pdf_bytes())} bytes)",
    ]
    assert old_orphan.exists()

    out = StringIO()
    call_command("delete_orphan_files", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("orphan files deleted: 1 (")
    assert not old_orphan.exists()
    assert new_orphan.exists()  # too young: its row may not be committed yet
    assert profile_cv.exists() and len(list(media.rglob("*.pdf"))) == 5
