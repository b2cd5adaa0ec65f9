from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from tremplin.demo.referential import registry_rows
from tremplin.directory.importer import APOGEE_COLUMNS


class Command(BaseCommand):
    help = (
        "Write a demo registry extraction in the Apogée layout (to try or time import_registry)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--encoding", choices=["utf-8", "latin-1"], default="utf-8")

    def handle(self, *args, file: Path, rows: int, seed: int, encoding: str, **options) -> None:
        with file.open("w", encoding=encoding, errors="replace", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(APOGEE_COLUMNS.values())
            for row in tqdm(
                registry_rows(rows, seed=seed), total=rows, unit=" rows", file=self.stderr._out
            ):
                writer.writerow(
                    [
                        row.student_number,
                        row.birth_name,
                        row.usage_name,
                        row.first_names,
                        f"{row.birth_date:%d/%m/%Y}",
                        row.vet_code,
                        row.vet_version,
                        row.vet_label,
                        row.composante_code,
                        row.composante_label,
                        row.year,
                        row.institutional_email,
                        row.personal_email,
                    ]
                )
        self.stdout.write(f"{file}: {rows} rows")
