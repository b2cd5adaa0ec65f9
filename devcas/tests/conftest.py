"""Fixtures: one development ENT for the module, on a throw-away database, with an editable
directory file. Plain pytest: `pytest devcas -p no:django`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devcas.testing import DevCasServer, free_port, run_devcas, throwaway_database


@pytest.fixture(scope="session")
def directory_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("devcas") / "directory.json"
    path.write_text("[]")
    return path


@pytest.fixture(scope="session")
def cas(directory_file: Path) -> Iterator[DevCasServer]:
    with (
        throwaway_database("test_tremplin_devcas") as database_url,
        run_devcas(
            free_port(),
            database_url=database_url,
            env={
                "DEVCAS_DIRECTORY_FILE": str(directory_file),
                "UNIVERSITY_NAME": "Université d’Exemple",
            },
        ) as server,
    ):
        yield server


@pytest.fixture
def extra_people(directory_file: Path) -> Iterator[Callable[[list[dict[str, object]]], None]]:
    """Write entries to the running server's directory file; emptied after the test."""

    def write(entries: list[dict[str, object]]) -> None:
        directory_file.write_text(json.dumps(entries))

    yield write
    directory_file.write_text("[]")
