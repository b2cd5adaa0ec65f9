"""What the platform holds about a person, app by app: the one list that the download of
one's data ("Mes données"), the merge of two accounts and the "Données personnelles" page
read.

Each app declares, in its own `personal_data.py`, a `Holding` for every relation of its
models to the account (a ForeignKey, a OneToOneField, a ManyToManyField of the account),
and registers them from its `AppConfig.ready()`, as it registers its retention rules: this
floor runs them without importing the apps above it. A new app (events, alerts,
newsletters…) plugs in the same way; `tremplin/tests/test_personal_data.py` fails for any
relation to the account that no holding declares, so nothing is forgotten in the download
or left behind by a merge.

A holding says:

- `export(user) -> Export`: the rows (plain JSON values) and the files the download holds,
  or None when the relation holds nothing about the person themselves (who decided a claim:
  the staff member's own decisions are in the audit log's part of their download); `why`
  then says so;
- `merge(kept, other) -> int`: moves what `other` holds to `kept`, inside the merge's
  transaction, resolving conflicts by the rule its docstring states; returns how many rows
  it moved. `move` is the plain case: every row re-pointed.

And the page lists `Processing`s: what is processed, why, and how long it is kept, each
with the keys of `settings.RETENTION_DAYS` it reads (`tremplin/tests/test_privacy_page.py`
checks every key is cited by one and every retention rule by one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise


@dataclass
class Export:
    """One part of the download: `rows` as JSON, `files` as (name in the ZIP, stored file)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    files: list[tuple[str, FieldFile]] = field(default_factory=list)


Exporter = Callable[[Any], Export]
Merger = Callable[[Any, Any], int]


@dataclass(frozen=True)
class Holding:
    """The relation `model.field` to the account: what it gives the download, and how a
    merge moves it."""

    model: str  # "offers.Application"
    field: str  # "candidate"
    export: Exporter | None
    merge: Merger
    why: str = ""  # when `export` is None: why it holds nothing of the person's own
    rule: str = ""  # how a merge settles a conflict, as the merge page states it

    @property
    def key(self) -> tuple[str, str]:
        return (self.model.lower(), self.field)

    @property
    def name(self) -> str:
        """Its file in the ZIP: `offers.application.candidate.json`."""
        return f"{self.model.lower()}.{self.field}"


_holdings: dict[tuple[str, str], Holding] = {}


def register(*new: Holding) -> None:
    """Declare these holdings; declaring one twice (an app's `ready()` run again) keeps one."""
    for holding in new:
        _holdings[holding.key] = holding


def holdings() -> list[Holding]:
    return list(_holdings.values())


def relations_to_the_account() -> set[tuple[str, str]]:
    """Every relation of an installed model to the account, as (model label, field): the
    foreign keys and one-to-ones pointing at it, and the account's own many-to-manys."""
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not (model_field.concrete and model_field.is_relation):
                continue
            if model_field.related_model is user_model or (
                model is user_model and model_field.many_to_many
            ):
                found.add((model._meta.label_lower, model_field.name))
    return found


# --- Helpers the apps' declarations use --------------------------------------------------


def move(model: str, field_name: str) -> Merger:
    """The plain merge: every row of `other` now points at `kept`."""

    def merge(kept, other) -> int:
        return (
            apps.get_model(model)
            ._base_manager.filter(**{field_name: other})
            .update(**{field_name: kept})
        )

    merge.__qualname__ = f"move({model}.{field_name})"
    return merge


def move_unless_kept_has(model: str, field_name: str, *same: str) -> Merger:
    """Move `other`'s rows, except those whose `same` fields equal a row of `kept`'s
    (a unique constraint): `kept`'s stays, `other`'s is deleted (its files with it)."""

    def merge(kept, other) -> int:
        manager = apps.get_model(model)._base_manager
        theirs = manager.filter(**{field_name: kept}).values_list(*same)
        taken = {tuple(values) for values in theirs}
        moved = 0
        for row in manager.filter(**{field_name: other}):
            if tuple(getattr(row, name) for name in same) in taken:
                row.delete()
            else:
                setattr(row, field_name, kept)
                row.save(update_fields=[field_name])
                moved += 1
        return moved

    merge.__qualname__ = f"move_unless_kept_has({model}.{field_name})"
    return merge


def nothing_to_merge(kept, other) -> int:
    """The rows go with `other`'s account when it is deleted."""
    return 0


def plain(value: Any) -> Any:
    """A model field's value as JSON holds it."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return str(value)
    return value


def rows(queryset: Iterable[models.Model], *names: str) -> list[dict[str, Any]]:
    """These fields of each row, as JSON values; a choice reads as its label too."""
    result = []
    for row in queryset:
        values = {}
        for name in names:
            values[name] = plain(getattr(row, name))
            display = getattr(row, f"get_{name}_display", None)
            if display is not None:
                values[f"{name}_label"] = str(display())
        result.append(values)
    return result


def exporting(queryset_of: Callable[[Any], Iterable[models.Model]], *names: str) -> Exporter:
    """An exporter of these fields of the rows `queryset_of(user)` gives, and of the
    files among them."""

    def export(user) -> Export:
        found = list(queryset_of(user))
        files = []
        for row in found:
            for name in names:
                value = getattr(row, name)
                if isinstance(value, FieldFile) and value.name:
                    label = row._meta.label_lower.replace(".", "-")
                    files.append((f"files/{label}-{row.pk}-{name}.pdf", value))
        return Export(rows=rows(found, *names), files=files)

    return export


# --- What the "Données personnelles" page lists --------------------------------------------


@dataclass(frozen=True)
class Processing:
    """One processing of personal data, as the page lists it: `retention(days)` writes how
    long it is kept from `settings.RETENTION_DAYS` (given whole), citing `keys` of it and
    the retention rules `rules` (their names) that delete it."""

    key: str  # tells processings apart: "applications"
    name: str  # a lazy translation
    data: str
    purpose: str
    retention: Callable[[dict[str, int]], str]
    keys: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    order: int = 100


_processings: dict[str, Processing] = {}


def declare(*new: Processing) -> None:
    """Have the page list these processings (declared again: kept once)."""
    for processing in new:
        _processings[processing.key] = processing


def processings() -> list[Processing]:
    return sorted(_processings.values(), key=lambda p: p.order)
