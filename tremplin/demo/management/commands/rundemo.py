"""`make demo`: the whole platform on this machine, stopped by Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tremplin.demo.accounts import DEMO_ACCOUNTS_TEXT
from tremplin.lib import embedded_db

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = "Migrate, load the demo data, start the development ENT, the worker and the web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="Do not (re)load the demo data."
        )
        parser.add_argument("--port", type=int, default=8000, help="the web server's port")
        parser.add_argument(
            "--ent-port", type=int, default=8001, help="the development ENT's port"
        )

    def handle(self, *args, no_data: bool, port: int, ent_port: int, **options) -> None:
        started = time.monotonic()
        python = sys.executable
        root = Path(settings.BASE_DIR)
        web, ent = f"{HOST}:{port}", f"{HOST}:{ent_port}"
        # The web server and the worker send people to this ENT and write links to this site.
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "CAS_SERVER_URL": f"http://{ent}/cas",
            "SITE_URL": f"http://{web}",
        }

        call_command("migrate", interactive=False, verbosity=0)
        if not no_data:
            call_command("demo_data", no_progress=True)
        subprocess.run(
            [python, "-m", "devcas", "migrate", "--verbosity", "0"], cwd=root, env=env, check=True
        )
        subprocess.run([python, "-m", "devcas", "devcas_setup"], cwd=root, env=env, check=True)

        commands = {
            "ENT (CAS)": [python, "-m", "devcas", "runserver", "--noreload", ent],
            "worker": [python, "manage.py", "procrastinate", "worker"],
            "web": [python, "manage.py", "runserver", web],
        }
        # Ctrl-C or SIGTERM stops everything, even when a shell started this in the
        # background, where SIGINT is ignored (and would be by the servers too).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        processes = {
            name: subprocess.Popen(cmd, cwd=root, env=env) for name, cmd in commands.items()
        }
        time.sleep(1.5)
        ready = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"\nTremplin is running at http://{web}/  (ready in {ready:.0f} s)")
        )
        self.stdout.write(
            f"Development ENT (CAS): http://{ent}/cas/   Demo outbox: http://{web}/demo/mails/"
        )
        self.stdout.write(DEMO_ACCOUNTS_TEXT)
        self.stdout.write("Press Ctrl-C to stop everything.\n")
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            failed = [name for name, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"Stopped because {', '.join(failed)} exited.")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            if "DATABASE_URL" not in os.environ:
                embedded_db.stop(settings.VAR_DIR)
            self.stdout.write("Stopped.")
