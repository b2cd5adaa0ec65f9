"""The opt-in mails sent and the unsubscriptions, by kind and by month, against a count
made in Python, within the scope (a responsable of SCI never counts DRT's people)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from tremplin.mailings import services
from tremplin.mailings.models import MailKind, OptInMail, Unsubscription
from tremplin.reports import statistics
from tremplin.reports.filters import Filters
from tremplin.reports.tests.conftest import at, person_in_scope
from tremplin.testing import composante

A, N, E = MailKind.ALERTS, MailKind.NEWSLETTERS, MailKind.EVENT_NEWS


@pytest.fixture
def mail_history(world, settings):
    """Each person opted into everything, received some mails, and some unsubscribed:
    through the services that send and unsubscribe, then dated."""
    settings.MAIL_WEEKLY_BUDGET = 10
    people = world.people
    for person in people:
        services.set_consents(person, list(MailKind), acting_user=person)
    for person, kind in [
        (people[0], A),
        (people[0], A),
        (people[0], N),
        (people[1], E),
        (people[3], N),
        (people[4], A),
        (people[5], N),
        (people[6], E),
    ]:
        assert services.spend(person, kind)
    services.unsubscribe(people[1], N)
    services.unsubscribe(people[5], A)
    services.set_consents(people[4], [A], acting_user=people[4])  # leaves N and E
    services.unsubscribe(people[5], A)  # again: nothing to leave
    OptInMail.objects.filter(user=people[0]).update(sent_at=at(2026, 2))
    Unsubscription.objects.filter(user=people[4]).update(at=at(2026, 3))
    return world


def expected(name, model, moment, since: date | None = None):
    rows = [
        row
        for row in model.objects.select_related("user")
        if person_in_scope(name, row.user)
        and (since is None or timezone.localtime(getattr(row, moment)).date() >= since)
    ]
    by_kind = Counter(row.kind for row in rows)
    by_month = Counter(timezone.localtime(getattr(row, moment)).strftime("%Y-%m") for row in rows)
    return by_kind, by_month


@pytest.mark.parametrize("name", ["admin", "resp_a", "resp_b", "resp_vet"])
def test_mails_sent_and_unsubscriptions_by_kind_and_month(mail_history, name):
    section = statistics.mails_section(mail_history.staff[name], Filters())
    by_kind, by_month = (table.rows for table in section.tables)
    sent, sent_months = expected(name, OptInMail, "sent_at")
    left, left_months = expected(name, Unsubscription, "at")
    assert by_kind == [(kind.label, sent[kind], left[kind]) for kind in MailKind]
    months = sorted(set(sent_months) | set(left_months))
    assert [row[1:] for row in by_month] == [(sent_months[m], left_months[m]) for m in months]


def test_the_figures_follow_the_period_and_the_composante(mail_history):
    admin = mail_history.staff["admin"]
    march = date(2026, 3, 1)
    since_march = Filters(date_from=march)
    sent, _ = expected("admin", OptInMail, "sent_at", march)
    left, _ = expected("admin", Unsubscription, "at", march)
    by_kind = statistics.mails_section(admin, since_march).tables[0].rows
    assert by_kind == [(kind.label, sent[kind], left[kind]) for kind in MailKind]
    assert sent[A] == 1  # people[0]'s two alerts were sent in February

    drt = statistics.mails_section(admin, Filters(composante=composante("DRT")))
    assert drt.tables[0].rows == [(A.label, 1, 1), (N.label, 1, 1), (E.label, 1, 1)]


def test_a_responsable_of_a_never_counts_the_mails_of_b(mail_history):
    resp_a = mail_history.staff["resp_a"]
    drt = Filters(composante=composante("DRT"))
    assert statistics.mails_section(resp_a, drt).tables[0].rows == [
        (kind.label, 0, 0) for kind in MailKind
    ]
