"""scripts/backup and scripts/restore, once for real: the test database and its media are
backed up, restored into a scratch database and an empty folder, and compared."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tremplin import testing
from tremplin.lib.backup import BackupError, restore

ROOT = Path(settings.BASE_DIR)
SCRATCH = "test_tremplin_restored"


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    """Each table of `database`: its number of rows and a digest of all of them."""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    with psycopg.connect(
        dbname=database, host=params["HOST"], port=params["PORT"], user=params["USER"]
    ) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        result = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                " FROM {} t"
            ).format(sql.Identifier(table))
            count, digest = conn.execute(query).fetchone()
            result[table] = (count, digest)
    return result


def database_url() -> str:
    params = connection.settings_dict
    return (
        f"postgresql://{params['USER']}@{quote(params['HOST'], safe='')}:{params['PORT']}"
        f"/{params['NAME']}"
    )


@pytest.fixture
def scratch_database(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        cursor.execute(f'CREATE DATABASE "{SCRATCH}"')
    yield SCRATCH
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def script(name: str, *args: str, media: Path) -> str:
    env = {
        **os.environ,
        "TREMPLIN_ENV": "development",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_backup_restored_into_a_scratch_database_is_the_same(scratch_database, tmp_path):
    student = testing.student("alice.martin", composante_code="SCI")
    media = Path(settings.MEDIA_ROOT)
    (media / "resumes").mkdir(parents=True)
    (media / "resumes" / "cv.pdf").write_bytes(b"%PDF-1.4 alice")
    assert student.pk

    folder = Path(script("backup", str(tmp_path / "backups"), media=media))
    restored_media = tmp_path / "restored-media"
    script(
        "restore",
        str(folder),
        "--database",
        scratch_database,
        "--media-root",
        str(restored_media),
        media=media,
    )

    original = fingerprint(connection.settings_dict["NAME"])
    assert "accounts_user" in original
    assert original["accounts_user"][0] >= 1
    assert fingerprint(scratch_database) == original
    assert (restored_media / "resumes" / "cv.pdf").read_bytes() == b"%PDF-1.4 alice"


def test_a_restore_refuses_to_mix_its_files_with_others(scratch_database, tmp_path):
    folder = Path(script("backup", str(tmp_path / "backups"), media=Path(settings.MEDIA_ROOT)))
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "other.pdf").write_bytes(b"x")

    with pytest.raises(BackupError, match="is not empty: move it aside first"):
        restore(folder, database=scratch_database, media_root=busy)
