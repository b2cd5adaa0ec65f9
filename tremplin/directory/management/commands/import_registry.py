from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from tqdm import tqdm

from tremplin.directory.importer import (
    APOGEE_COLUMNS,
    RegistryFile,
    RegistryFileError,
    import_registry,
    parse_columns,
    run_batch_hooks,
)


class Command(BaseCommand):
    help = (
        "Import the graduates registry from a CSV extraction (Apogée columns by default: "
        + ";".join(APOGEE_COLUMNS.values())
        + "). Idempotent: rows are keyed on (student number, VET, year)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--columns",
            default="",
            help="Other column names: field=COLUMN,… (first_names=PRENOM1+PRENOM2 joins columns). "
            "Fields: " + ", ".join(APOGEE_COLUMNS),
        )
        parser.add_argument("--delimiter", default=";")
        parser.add_argument("--date-format", default="%d/%m/%Y")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows of a file with errors (by default nothing is imported).",
        )
        parser.add_argument("--no-progress", action="store_true")

    @no_translations  # messages in English, like the other management commands
    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        bars: dict[str, tqdm] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if options["no_progress"]:
                return
            bar = bars.get(phase)
            if bar is None:
                for other in bars.values():
                    other.close()
                unit = "B" if phase == "checking" else " rows"
                bar = bars[phase] = tqdm(
                    total=total,
                    desc=phase,
                    unit=unit,
                    unit_scale=phase == "checking",
                    file=self.stderr._out,
                    dynamic_ncols=True,
                )
            bar.update(done - bar.n)

        try:
            registry = RegistryFile(
                path,
                columns=parse_columns(options["columns"]),
                delimiter=options["delimiter"],
                date_format=options["date_format"],
            )
            summary = import_registry(
                registry,
                skip_invalid=options["skip_invalid"],
                progress=progress,
                on_batch=run_batch_hooks,
            )
        except RegistryFileError as error:
            raise CommandError(str(error)) from None
        finally:
            for bar in bars.values():
                bar.close()

        for error in summary.errors:
            self.stderr.write(f"line {error.line}: {error.reason}")
        if summary.rejected > len(summary.errors):
            self.stderr.write(
                f"… and {summary.rejected - len(summary.errors)} more rejected rows."
            )
        self.stdout.write(
            f"rows: {summary.total}  created: {summary.created}  updated: {summary.updated}"
            f"  unchanged: {summary.unchanged}  rejected: {summary.rejected}"
            f"  students graduated: {summary.graduated}"
        )
        if not summary.applied:
            raise CommandError(
                f"{summary.rejected} rows have errors: nothing was imported. "
                "Fix them, or import the valid rows with --skip-invalid."
            )
