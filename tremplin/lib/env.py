"""Read settings from the environment, refusing bad values loudly.

Every reader takes the variable's name and a default; a value that cannot be read
raises ImproperlyConfigured naming the variable and what it accepts, so a typo in a
deployment fails at start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def is_set(self, name: str) -> bool:
        return self.environ.get(name, "").strip() != ""

    def str(self, name: str, default: str) -> str:
        value = self.environ.get(name, "").strip()
        return value or default

    def required(self, name: str) -> str:
        value = self.environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"{name} must be set.")
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self.environ.get(name, "").strip().lower()
        if not value:
            return default
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of true/false, yes/no, 1/0.")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self.environ.get(name, "").strip()
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number}: must be at least {minimum}.")
        return number

    def list(self, name: str, default: Iterable[str] = ()) -> list[str]:
        value = self.environ.get(name, "").strip()
        if not value:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: Iterable[str]) -> str:
        allowed = list(choices)
        value = self.str(name, default)
        if value not in allowed:
            raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(allowed)}.")
        return value

    def url(self, name: str, default: str, *, https_only: bool = False) -> str:
        value = self.str(name, default)
        if value and not value.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"{name}={value!r}: expected an http:// or https:// URL.")
        if https_only and value.startswith("http://"):
            raise ImproperlyConfigured(
                f"{name}={value!r}: production needs an https:// URL (no clear-text HTTP)."
            )
        return value.rstrip("/")
