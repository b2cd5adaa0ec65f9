"""Personal data is deleted when its time is up, as the "Données personnelles" page says.

Each app knows how long the data it holds is kept: it declares its rules (`RULES`) in its
own `retention.py` and registers them here from its `AppConfig.ready()`, so this floor
runs them without importing the apps above it. `purge()` runs every rule, in one transaction,
every night from a periodic job (and from `manage.py purge_personal_data`); running it
twice does the same as once.

A rule is a callable `rule(now) -> int`: it deletes what is due at `now`, reading its
periods from `settings.RETENTION_DAYS`, and returns how many it deleted. Rules run step
by step, and the summary lists them in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from django.db import transaction
from django.utils import timezone

DAY = timedelta(days=1)


class Step(IntEnum):
    """When a rule runs; the rules of one step run in the order they were registered."""

    REQUESTS = 1  # what people typed before they had an account
    REFUSED_ACCOUNTS = 2  # accounts refused, or never confirmed
    IDLE_ACCOUNTS = 3  # accounts nobody used for years
    CONTENT = 4  # what accounts left behind: applications and their CVs
    AUDIT_LOG = 5


@dataclass(frozen=True)
class Rule:
    """`purge(now)` runs at `step` of every purge; what it deleted counts under `name`."""

    name: str  # the summary's line: several rules may count under one name
    purge: Callable[[datetime], int]
    step: Step

    @property
    def path(self) -> str:
        """Where the rule is written, which tells rules of one name apart."""
        return f"{self.purge.__module__}.{self.purge.__qualname__}"


_rules: list[Rule] = []


def register(*new: Rule) -> None:
    """Have these rules run by every purge. Registering a rule twice (an app's `ready()`
    run again) keeps one."""
    for rule in new:
        if all(existing.path != rule.path for existing in _rules):
            _rules.append(rule)


def rules() -> list[Rule]:
    """The registered rules, in the order they run (by step, then registration)."""
    return sorted(_rules, key=lambda rule: rule.step)


class Summary(dict[str, int]):
    """How many of each were deleted, by rule name in the order the rules ran:
    `summary.applications`, or the line `str(summary)` prints."""

    def __getattr__(self, name: str) -> int:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __str__(self) -> str:
        return ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in self.items())


@transaction.atomic
def purge(now: datetime | None = None) -> Summary:
    """Run every rule, in one transaction: a failing rule leaves everything as it was."""
    now = now or timezone.now()
    done = Summary()
    for rule in rules():
        done[rule.name] = done.get(rule.name, 0) + rule.purge(now)
    return done
