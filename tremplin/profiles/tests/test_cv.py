"""Students and graduates keep a CV (a PDF, checked by its content) on their profile."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin import testing
from tremplin.profiles.models import Resume
from tremplin.testing import PNG, pdf_bytes

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "mon-cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_alice_saves_replaces_downloads_and_removes_her_cv(
    client, django_capture_on_commit_callbacks
):
    alice = testing.student("alice.martin")
    client.force_login(alice)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Mon CV" in page and "Enregistrer mon CV" in page

    response = client.post(reverse("profiles:cv"), {"cv": upload(pdf_bytes())})
    assert response["Location"] == reverse("accounts:account")
    first = Resume.objects.get(user=alice).cv.name
    assert first.startswith("profiles/cv/") and "mon-cv" not in first

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:cv"), {"cv": upload(pdf_bytes(2))})
    resume = Resume.objects.get(user=alice)
    assert resume.cv.name != first
    assert not resume.cv.storage.exists(first)  # the old file is gone

    download = client.get(reverse("profiles:cv_download"))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]

    client.post(reverse("profiles:cv"), {"remove": "1"})
    assert not Resume.objects.get(user=alice).cv
    assert client.get(reverse("profiles:cv_download")).status_code == 404


def test_a_png_renamed_pdf_is_refused_on_the_profile_page(client):
    alice = testing.student("alice.martin")
    client.force_login(alice)
    response = client.post(reverse("profiles:cv"), {"cv": upload(PNG)})
    assert response.status_code == 400
    assert "Ce fichier n’est pas un document PDF." in response.content.decode()
    assert not Resume.objects.filter(user=alice).exclude(cv="").exists()


def test_recruiters_and_staff_keep_no_cv(client):
    for person in (testing.recruiter("rh@exemple.fr"), testing.staff("sans.role")):
        client.force_login(person)
        assert client.post(reverse("profiles:cv"), {"cv": upload(pdf_bytes())}).status_code == 404
        page = client.get(reverse("accounts:account")).content.decode()
        assert "Mon CV" not in page
