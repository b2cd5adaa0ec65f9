"""`manage.py check_install` names what is wrong in plain words and exits non-zero."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from devcas.testing import free_port


def check_install() -> tuple[str, str | None]:
    """The command's output, and its error (None when it found no problem)."""
    out = io.StringIO()
    try:
        call_command("check_install", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


@pytest.fixture
def healthy(db, cas, smtp_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def test_a_sound_installation_has_no_problem(healthy):
    out, error = check_install()

    assert error is None
    assert "PROBLEM" not in out
    assert "ok       the CAS server answers" in out
    assert "accepts connections" in out
    assert "warning  no worker has been seen" in out  # a warning: the exit status is 0


def test_an_unreachable_cas_server_is_named(healthy):
    healthy.CAS_SERVER_URL = f"http://127.0.0.1:{free_port()}/cas/"

    out, error = check_install()

    assert error == "1 problem(s) found: see above."
    assert "PROBLEM  the CAS server cannot be reached at http://127.0.0.1:" in out
    assert "students and staff cannot sign in" in out


def test_an_smtp_server_refusing_is_named(healthy, smtp_server):
    smtp_server.stop()

    out, error = check_install()

    assert error is not None
    assert f"PROBLEM  the SMTP server 127.0.0.1:{smtp_server.port} refuses the connection" in out


def test_a_missing_extension_is_named(healthy):
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")

    out, error = check_install()

    assert error is not None
    assert "PROBLEM  the PostgreSQL extension(s) pg_trgm are missing" in out
    assert "CREATE EXTENSION pg_trgm" in out


def test_a_media_folder_that_cannot_be_written_is_named(healthy, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    healthy.MEDIA_ROOT = tmp_path / "a-file" / "media"

    out, error = check_install()

    assert error is not None
    assert (
        f"PROBLEM  the media folder {tmp_path / 'a-file' / 'media'} (MEDIA_ROOT) is not writable"
        in out
    )


def test_an_unreachable_database_is_named_and_the_rest_still_checked(
    database_down, cas, smtp_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    out, error = check_install()

    assert error == "1 problem(s) found: see above."
    assert "PROBLEM  PostgreSQL cannot be reached" in out
    assert "ok       the CAS server answers" in out
