"""Events: registered versus present, by type and per event, against a count in Python,
and within the scope (a responsable of SCI never counts DRT's events)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.events.models import Event, Registration
from tremplin.reports import statistics
from tremplin.reports.filters import Filters


def event(title, kind, composantes=(), days=2):
    now = timezone.now()
    made = Event.objects.create(
        title=title,
        kind=kind,
        status=Event.Status.PUBLISHED,
        capacity=100,
        description="<p>x</p>",
        starts_at=now + timedelta(days=days),
        ends_at=now + timedelta(days=days, hours=3),
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=now + timedelta(days=days),
        published_at=now,
    )
    made.composantes.set(composantes)
    return made


@pytest.fixture
def events(world):
    sci, drt = testing.composante("SCI"), testing.composante("DRT")
    made = [
        event("Forum SCI", Event.Kind.FORUM, [sci]),
        event("Job dating DRT", Event.Kind.JOB_DATING, [drt]),
        event("Atelier CV", Event.Kind.WORKSHOP, [], days=-3),
    ]
    R = Registration.Status
    now = timezone.now()
    for e, person, status, present in [
        (made[0], world.people[0], R.REGISTERED, True),
        (made[0], world.people[1], R.REGISTERED, False),
        (made[0], world.people[2], R.WAITING, False),
        (made[1], world.people[4], R.REGISTERED, True),
        (made[1], world.people[5], R.CANCELLED, False),
        (made[2], world.people[0], R.REGISTERED, True),
        (made[2], world.people[3], R.REGISTERED, True),
    ]:
        Registration.objects.create(
            event=e, person=person, status=status, checked_in_at=now if present else None
        )
    return made


def in_scope(name, e):
    codes = {c.code for c in e.composantes.all()}
    return {"admin": True, "adviser": True, "resp_a": "SCI" in codes, "resp_b": "DRT" in codes}[
        name
    ]


@pytest.mark.parametrize("name", ["admin", "adviser", "resp_a", "resp_b"])
def test_registered_versus_present_by_type_and_per_event(world, events, name):
    expected = [e for e in Event.objects.all() if in_scope(name, e)]
    section = statistics.events_section(world.staff[name], Filters())
    by_kind, per_event = (t.rows for t in section.tables)
    registrations = [r for r in Registration.objects.all() if r.event in expected]
    counts = Counter()
    for r in registrations:
        counts[(r.event.kind, "registered")] += r.status == "registered"
        counts[(r.event.kind, "present")] += r.checked_in_at is not None
        counts[(r.event.kind, "waiting")] += r.status == "waiting"
    kinds = [k for k, _label in Event.Kind.choices if any(e.kind == k for e in expected)]
    assert [row[1:] for row in by_kind] == [
        (
            sum(e.kind == k for e in expected),
            counts[(k, "registered")],
            counts[(k, "present")],
            counts[(k, "waiting")],
        )
        for k in kinds
    ]
    assert sorted(row[1:] for row in per_event) == sorted(
        (
            sum(r.event == e and r.status == "registered" for r in registrations),
            sum(r.event == e and r.checked_in_at is not None for r in registrations),
            sum(r.event == e and r.status == "waiting" for r in registrations),
        )
        for e in expected
    )


def test_a_responsable_of_sci_never_counts_drts_events(world, events):
    section = statistics.events_section(world.staff["resp_a"], Filters())
    labels = [row[0] for table in section.tables for row in table.rows]
    assert not [label for label in labels if "DRT" in label]
    assert [row[0].split(" — ")[0] for row in section.tables[1].rows] == ["Forum SCI"]


def test_the_period_is_the_events_start(world, events):
    past = Filters(date_to=timezone.localdate())
    found = statistics.events(world.staff["admin"], past)
    assert [e.title for e in found] == ["Atelier CV"]
