"""The weekly budget of mails that are not transactional, across kinds, alerts first:
MAIL_WEEKLY_BUDGET a week in all, of which MAIL_BUDGET_RESERVED_FOR_ALERTS only alerts
may use."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tremplin.mailings import retention, services
from tremplin.mailings.models import MailKind, WeeklySpend
from tremplin.testing import Contender

A, N, E = MailKind.ALERTS, MailKind.NEWSLETTERS, MailKind.EVENT_NEWS


@pytest.fixture(autouse=True)
def budget(settings):
    settings.MAIL_WEEKLY_BUDGET = 3
    settings.MAIL_BUDGET_RESERVED_FOR_ALERTS = 1


@pytest.fixture
def everything(alice):
    services.set_consents(alice, list(MailKind), acting_user=alice)
    return alice


@pytest.mark.django_db
def test_newsletters_and_event_news_leave_the_alerts_their_share(everything):
    assert [services.spend(everything, kind) for kind in (N, E, N, E)] == [
        True,
        True,
        False,
        False,
    ]
    assert services.budget_left(everything, N) == 0
    assert services.budget_left(everything, A) == 1
    assert services.spend(everything, A) is True
    assert services.spend(everything, A) is False  # 3 in all


@pytest.mark.django_db
def test_alerts_may_use_the_whole_budget_and_then_nothing_else_goes(everything):
    assert [services.spend(everything, A) for _ in range(4)] == [True, True, True, False]
    assert services.budget_left(everything, N) == 0
    assert not services.may_send(everything, N)
    assert services.admit(everything, E) is None


@pytest.mark.django_db
def test_the_budget_is_per_person_and_per_week(everything, bob, settings):
    services.set_consents(bob, [A], acting_user=bob)
    for _ in range(3):
        services.spend(everything, A)
    assert services.spend(bob, A) is True
    last_week = services.week_of(timezone.localdate()) - timedelta(days=7)
    WeeklySpend.objects.filter(user=everything).update(week=last_week)
    assert services.spend(everything, N) is True


@pytest.mark.django_db
def test_a_week_starts_on_monday():
    assert services.week_of(date(2026, 12, 2)) == date(2026, 11, 30)  # a Wednesday
    assert services.week_of(date(2026, 11, 30)) == date(2026, 11, 30)
    assert services.week_of(date(2026, 12, 6)) == date(2026, 11, 30)  # Sunday


@pytest.mark.django_db
def test_no_budget_no_mail(everything, settings):
    settings.MAIL_WEEKLY_BUDGET = 0
    assert services.spend(everything, A) is False
    settings.MAIL_WEEKLY_BUDGET = 1
    assert services.spend(everything, N) is False  # the only mail is the alerts'
    assert services.spend(everything, A) is True


@pytest.mark.django_db
def test_a_rollback_gives_the_mail_back(everything):
    with transaction.atomic():
        assert services.spend(everything, N)
        transaction.set_rollback(True)
    assert services.budget_left(everything, N) == 2


@pytest.mark.django_db
def test_admit_spends_and_gives_the_headers(everything):
    controls = services.admit(everything, A)
    assert controls.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert services.budget_left(everything, A) == 2


@pytest.mark.django_db
def test_past_budgets_are_purged(everything):
    services.spend(everything, A)
    old = services.week_of(timezone.localdate()) - timedelta(days=21)
    WeeklySpend.objects.create(user=everything, week=old, total=3)
    assert retention.purge_past_budgets(timezone.now()) == 1
    assert WeeklySpend.objects.filter(user=everything).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_spending_the_last_mail_at_once_send_one(everything):
    """The row of the person's week is locked by the first spender: the second waits
    for its commit, then finds the budget spent."""
    services.spend(everything, A)
    services.spend(everything, A)
    with transaction.atomic():
        assert services.spend(everything, A) is True  # the third and last
        other = Contender(lambda: services.spend(everything, A))
        other.start()
        assert other.waiting_query().lstrip().startswith("INSERT")
    other.join()
    assert other.error is None
    assert other.result is False
    assert WeeklySpend.objects.get(user=everything).total == 3


@pytest.mark.django_db(transaction=True)
def test_without_a_commit_the_second_worker_gets_the_mail_back(everything):
    """The first spender rolls back (its mail did not leave): the second gets it."""
    services.spend(everything, A)
    services.spend(everything, A)
    with transaction.atomic():
        services.spend(everything, A)
        other = Contender(lambda: services.spend(everything, A))
        other.start()
        other.waiting_query()
        transaction.set_rollback(True)
    other.join()
    assert other.result is True
    assert WeeklySpend.objects.get(user=everything).total == 3


@pytest.mark.django_db
def test_message_for_gives_the_mail_or_nothing(everything, bob):
    message = services.message_for(everything, A, "some/template", context={"n": 1})
    assert message.to == [everything.email] and message.language == everything.language
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.context["n"] == 1 and message.context["unsubscribe_url"]
    assert services.message_for(bob, A, "some/template") is None  # bob did not opt in
