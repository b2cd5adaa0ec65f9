"""Each figure of `tremplin.reports.statistics` against a count made in Python over every
row, with the scope rules written again in `conftest.py`."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from tremplin.accounts.models import User
from tremplin.graduates.models import GraduateClaim
from tremplin.offers.models import Application, Offer
from tremplin.reports import statistics
from tremplin.reports.filters import Filters
from tremplin.reports.tests.conftest import (
    _claim,
    _person,
    at,
    claim_in_scope,
    offer_in_scope,
    person_in_scope,
)
from tremplin.testing import composante, vet

STAFF = ["admin", "resp_a", "resp_b", "resp_vet", "adviser"]
Status = GraduateClaim.Status


def percentile(values: list[float], fraction: float) -> float | None:
    """percentile_cont: linear interpolation between the closest ranks."""
    if not values:
        return None
    values = sorted(values)
    rank = (len(values) - 1) * fraction
    low, high = math.floor(rank), math.ceil(rank)
    return values[low] + (values[high] - values[low]) * (rank - low)


def in_period(moment, start: date | None, end: date | None) -> bool:
    day = timezone.localtime(moment).date()
    return (start is None or day >= start) and (end is None or day <= end)


@pytest.mark.parametrize("name", STAFF)
def test_registrations_by_kind_and_month_are_the_people_in_scope(world, name):
    viewer = world.staff[name]
    found = statistics.people(viewer, Filters())
    expected = [p for p in User.objects.all() if p.kind in ("student", "graduate")]
    expected = [p for p in expected if person_in_scope(name, p)]
    assert sorted(found.values_list("pk", flat=True)) == sorted(p.pk for p in expected)

    section = statistics.registrations_section(viewer, Filters())
    by_kind = Counter(p.kind for p in expected)
    assert section.tables[0].rows == [
        (User.Kind.STUDENT.label, by_kind["student"]),
        (User.Kind.GRADUATE.label, by_kind["graduate"]),
    ]
    by_month = Counter(
        (timezone.localtime(p.date_joined).strftime("%Y-%m"), p.kind) for p in expected
    )
    months = sorted({month for month, _kind in by_month})
    assert [row[1:] for row in section.tables[1].rows] == [
        (
            by_month[(m, "student")] + by_month[(m, "graduate")],
            by_month[(m, "student")],
            by_month[(m, "graduate")],
        )
        for m in months
    ]


def test_registrations_follow_the_period_composante_and_vet(world):
    admin = world.staff["admin"]
    filters = Filters(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    expected = [
        p for p in world.people if in_period(p.date_joined, date(2026, 2, 1), date(2026, 2, 28))
    ]
    assert set(statistics.people(admin, filters)) == set(expected)
    drt = Filters(composante=composante("DRT"))
    assert set(statistics.people(admin, drt)) == {
        p for p in world.people if "DRT" in {c.code for c in p.composantes.all()}
    }
    # Narrowing never widens: the responsable of SCI asking for DRT sees nobody.
    assert not statistics.people(world.staff["resp_a"], drt).exists()
    assert set(statistics.people(admin, Filters(vet=vet("L3INF")))) == set(world.people[:4])


@pytest.mark.parametrize("name", STAFF)
def test_claims_by_status_and_time_to_a_decision(world, name):
    viewer = world.staff[name]
    expected = [c for c in GraduateClaim.objects.all() if claim_in_scope(name, c)]
    per_scope, total = statistics.claim_figures(viewer, Filters())
    statuses = Counter(c.status for c in expected)
    assert (total["validated"], total["rejected"], total["pending"]) == (
        statuses["validated"],
        statuses["rejected"],
        statuses["pending"],
    )
    delays = [(c.decided_at - c.created_at) / timedelta(days=1) for c in expected if c.decided_at]
    for key, fraction in (("median", 0.5), ("p90", 0.9)):
        found = total[key] / timedelta(days=1) if total[key] is not None else None
        assert found == pytest.approx(percentile(delays, fraction))
    # Per composante of the claim.
    groups = Counter((c.composante.code if c.composante else None) for c in expected)
    assert {
        s["composante__code"]: s["validated"] + s["rejected"] + s["pending"] for s in per_scope
    } == dict(groups)
    for scope in per_scope:
        mine = [
            (c.decided_at - c.created_at) / timedelta(days=1)
            for c in expected
            if c.decided_at
            and (c.composante.code if c.composante else None) == scope["composante__code"]
        ]
        found = scope["median"] / timedelta(days=1) if scope["median"] is not None else None
        assert found == pytest.approx(percentile(mine, 0.5))


def test_the_median_and_90th_percentile_of_sci(world):
    """SCI's decisions took 1, 3, 10 and 2 days: median 2.5, 90th percentile 3 + 0.7 × 7 = 7.9."""
    _per_scope, total = statistics.claim_figures(world.staff["resp_a"], Filters())
    assert total["median"] == timedelta(days=2.5)
    assert total["p90"] == timedelta(days=7.9)


