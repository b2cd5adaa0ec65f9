"""An application sent while the upload disk is full: refused with a page saying so, and
nothing kept — no application, no file, no mail (see profiles/tests/test_full_disk.py)."""

from pathlib import Path

import pytest
from django.urls import reverse

from tremplin.offers.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tremplin.profiles.tests.test_full_disk.FullDiskStorage"},
    }
    return Path(settings.MEDIA_ROOT)


def test_an_application_with_a_pdf_on_a_full_disk_keeps_nothing(
    client, alice, make_offer, cv_upload, mails, full_disk
):
    offer = make_offer("Stage développeur web Python")
    full_disk.mkdir(parents=True, exist_ok=True)
    client.force_login(alice)

    response = client.post(
        reverse("offers:apply", args=[offer.pk]),
        {"message": "Je suis motivée.", "cv": cv_upload()},
    )

    assert response.status_code == 507
    assert "Votre fichier n’a pas pu être enregistré" in response.content.decode()
    assert not Application.objects.exists()
    assert mails() == []
    assert [path for path in full_disk.rglob("*") if path.is_file()] == []
