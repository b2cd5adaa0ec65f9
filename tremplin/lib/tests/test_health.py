"""/healthz: 200 "ok" when the database answers, a worker beats and no mail is stuck;
503 "not ok" otherwise, saying nothing of which, to anyone, without a session."""

import pytest
from django.db import connection
from django.test import Client

from tremplin.lib import health


@pytest.fixture(autouse=True)
def _fresh_answer(settings):
    settings.HEALTH_CACHE_SECONDS = 0
    health._last = None
    yield
    health._last = None


def beating_worker(seconds_ago: int = 0) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat)"
            " VALUES (now() - make_interval(secs => %s))",
            [seconds_ago],
        )


def mail_job(minutes_ago: int, status: str = "todo") -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status)"
            " VALUES ('mail', 'send_email', '{}', %s) RETURNING id",
            [status],
        )
        [pk] = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - make_interval(mins => %s)"
            " WHERE job_id = %s",
            [minutes_ago, pk],
        )


def get():
    return Client().get("/healthz")


def test_all_well_is_200_ok_without_a_cookie(db):
    beating_worker()
    mail_job(minutes_ago=2)  # a mail on its way

    response = get()

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_no_worker_heartbeat_is_503(db):
    beating_worker(seconds_ago=600)  # a worker that died ten minutes ago

    response = get()

    assert response.status_code == 503
    assert response.content == b"not ok\n"  # nothing says which check failed


def test_a_mail_stuck_for_long_is_503(db):
    beating_worker()
    mail_job(minutes_ago=45)

    assert get().status_code == 503


def test_a_mail_sent_long_ago_is_fine(db):
    beating_worker()
    mail_job(minutes_ago=45, status="succeeded")

    assert get().status_code == 200


def test_an_unreachable_database_is_503(database_down):
    response = get()

    assert response.status_code == 503
    assert response.content == b"not ok\n"


def test_the_answer_is_kept_a_few_seconds(db, settings):
    beating_worker()
    settings.HEALTH_CACHE_SECONDS = 60
    assert get().status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_workers")

    assert get().status_code == 200  # no new queries until the time is up
    health._last = None
    assert get().status_code == 503


def test_only_get(db):
    assert Client().post("/healthz").status_code == 405
