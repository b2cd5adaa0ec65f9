"""The one moderation pattern: what every moderated kind declares holds together, a decision
records its author, date and reason once, a second decision is refused with what was
refused, and a status reads the same everywhere (its badge, its tone)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from tremplin.graduates.models import GraduateClaim
from tremplin.moderation.models import Moderated, Tone, TransitionRefused
from tremplin.offers.models import Application, Offer
from tremplin.recruiters.models import JoinRequest, Recruiter

KINDS = [GraduateClaim, Recruiter, Offer, JoinRequest]
TEMPLATES = Path(__file__).resolve().parents[1]  # the tremplin package


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_kind_declares_a_coherent_life_cycle(kind: type[Moderated]):
    statuses = set(kind.Status.values)
    assert {kind.PENDING, kind.ACCEPTED, kind.REJECTED} <= statuses
    assert kind.TRANSITIONS[kind.ACCEPT] == {kind.PENDING: kind.ACCEPTED}
    assert kind.TRANSITIONS["reject"] == {kind.PENDING: kind.REJECTED}
    for verb, moves in kind.TRANSITIONS.items():
        assert set(moves) | set(moves.values()) <= statuses, verb


def pending(kind: type[Moderated]) -> Moderated:
    return kind(status=kind.PENDING)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_accepting_records_who_and_when(kind, django_user_model):
    moderator = django_user_model(username="moderator")
    obj = pending(kind)
    obj.accept(by=moderator)
    assert (obj.status, obj.decided_by) == (kind.ACCEPTED, moderator)
    assert obj.decided_at is not None
    assert obj.is_accepted and not obj.is_pending and not obj.is_rejected


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_rejecting_needs_a_reason_and_keeps_it(kind):
    obj = pending(kind)
    with pytest.raises(ValueError, match="reason"):
        obj.reject(by=None, reason="   ")
    assert obj.is_pending and obj.decided_at is None
    obj.reject(by=None, reason="  Hors du champ de l’université.  ")
    assert (obj.status, obj.rejection_reason) == (kind.REJECTED, "Hors du champ de l’université.")
    assert obj.is_rejected and obj.decided_at is not None


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("second", ["accept", "reject"])
def test_a_decided_object_refuses_a_second_decision_and_says_what(kind, second):
    obj = pending(kind)
    obj.accept(by=None)
    decided_at = obj.decided_at
    decide = {
        "accept": lambda: obj.accept(by=None),
        "reject": lambda: obj.reject(by=None, reason="Trop tard."),
    }[second]
    with pytest.raises(TransitionRefused) as refused:
        decide()
    assert refused.value.obj is obj
    assert refused.value.action == (kind.ACCEPT if second == "accept" else "reject")
    assert (obj.status, obj.decided_at, obj.rejection_reason) == (kind.ACCEPTED, decided_at, "")


def badge(obj) -> str:
    return Template("{% load moderation %}{% status_badge obj %}").render(Context({"obj": obj}))


@pytest.mark.parametrize(
    ("obj", "html"),
    [
        (Offer(status=Offer.Status.PUBLISHED), '<span class="badge ok">Publiée</span>'),
        (
            GraduateClaim(status=GraduateClaim.Status.REJECTED),
            '<span class="badge error">Non acceptée</span>',
        ),
        (Offer(status=Offer.Status.EXPIRED), '<span class="badge">Expirée</span>'),
        (
            GraduateClaim(status=GraduateClaim.Status.VALIDATED),
            '<span class="badge ok">Validée</span>',
        ),
        (
            Recruiter(status=Recruiter.Status.AWAITING_EMAIL),
            '<span class="badge">Adresse électronique pas encore confirmée</span>',
        ),
        (
            Application(status=Application.Status.SHORTLISTED),
            '<span class="badge ok">Retenue</span>',
        ),
        (
            Application(status=Application.Status.DECLINED),
            '<span class="badge error">Non retenue</span>',
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_a_status_badge_takes_the_tone_its_model_declares(obj, html, settings):
    settings.LANGUAGE_CODE = "fr"
    assert badge(obj) == html


def test_tones_are_the_badge_classes_of_the_stylesheet():
    css = (TEMPLATES / "static" / "css" / "tremplin.css").read_text()
    for tone in (Tone.OK, Tone.ERROR):
        assert f".badge.{tone}" in css


def test_no_template_compares_a_status_string():
    """Templates ask the object (`offer.is_rejected`, `{% status_badge offer %}`): the
    meaning of a status is written once, on its model."""
    comparing = re.compile(r"status\s*[!=]=")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if comparing.search(path.read_text())
    ]
    assert offenders == []