def _more_vets(world) -> None:
    """A second VET in each composante, with decided and waiting claims."""
    graduate = _person(User.Kind.GRADUATE, "SCI", "M1INF", at(2026, 1))
    other = _person(User.Kind.GRADUATE, "DRT", "M1DRT", at(2026, 1))
    world.claims += [
        _claim(graduate, "SCI", "M1INF", Status.VALIDATED, at(2026, 3, 5), 4),
        _claim(graduate, "SCI", "M1INF", Status.REJECTED, at(2026, 3, 6), 6),
        _claim(graduate, "SCI", "M1INF", Status.PENDING, at(2026, 4, 6)),
        _claim(other, "DRT", "M1DRT", Status.VALIDATED, at(2026, 3, 7), 8),
        _claim(other, "DRT", "M1DRT", Status.VALIDATED, at(2026, 3, 8), 12),
    ]


@pytest.mark.parametrize("name", STAFF)
def test_claims_per_vet_are_the_claims_in_scope_counted_again(world, name):
    _more_vets(world)
    viewer = world.staff[name]
    expected = [c for c in GraduateClaim.objects.select_related("vet") if claim_in_scope(name, c)]
    groups: dict = {}
    for claim in expected:
        groups.setdefault(claim.vet.code if claim.vet else None, []).append(claim)
    per_vet = statistics.claim_figures_per_vet(viewer, Filters())
    assert [figures["vet__code"] for figures in per_vet] == sorted(
        groups, key=lambda code: (code is None, vet(code).composante.code if code else "", code)
    )
    for figures in per_vet:
        mine = groups[figures["vet__code"]]
        statuses = Counter(c.status for c in mine)
        assert (figures["validated"], figures["rejected"], figures["pending"]) == (
            statuses[Status.VALIDATED],
            statuses[Status.REJECTED],
            statuses[Status.PENDING],
        )
        delays = [(c.decided_at - c.created_at) / timedelta(days=1) for c in mine if c.decided_at]
        for key, fraction in (("median", 0.5), ("p90", 0.9)):
            found = figures[key] / timedelta(days=1) if figures[key] is not None else None
            assert found == pytest.approx(percentile(delays, fraction))
    # The table shows the same figures, one row per VET, with a chart of the validated.
    table = statistics.claims_section(viewer, Filters()).tables[2]
    assert [row[1:4] for row in table.rows] == [
        (f["validated"], f["rejected"], f["pending"]) for f in per_vet
    ]
    assert table.bars == [(row[0], row[1]) for row in table.rows]


def test_the_median_and_90th_percentile_of_m1inf(world):
    """M1INF's decisions took 4 and 6 days: median 5, 90th percentile 4 + 0.9 × 2 = 5.8."""
    _more_vets(world)
    per_vet = statistics.claim_figures_per_vet(world.staff["admin"], Filters())
    m1inf = next(f for f in per_vet if f["vet__code"] == "M1INF")
    assert (m1inf["validated"], m1inf["rejected"], m1inf["pending"]) == (1, 1, 1)
    assert m1inf["median"] == timedelta(days=5)
    assert m1inf["p90"] == timedelta(days=5.8)
    rows = statistics.claims_section(world.staff["admin"], Filters()).tables[2].rows
    assert ("M1INF-1 — Diplôme M1INF", 1, 1, 1, "5,0", "5,8") in rows


def test_a_responsable_of_a_never_sees_the_vets_of_b_in_the_claims(world):
    _more_vets(world)
    resp_a = world.staff["resp_a"]
    per_vet = statistics.claim_figures_per_vet(resp_a, Filters())
    assert [f["vet__code"] for f in per_vet] == ["L3INF", "M1INF", None]
    assert {f["vet__composante__code"] for f in per_vet} == {"SCI", None}
    labels = [row[0] for row in statistics.claims_section(resp_a, Filters()).tables[2].rows]
    assert not [label for label in labels if "DRT" in label]
    # Asking for B's VET gives nothing, never B's figures.
    assert statistics.claim_figures_per_vet(resp_a, Filters(vet=vet("M1DRT", "DRT"))) == []
    # The responsable of L3INF sees L3INF only.
    per_vet = statistics.claim_figures_per_vet(world.staff["resp_vet"], Filters())
    assert [f["vet__code"] for f in per_vet] == ["L3INF"]


