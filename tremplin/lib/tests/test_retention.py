"""The purge runs every registered rule, step by step, and sums up what each deleted."""

import pytest
from django.utils import timezone

from tremplin.lib import retention
from tremplin.lib.retention import Rule, Step

pytestmark = pytest.mark.django_db
ran: list[str] = []


def old_log(now) -> int:
    ran.append("old_log")
    return 1


def first_requests(now) -> int:
    ran.append("first_requests")
    return 2


def other_requests(now) -> int:
    ran.append("other_requests")
    return 3


@pytest.fixture
def rules(monkeypatch):
    """Only the rules a test registers."""
    monkeypatch.setattr(retention, "_rules", [])
    ran.clear()


def test_every_rule_runs_by_step_then_in_the_order_registered(rules):
    retention.register(
        Rule("log", old_log, Step.AUDIT_LOG),
        Rule("requests", first_requests, Step.REQUESTS),
        Rule("requests", other_requests, Step.REQUESTS),
    )
    summary = retention.purge(timezone.now())
    assert ran == ["first_requests", "other_requests", "old_log"]
    assert summary == {"requests": 5, "log": 1}
    assert (summary.requests, str(summary)) == (5, "requests: 5, log: 1")


def test_a_rule_registered_twice_runs_once(rules):
    retention.register(Rule("log", old_log, Step.AUDIT_LOG))
    retention.register(Rule("log", old_log, Step.AUDIT_LOG))
    assert retention.purge().log == 1
    assert ran == ["old_log"]
