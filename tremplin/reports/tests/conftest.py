"""Two composantes (SCI with its L3INF, DRT with its L3DRT), people, claims, offers and
applications in both, and a staff member of each role: the figures and exports of each
are compared with counts made in Python over every row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.graduates.models import GraduateClaim
from tremplin.offers.models import Application, Offer

Role = RoleAssignment.Role
Status = GraduateClaim.Status


def at(year: int, month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))


@dataclass
class World:
    staff: dict = field(default_factory=dict)
    people: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    registry: list = field(default_factory=list)


def _person(kind, composante, vet, joined):
    person = testing.user(kind)
    person.composantes.add(testing.composante(composante))
    person.vets.add(testing.vet(vet, composante))
    User.objects.filter(pk=person.pk).update(date_joined=joined)
    person.refresh_from_db()
    return person


def _claim(person, composante, vet, status, created, days=None):
    claim = GraduateClaim.objects.create(
        user=person,
        route=GraduateClaim.Route.DIPLOMA_FOUND if composante else GraduateClaim.Route.ABSENT,
        status=status,
        composante=testing.composante(composante) if composante else None,
        vet=testing.vet(vet, composante) if vet else None,
        last_name=person.last_name,
        first_name=person.first_name,
    )
    GraduateClaim.objects.filter(pk=claim.pk).update(
        created_at=created,
        decided_at=created + timedelta(days=days) if days is not None else None,
    )
    claim.refresh_from_db()
    return claim


def _offer(organisation, title, kind, domain, created, *, composantes=(), vets=(), **fields):
    offer = Offer.objects.create(
        title=title,
        kind=kind,
        domain=domain,
        description="<p>x</p>",
        organisation=organisation,
        city="Clermont-Ferrand",
        publish_until=timezone.now() + timedelta(days=30),
        status=fields.pop("status", Offer.Status.PUBLISHED),
        **fields,
    )
    offer.composantes.set(composantes)
    offer.vets.set(vets)
    Offer.objects.filter(pk=offer.pk).update(created_at=created)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def world(db) -> World:
    w = World()
    sci, drt = testing.composante("SCI"), testing.composante("DRT")
    l3inf = testing.vet("L3INF", "SCI")
    w.staff = {
        "admin": testing.administrator(),
        "resp_a": testing.staff("claire.sci", (Role.COMPOSANTE_MANAGER, sci)),
        "resp_b": testing.staff("david.drt", (Role.COMPOSANTE_MANAGER, drt)),
        "resp_vet": testing.staff("marc.l3inf", (Role.VET_MANAGER, l3inf)),
        "adviser": testing.staff("anne.conseil", (Role.CAREER_ADVISER, None)),
    }
    S, G = User.Kind.STUDENT, User.Kind.GRADUATE
    w.people = [
        _person(S, "SCI", "L3INF", at(2026, 1)),
        _person(S, "SCI", "L3INF", at(2026, 2)),
        _person(S, "SCI", "L3INF", at(2026, 2, 20)),
        _person(G, "SCI", "L3INF", at(2026, 3)),
        _person(S, "DRT", "L3DRT", at(2026, 1)),
        _person(G, "DRT", "L3DRT", at(2026, 2)),
        _person(G, "DRT", "L3DRT", at(2026, 4)),
    ]
    w.people[1].last_name = '=HYPERLINK("http://evil")'
    w.people[1].save()
    p = w.people
    w.claims = [
        _claim(p[3], "SCI", "L3INF", Status.VALIDATED, at(2026, 3, 1), 1),
        _claim(p[0], "SCI", "L3INF", Status.VALIDATED, at(2026, 3, 2), 3),
        _claim(p[1], "SCI", "L3INF", Status.VALIDATED, at(2026, 3, 3), 10),
        _claim(p[2], "SCI", "L3INF", Status.REJECTED, at(2026, 4, 1), 2),
        _claim(p[2], "SCI", None, Status.PENDING, at(2026, 4, 2)),
        _claim(p[5], "DRT", "L3DRT", Status.VALIDATED, at(2026, 2, 1), 5),
        _claim(p[6], "DRT", "L3DRT", Status.PENDING, at(2026, 4, 3)),
        _claim(p[6], None, None, Status.PENDING, at(2026, 4, 4)),
    ]
    biolab = testing.organisation("BioLab")
    K, D = Offer.Kind, Offer.Domain
    w.offers = [
        _offer(biolab, "Stage Python", K.INTERNSHIP, D.IT, at(2026, 1), composantes=[sci]),
        _offer(biolab, "Stage Django", K.INTERNSHIP, D.IT, at(2026, 2), composantes=[sci]),
        _offer(biolab, "Juriste", K.PERMANENT, D.LAW, at(2026, 2), composantes=[drt]),
        _offer(biolab, "Job été", K.STUDENT_JOB, D.SPORT, at(2026, 3), composantes=[sci, drt]),
        _offer(biolab, "@Tous", K.FIXED_TERM, D.HR, at(2026, 3)),
        _offer(biolab, "Stage L3", K.INTERNSHIP, D.SCIENCE, at(2026, 4), vets=[l3inf]),
        _offer(
            biolab,
            "Brouillon",
            K.INTERNSHIP,
            D.IT,
            at(2026, 4),
            composantes=[sci],
            status=Offer.Status.DRAFT,
        ),
    ]
    o = w.offers
    for offer, person, when in [
        (o[0], p[0], at(2026, 2)),
        (o[0], p[1], at(2026, 2)),
        (o[0], p[3], at(2026, 3)),
        (o[1], p[0], at(2026, 3)),
        (o[2], p[4], at(2026, 3)),
        (o[3], p[4], at(2026, 4)),
        (o[3], p[1], at(2026, 4)),
        (o[4], p[5], at(2026, 4)),
        (o[5], p[2], at(2026, 5)),
    ]:
        application = Application.objects.create(
            offer=offer, candidate=person, cv="applications/x.pdf", message="Bonjour"
        )
        Application.objects.filter(pk=application.pk).update(created_at=when)
        application.refresh_from_db()
        w.applications.append(application)
    w.registry = [
        testing.registry_entry(birth_name="Durand", vet_code="L3INF", year=2024),
        testing.registry_entry(birth_name="-Moins", vet_code="L3INF", year=2025),
        testing.registry_entry(
            birth_name="Lefèvre", vet_code="L3DRT", composante_code="DRT", year=2025
        ),
    ]
    return w


# --- Scopes written again, in Python, from the roles' definitions ----------------------


def codes(queryset) -> set[str]:
    return {obj.code for obj in queryset}


def person_in_scope(name: str, person: User) -> bool:
    composantes, vets = codes(person.composantes.all()), codes(person.vets.all())
    return {
        "admin": True,
        "resp_a": "SCI" in composantes,
        "resp_b": "DRT" in composantes,
        "resp_vet": "L3INF" in vets,
        "adviser": False,
    }[name]


def claim_in_scope(name: str, claim: GraduateClaim) -> bool:
    composante = claim.composante.code if claim.composante else None
    vet = claim.vet.code if claim.vet else None
    return {
        "admin": True,
        "resp_a": composante == "SCI",
        "resp_b": composante == "DRT",
        "resp_vet": vet == "L3INF",
        "adviser": False,
    }[name]


def offer_in_scope(name: str, offer: Offer) -> bool:
    composantes = codes(offer.composantes.all())
    vets = {(v.code, v.composante.code) for v in offer.vets.all()}
    return {
        "admin": True,
        "adviser": True,
        "resp_a": "SCI" in composantes or any(c == "SCI" for _v, c in vets),
        "resp_b": "DRT" in composantes or any(c == "DRT" for _v, c in vets),
        "resp_vet": any(v == "L3INF" for v, _c in vets),
    }[name]
