"""Rate limits: exact counts under concurrency, windows that close, IPv6 clients per /64."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app

from tremplin.lib.models import RateLimitCount
from tremplin.lib.ratelimit import Counter, RateLimit, address_bucket, purge_closed_windows

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_attempts_at_the_same_instant_on_many_connections_are_all_counted():
    """Each thread has its own PostgreSQL connection; the barrier releases them together.
    A read-then-write counter loses attempts here (two read N, both write N+1)."""
    threads, hits = 8, 6
    barrier = threading.Barrier(threads)
    counts: list[int] = []
    failures: list[BaseException] = []

    def attempt() -> None:
        try:
            counter = Counter("concurrency", "192.0.2.1", 3600)
            barrier.wait(timeout=30)
            for _ in range(hits):
                counts.append(counter.add(1))
        except BaseException as error:  # re-raised in the test's thread
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    assert sorted(counts) == list(range(1, threads * hits + 1))  # each attempt its own number
    assert Counter("concurrency", "192.0.2.1", 3600).add(0) == threads * hits


def test_the_limit_refuses_the_attempt_past_it():
    limit = RateLimit("form", limit=3, period=60)
    assert [limit.hit("lea@exemple.fr") for _ in range(4)] == [True, True, True, False]
    assert limit.hit("hugo@exemple.fr")


def test_a_closed_window_starts_again_from_one():
    counter = Counter("form", "lea@exemple.fr", 60)
    for _ in range(5):
        counter.add(1)
    RateLimitCount.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
    assert counter.add(1) == 1


def test_giving_back_never_goes_below_zero_nor_reopens_a_closed_window():
    counter = Counter("form", "lea@exemple.fr", 60)
    counter.add(1)
    assert counter.add(-1) == 0
    assert counter.add(-1) == 0
    RateLimitCount.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
    assert counter.add(-1) == 0
    assert counter.add(1) == 1


def test_the_table_holds_no_value_in_clear():
    Counter("graduate-registration-email", "lea@exemple.fr", 60).add(1)
    [row] = RateLimitCount.objects.all()
    assert "lea" not in row.key and row.key.startswith("graduate-registration-email:")


def test_two_addresses_of_one_ipv6_64_share_a_bucket():
    limit = RateLimit("form-ip", limit=2, period=60, per_address=True)
    assert limit.hit("2001:db8:1:2::1")
    assert limit.hit("2001:db8:1:2:ffff:ffff:ffff:9")
    assert not limit.hit("2001:db8:1:2:abcd::5")  # the same /64: the third attempt
    assert limit.hit("2001:db8:1:3::1")  # the next /64 is another client


def test_ipv4_addresses_are_counted_one_by_one():
    limit = RateLimit("form-ip", limit=1, period=60, per_address=True)
    assert limit.hit("192.0.2.1")
    assert limit.hit("192.0.2.2")
    assert not limit.hit("192.0.2.1")


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        (None, "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_address_bucket(address, bucket):
    assert address_bucket(address) == bucket


def test_the_purge_deletes_only_closed_windows():
    Counter("form", "open", 60).add(1)
    Counter("form", "closed", 60).add(1)
    closed = Counter("form", "closed", 60).key
    RateLimitCount.objects.filter(key=closed).update(
        window_ends=timezone.now() - timedelta(seconds=1)
    )
    assert purge_closed_windows() == 1
    assert list(RateLimitCount.objects.values_list("key", flat=True)) == [
        Counter("form", "open", 60).key
    ]


def test_the_purge_runs_every_hour():
    periodic = {
        task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["purge_rate_limit_counts"] == "40 * * * *"
