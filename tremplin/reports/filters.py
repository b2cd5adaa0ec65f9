"""What the figures and the exports are narrowed to: a period, a composante, a VET."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from tremplin.directory.models import Composante, Vet


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    composante: Composante | None = None
    vet: Vet | None = None

    def period(self, field: str) -> Q:
        """`field` (a date and time) within the period, both days included."""
        q = Q()
        if self.date_from:
            q &= Q(**{f"{field}__gte": _start(self.date_from)})
        if self.date_to:
            q &= Q(**{f"{field}__lt": _start(self.date_to) + timedelta(days=1)})
        return q

    def years(self, field: str) -> Q:
        """`field` (a year) within the period's years."""
        q = Q()
        if self.date_from:
            q &= Q(**{f"{field}__gte": self.date_from.year})
        if self.date_to:
            q &= Q(**{f"{field}__lte": self.date_to.year})
        return q

    def place(self, *, composante: str, vet: str) -> Q:
        """The rows of the chosen composante and VET; `composante` and `vet` name the
        model's lookups to a composante and to a VET."""
        q = Q()
        if self.composante:
            q &= Q(**{composante: self.composante})
        if self.vet:
            q &= Q(**{vet: self.vet})
        return q

    def as_ids(self) -> dict:
        """What a job needs to build the same filters again (`from_ids`)."""
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "composante": self.composante.pk if self.composante else None,
            "vet": self.vet.pk if self.vet else None,
        }

    @classmethod
    def from_ids(cls, ids: dict) -> Filters:
        return cls(
            date_from=date.fromisoformat(ids["from"]) if ids.get("from") else None,
            date_to=date.fromisoformat(ids["to"]) if ids.get("to") else None,
            # .get(): a composante gone meanwhile fails the job rather than widen it.
            composante=Composante.objects.get(pk=ids["composante"])
            if ids.get("composante")
            else None,
            vet=Vet.objects.get(pk=ids["vet"]) if ids.get("vet") else None,
        )

    def as_details(self) -> dict:
        """For the audit log."""
        return {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "composante": self.composante.code if self.composante else "",
            "vet": self.vet.code if self.vet else "",
        }


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
