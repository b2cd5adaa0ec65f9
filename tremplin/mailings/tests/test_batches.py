"""`admit_many`, what a batch of mails (the alerts') asks: the same answers as `admit`
person by person, in a number of statements that does not grow with the batch."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin import testing
from tremplin.lib import observability
from tremplin.mailings import services
from tremplin.mailings.models import MailKind, OptInMail, RefusedAddress, WeeklySpend

A = MailKind.ALERTS
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def budget(settings):
    settings.MAIL_WEEKLY_BUDGET = 2
    settings.MAIL_UNDELIVERABLE_AFTER = 1


def people(count: int) -> list:
    made = [testing.student(f"batch.{count}.{n}") for n in range(count)]
    for person in made:
        services.set_consents(person, [A], acting_user=person)
    return made


def test_each_person_is_admitted_as_admit_would_one_by_one():
    willing, silent, bounced, spent = people(4)
    services.set_consents(silent, [], acting_user=silent)
    services.record_refusal(bounced.email, 550, "User unknown")
    services.spend(spent, A)
    services.spend(spent, A)  # their week's two
    admitted = services.admit_many([willing, silent, bounced, spent], A)
    assert set(admitted) == {willing.pk}
    assert admitted[willing.pk].unsubscribe_url == services.unsubscribe_url(willing, A)
    assert WeeklySpend.objects.get(user=willing).total == 1
    assert not RefusedAddress.objects.filter(address=willing.email).exists()


def test_the_statements_do_not_grow_with_the_batch():
    def statements(batch: list) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(services.admit_many(batch, A)) == len(batch)
        return len(queries)

    assert statements(people(1)) == statements(people(25))


def test_the_same_job_run_again_spends_nothing_more():
    batch = people(3)
    token = observability.job_id.set(4242)
    try:
        first = services.admit_many(batch, A)
        again = services.admit_many(batch, A)
    finally:
        observability.job_id.reset(token)
    assert set(first) == set(again) == {person.pk for person in batch}
    assert [spent.total for spent in WeeklySpend.objects.all()] == [1, 1, 1]
    assert OptInMail.objects.filter(job=4242).count() == 3
    assert len(services.admit_many(batch, A)) == 3  # another job: another mail
    assert [spent.total for spent in WeeklySpend.objects.all()] == [2, 2, 2]
