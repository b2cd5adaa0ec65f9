"""`make tutorials`: film the help pages' video tutorials on a running demo."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tremplin.pages.views import HELP_AUDIENCES

START_SECONDS = 300  # a first `make demo` creates the database and loads the demo data


class Command(BaseCommand):
    help = (
        "Film each audience's journey on a running demo (make demo) in Debian's Chromium and "
        "write its video tutorial (WebM, MP4, poster, captions and transcript in French and "
        "English) in TUTORIALS_DIR, where the help pages find it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="the demo to film (default %(default)s)",
        )
        parser.add_argument(
            "--audience",
            action="append",
            choices=list(HELP_AUDIENCES),
            help="the audience to film; repeat it for several (default: all four)",
        )
        parser.add_argument(
            "--output", type=Path, help="where to write them (default: TUTORIALS_DIR)"
        )
        parser.add_argument(
            "--steps",
            type=int,
            metavar="N",
            help="film only the first N steps of each journey (a quick check, not a tutorial)",
        )
        parser.add_argument(
            "--start-demo",
            action="store_true",
            help="when nothing answers at --base-url, start the demo (rundemo) on its port "
            "and the ENT on the next one, and stop it once the tutorials are built",
        )

    def handle(
        self,
        *args,
        base_url: str,
        audience: list[str] | None,
        output: Path | None,
        steps: int | None,
        start_demo: bool,
        **options,
    ) -> None:
        try:
            from tremplin.demo.tutorials import build
        except ImportError as error:
            raise CommandError(
                f"{error.name} is missing: the tutorials need the development tools "
                "(pip install -r requirements.lock)."
            ) from None
        audiences = audience or list(HELP_AUDIENCES)
        output = output or Path(settings.TUTORIALS_DIR)
        demo = None
        started = time.monotonic()
        try:
            try:
                build.check_instance(base_url)
            except build.BuildError as error:
                if not start_demo:
                    raise
                self.stdout.write(f"{error}\nStarting the demo…")
                demo = self._start_demo(base_url, build)
            built = build.build(
                audiences, base_url=base_url, output=output, max_steps=steps, log=self.stdout.write
            )
        except build.BuildError as error:
            raise CommandError(str(error)) from None
        finally:
            if demo is not None:
                self._stop(demo)
        shown = output.resolve() == Path(settings.TUTORIALS_DIR).resolve()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(built)} tutorial(s) written in {output} in "
                f"{time.monotonic() - started:.0f} s"
                + ("; the help pages show them now." if shown else ".")
            )
        )

    def _start_demo(self, base_url: str, build) -> subprocess.Popen:
        address = urlsplit(base_url)
        if address.hostname not in {"127.0.0.1", "localhost"} or not address.port:
            raise build.BuildError(
                f"--start-demo starts a demo on this machine: {base_url} is not "
                "http://127.0.0.1:PORT."
            )
        log = Path(settings.VAR_DIR) / "tutorials-demo.log"
        command = [sys.executable, "manage.py", "rundemo"]
        command += ["--port", str(address.port), "--ent-port", str(address.port + 1)]
        demo = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in this terminal reaches it once, through _stop
        )
        deadline = time.monotonic() + START_SECONDS
        while True:
            time.sleep(2)
            if demo.poll() is not None:
                raise build.BuildError(f"The demo stopped at once: see {log}.")
            try:
                build.check_instance(base_url)
                return demo
            except build.BuildError:
                if time.monotonic() > deadline:
                    self._stop(demo)
                    raise build.BuildError(
                        f"The demo did not answer within {START_SECONDS} s: see {log}."
                    ) from None

    def _stop(self, demo: subprocess.Popen) -> None:
        """As Ctrl-C does: rundemo stops its servers, its worker, then PostgreSQL."""
        if demo.poll() is None:
            demo.send_signal(signal.SIGINT)
            try:
                demo.wait(timeout=60)
            except subprocess.TimeoutExpired:
                demo.kill()
        self.stdout.write("Demo stopped.")
