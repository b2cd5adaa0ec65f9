"""`python -m devcas <command>`: the development ENT's manage.py (run from the checkout)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # Forced, not defaulted: a shell or test run often exports Tremplin's settings module.
    os.environ["DJANGO_SETTINGS_MODULE"] = "devcas.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m devcas", *sys.argv[1:]])


if __name__ == "__main__":
    main()
