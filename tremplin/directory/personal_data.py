"""What the directory holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from tremplin.lib.personal_data import Holding, move

HOLDINGS = [
    Holding(
        "directory.RegistryImport",
        "uploaded_by",
        None,
        move("directory.RegistryImport", "uploaded_by"),
        why="registry imports this person started, as staff: in the audit log's part",
    ),
]
