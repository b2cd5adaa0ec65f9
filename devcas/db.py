"""PostgreSQL plumbing for the development ENT, free of Django so the test helper can use it.

Connection parameters are libpq keywords (`host`, `port`, `user`, `password`, `dbname`…),
which is what psycopg takes and what a `postgresql://` URL spells.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

#: The database the development ENT uses next to Tremplin's own.
DATABASE_NAME = "tremplin_devcas"

_URL_KEYS = {"user", "password", "host", "port", "dbname"}


def params_from_url(url: str) -> dict[str, str]:
    """libpq parameters of a database URL (any `postgres…://` scheme dj-database-url knows)."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.startswith(("postgres", "pgsql")):
        raise ValueError(f"not a PostgreSQL URL: {scheme or url!r}")
    return {key: str(value) for key, value in conninfo_to_dict(f"postgresql://{rest}").items()}


def url_from_params(params: Mapping[str, object]) -> str:
    """A `postgresql://` URL that both dj-database-url and libpq read back as `params`.

    A Unix-socket host (a path) goes in the query string: dj-database-url lower-cases the
    host part of a URL, which a path may not survive.
    """
    user = quote(str(params.get("user") or ""), safe="")
    password = quote(str(params.get("password") or ""), safe="")
    host = str(params.get("host") or "")
    port = str(params.get("port") or "")
    query = {k: str(v) for k, v in params.items() if k not in _URL_KEYS and v not in (None, "")}
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    if host.startswith("/"):
        netloc = credentials
        query = {"host": host, **({"port": port} if port else {}), **query}
    else:
        netloc = credentials + host + (f":{port}" if port else "")
    dbname = quote(str(params.get("dbname") or ""), safe="")
    return f"postgresql://{netloc}/{dbname}" + (f"?{urlencode(query)}" if query else "")


def _connect_to_server(params: Mapping[str, str]) -> psycopg.Connection:
    """An autocommit connection to the server of `params`, on any database that lets us in."""
    error: psycopg.Error | None = None
    for dbname in dict.fromkeys([params.get("dbname"), "postgres", "template1"]):
        if not dbname:
            continue
        try:
            return psycopg.connect(**{**params, "dbname": dbname}, autocommit=True)
        except psycopg.OperationalError as exc:
            error = exc
    assert error is not None
    raise error


def ensure_database(params: Mapping[str, str], name: str) -> None:
    """Create database `name` on the server of `params` if it does not exist yet."""
    with _connect_to_server(params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(params: Mapping[str, str], name: str) -> None:
    """Drop database `name` (disconnecting whoever still uses it) if it exists."""
    server = {k: v for k, v in params.items() if k != "dbname"}
    with _connect_to_server(server) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def server_params(
    environ: Mapping[str, str] | None = None, var_dir: Path | None = None
) -> dict[str, str]:
    """Where the project's PostgreSQL server is: `DATABASE_URL`'s, else the embedded one.

    The returned parameters carry no `dbname`. Starting the embedded server (under
    `var_dir`, default `TREMPLIN_VAR_DIR` or the checkout's `var/`) is on demand.
    """
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        params = params_from_url(url)
    else:
        from tremplin.lib.embedded_db import ensure_running

        found = ensure_running(var_dir or default_var_dir(environ), database="postgres")
        params = {"host": found["HOST"], "port": found["PORT"], "user": found["USER"]}
    params.pop("dbname", None)
    return params


def default_var_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The project's `var/` folder: `TREMPLIN_VAR_DIR`, else `var/` in the checkout."""
    environ = os.environ if environ is None else environ
    configured = environ.get("TREMPLIN_VAR_DIR", "").strip()
    return Path(configured or Path(__file__).resolve().parent.parent / "var").resolve()
