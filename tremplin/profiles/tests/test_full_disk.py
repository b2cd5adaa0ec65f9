"""The upload disk is full: the person is told so in their language, and nothing is half
kept — no row, no partial file. The full disk is a storage whose writes fail with ENOSPC
after the first bytes, as a real one does (a fault injected below the project's storage,
which must clean up after it)."""

import errno
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin import testing
from tremplin.lib.files import DiskFull, SafeFileSystemStorage
from tremplin.profiles.models import Resume
from tremplin.testing import pdf_bytes

pytestmark = pytest.mark.django_db


class _FillsUp:
    """A file whose second chunk finds the disk full."""

    def __init__(self, content) -> None:
        self.content = content

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 the first bytes"
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.content, name)


class FullDiskStorage(SafeFileSystemStorage):
    def _save(self, name, content):
        return super()._save(name, _FillsUp(content))


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDiskStorage"},
    }
    return Path(settings.MEDIA_ROOT)


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Votre fichier n’a pas pu être enregistré"), ("en", "Your file could not be saved")],
)
def test_a_cv_sent_to_a_full_disk_is_refused_clearly_and_nothing_is_kept(
    client, full_disk, settings, language, heading
):
    alice = testing.student("alice.martin")
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")

    response = client.post(reverse("profiles:cv"), {"cv": upload})

    assert response.status_code == 507
    page = response.content.decode()
    assert heading in page
    assert f'lang="{language}"' in page and "</footer>" in page  # the site's layout
    assert not Resume.objects.filter(user=alice).exclude(cv="").exists()
    assert files_in(full_disk) == []  # the first bytes written were removed


def test_the_storage_removes_the_partial_file_of_any_failed_write(tmp_path):
    storage = FullDiskStorage(location=tmp_path)

    with pytest.raises(DiskFull, match="No space left") as raised:
        storage.save("cv/x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 " + b"x" * 100_000))

    assert raised.value.errno == errno.ENOSPC
    assert files_in(tmp_path) == []


def test_a_file_already_there_is_never_removed(tmp_path):
    storage = SafeFileSystemStorage(location=tmp_path)
    kept = storage.save("cv/x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 kept"))

    with pytest.raises(DiskFull):
        FullDiskStorage(location=tmp_path).save("cv/y.pdf", SimpleUploadedFile("y.pdf", b"y"))

    assert [p.name for p in files_in(tmp_path)] == [Path(kept).name]