def test_claims_per_vet_follow_the_period_and_the_composante(world):
    _more_vets(world)
    admin = world.staff["admin"]
    march = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    found = {
        f["vet__code"]: (f["validated"], f["rejected"], f["pending"])
        for f in statistics.claim_figures_per_vet(admin, march)
    }
    assert found == {"L3INF": (3, 0, 0), "M1INF": (1, 1, 0), "M1DRT": (2, 0, 0)}
    drt = Filters(composante=composante("DRT"))
    found = [f["vet__code"] for f in statistics.claim_figures_per_vet(admin, drt)]
    assert found == ["L3DRT", "M1DRT"]


@pytest.mark.parametrize("name", STAFF)
def test_offers_by_type_month_domain_and_composante(world, name):
    viewer = world.staff[name]
    expected = [
        o
        for o in Offer.objects.all()
        if o.status != Offer.Status.DRAFT and offer_in_scope(name, o)
    ]
    section = statistics.offers_section(viewer, Filters())
    by_type, by_month, by_domain, by_composante = (t.rows for t in section.tables)
    kinds = Counter(o.kind for o in expected)
    assert by_type == [(label, kinds[v]) for v, label in Offer.Kind.choices if kinds[v]]
    domains = Counter(o.domain for o in expected)
    assert by_domain == [(label, domains[v]) for v, label in Offer.Domain.choices if domains[v]]
    months = Counter(timezone.localtime(o.created_at).strftime("%Y-%m") for o in expected)
    assert [n for _label, n in by_month] == [months[m] for m in sorted(months)]
    aimed = Counter()
    for o in expected:
        targeted = {c.label for c in o.composantes.all()} | {
            v.composante.label for v in o.vets.all()
        }
        aimed.update(targeted or {gettext("The whole university")})
    assert dict(by_composante) == dict(aimed)


@pytest.mark.parametrize("name", STAFF)
def test_applications_per_offer_and_per_type(world, name):
    viewer = world.staff[name]
    expected = [
        a
        for a in Application.objects.select_related("offer")
        if a.offer.status != Offer.Status.DRAFT and offer_in_scope(name, a.offer)
    ]
    section = statistics.applications_section(viewer, Filters())
    per_type, per_offer = (t.rows for t in section.tables)
    kinds = Counter(a.offer.kind for a in expected)
    assert per_type == [(label, kinds[v]) for v, label in Offer.Kind.choices if kinds[v]]
    offers = Counter(a.offer for a in expected)
    assert sorted(n for _label, n in per_offer) == sorted(offers.values())
    assert {label for label, _n in per_offer} == {f"{o.title} — BioLab" for o in offers}


def test_applications_follow_the_period(world):
    filters = Filters(date_from=date(2026, 4, 1))
    found = statistics.applications(world.staff["admin"], filters)
    assert set(found) == {
        a for a in world.applications if in_period(a.created_at, date(2026, 4, 1), None)
    }


def test_a_responsable_of_a_never_sees_the_rows_of_b(world):
    """Neither in the people, the claims, the offers nor the applications."""
    resp_a = world.staff["resp_a"]
    filters = Filters()
    drt_only = [p for p in world.people if {c.code for c in p.composantes.all()} == {"DRT"}]
    assert not set(statistics.people(resp_a, filters)) & set(drt_only)
    assert not statistics.claims(resp_a, filters).filter(composante__code="DRT").exists()
    juriste = world.offers[2]
    assert juriste not in statistics.offers(resp_a, filters)
    assert not statistics.applications(resp_a, filters).filter(offer=juriste).exists()
    labels = [row[0] for t in statistics.offers_section(resp_a, filters).tables for row in t.rows]
    assert "Juriste — BioLab" not in labels


def test_sections_follow_the_rights(world):
    def keys(name):
        return [s.key for s in statistics.sections_for(world.staff[name], Filters())]

    every = ["registrations", "claims", "offers", "applications", "events", "mails"]
    assert keys("admin") == every
    assert keys("resp_a") == every
    assert keys("adviser") == ["offers", "applications", "events"]
