"""Every signed-in session ends: after an idle time without a request, and after a maximum
age whatever happens; staff's are the shorter. Expired sessions are deleted every night."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from tremplin import testing
from tremplin.accounts.middleware import EXPIRY_GRACE_SECONDS, LAST_SEEN, STARTED
from tremplin.accounts.models import User, UserSession
from tremplin.lib.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db

MINUTE, HOUR = 60, 3600


def signed_in(client, person: User) -> None:
    client.force_login(person)
    assert client.get("/").status_code == 200  # the first request starts the clock


def age_session(client, **seconds_ago: float) -> None:
    """Move the session's start or last request back in time."""
    session = client.session
    keys = {"started": STARTED, "last_seen": LAST_SEEN}
    for name, ago in seconds_ago.items():
        session[keys[name]] = time.time() - ago
    session.save()


def signed_out_with(response, client, message: str) -> None:
    assert response.status_code == 302 and response.url == reverse("pages:home")
    assert SESSION_KEY not in client.session
    assert message in [str(m) for m in get_messages(response.wsgi_request)]


PEOPLE = {
    "student": testing.student,
    "graduate": lambda: testing.user(User.Kind.GRADUATE),
    "recruiter": testing.recruiter,
}


@pytest.mark.parametrize("kind", PEOPLE)
def test_everybody_is_signed_out_after_two_idle_hours(client, kind, settings):
    settings.LANGUAGE_CODE = "en"
    signed_in(client, PEOPLE[kind]())
    age_session(client, last_seen=2 * HOUR + MINUTE)

    response = client.get("/")

    signed_out_with(response, client, "Your session ended after a period of inactivity.")


def test_an_hour_and_a_half_without_a_request_keeps_a_student_signed_in(client):
    signed_in(client, testing.student())
    age_session(client, last_seen=90 * MINUTE)
    assert client.get("/").status_code == 200
    assert SESSION_KEY in client.session


def test_staff_are_signed_out_after_twelve_hours_even_when_active(client, settings):
    settings.LANGUAGE_CODE = "en"
    signed_in(client, testing.administrator())
    age_session(client, started=12 * HOUR + MINUTE, last_seen=MINUTE)

    response = client.get("/gestion/")

    signed_out_with(
        response, client, "Your session has reached its maximum length: please sign in again."
    )


def test_staff_active_for_eleven_hours_stay_signed_in(client):
    signed_in(client, testing.administrator())
    age_session(client, started=11 * HOUR, last_seen=MINUTE)
    assert client.get("/gestion/").status_code == 200


def test_other_sessions_last_at_most_a_day(client):
    signed_in(client, testing.student())
    age_session(client, started=23 * HOUR, last_seen=MINUTE)
    assert client.get("/").status_code == 200
    age_session(client, started=24 * HOUR + MINUTE, last_seen=MINUTE)
    assert client.get("/").status_code == 302
    assert SESSION_KEY not in client.session


def test_a_sign_in_starts_the_clock(client):
    recruiter = testing.recruiter("lea@atelier-numerique.example")
    before = time.time()
    client.post(
        reverse("account_login"),
        {"login": recruiter.email, "password": testing.RECRUITER_PASSWORD},
    )
    assert client.session[SESSION_KEY] == str(recruiter.pk)
    assert client.session[STARTED] >= before


def test_the_stored_session_expires_with_the_idle_time(client):
    signed_in(client, testing.administrator())
    stored = UserSession.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(seconds=30 * MINUTE + EXPIRY_GRACE_SECONDS)
    assert abs((stored.expire_date - expected).total_seconds()) < 30


def test_the_stored_session_never_outlives_the_maximum_age(client):
    signed_in(client, testing.student())
    age_session(client, started=24 * HOUR - 10 * MINUTE, last_seen=2 * MINUTE)
    client.get("/")
    stored = UserSession.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(seconds=10 * MINUTE + EXPIRY_GRACE_SECONDS)
    assert abs((stored.expire_date - expected).total_seconds()) < 30


def test_expired_sessions_are_deleted_every_night(client):
    signed_in(client, testing.student())
    kept = client.session.session_key
    expired = UserSession.objects.create(
        session_key="x" * 32,
        session_data="",
        expire_date=timezone.now() - timedelta(seconds=1),
    )

    clear_expired_sessions(timestamp=int(time.time()))

    assert list(UserSession.objects.values_list("session_key", flat=True)) == [kept]
    assert not UserSession.objects.filter(pk=expired.pk).exists()
    periodic = {
        task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["clear_expired_sessions"] == "47 3 * * *"
