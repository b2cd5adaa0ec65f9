"""The people of recruitment events and their events, ready to act.

Alice studies in SCI (VET L3INF), Bob in DRT, Gaëlle graduated from SCI. Sophie recruits
for BioLab Auvergne, Marc for Atelier Numérique. Nina is a career adviser, Claire
responsable of SCI, David responsable of DRT.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.events.models import Event, Participation

Role = RoleAssignment.Role


@pytest.fixture
def sci(db):
    return testing.composante("SCI", "UFR Sciences et Techniques")


@pytest.fixture
def drt(db):
    return testing.composante("DRT", "Faculté de Droit")


@pytest.fixture
def alice(sci):
    return testing.student("alice.martin", composante_code="SCI", vet_code="L3INF")


@pytest.fixture
def bob(drt):
    return testing.student("bob.nguyen", composante_code="DRT", vet_code="M1DPR")


@pytest.fixture
def gaelle(sci):
    person = testing.user(User.Kind.GRADUATE, uid="gaelle.roux", first_name="Gaëlle")
    person.composantes.add(sci)
    return person


@pytest.fixture
def biolab(db):
    return testing.organisation("BioLab Auvergne")


@pytest.fixture
def sophie(biolab):
    return testing.recruiter(
        "rh@biolab-auvergne.example", organisation_of=biolab, first_name="Sophie"
    )


@pytest.fixture
def marc(db):
    return testing.recruiter(
        "marc@atelier-numerique.example",
        first_name="Marc",
        organisation_of=testing.organisation("Atelier Numérique"),
    )


@pytest.fixture
def nina(db):
    return testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))


@pytest.fixture
def claire(sci):
    return testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci))


@pytest.fixture
def david(drt):
    return testing.staff("david.drt", (Role.COMPOSANTE_MANAGER, drt))


@pytest.fixture
def make_event(db):
    """An event as the database holds it: published, registration open, tomorrow+2."""

    def make(
        title: str = "Forum des métiers",
        *,
        kind: str = Event.Kind.FORUM,
        status: str = Event.Status.PUBLISHED,
        capacity: int = 100,
        composantes=(),
        vets=(),
        organisations=(),
        **fields,
    ) -> Event:
        now = timezone.now()
        values = {
            "description": "<p>Rencontrez les entreprises.</p>",
            "place": "Hall du campus des Cézeaux",
            "starts_at": now + timedelta(days=2),
            "ends_at": now + timedelta(days=2, hours=4),
            "registration_opens_at": now - timedelta(days=1),
            "registration_closes_at": now + timedelta(days=1),
            "published_at": now if status == Event.Status.PUBLISHED else None,
        }
        values.update(fields)
        event = Event.objects.create(
            title=title, kind=kind, status=status, capacity=capacity, **values
        )
        event.composantes.set(composantes)
        event.vets.set(vets)
        for organisation in organisations:
            Participation.objects.create(
                event=event, organisation=organisation, status=Participation.Status.ACCEPTED
            )
        return event

    return make
