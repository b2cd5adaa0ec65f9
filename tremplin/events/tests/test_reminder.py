"""The reminder, the day before: once per registration, whatever how often the job runs."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tremplin.events import services
from tremplin.events.models import Registration
from tremplin.mailings.models import Consent, MailKind


def test_people_registered_are_reminded_once_the_day_before(alice, bob, make_event, mails):
    now = timezone.now()
    tomorrow = make_event(
        "Forum de demain",
        capacity=1,
        starts_at=now + timedelta(hours=20),
        ends_at=now + timedelta(hours=24),
        registration_closes_at=now + timedelta(hours=19),
    )
    later = make_event("Forum plus tard")
    for person in (alice, bob):  # both opted into event news
        Consent.objects.create(user=person, kind=MailKind.EVENT_NEWS)
    services.register(tomorrow.pk, acting_user=alice)
    services.register(tomorrow.pk, acting_user=bob)  # waiting: no reminder
    services.register(later.pk, acting_user=alice)
    before = len(mails())

    assert services.remind_tomorrows_registrations() == 1
    assert services.remind_tomorrows_registrations() == 0

    [reminder] = mails()[before:]
    assert reminder.to == [alice.email]
    assert "Demain : « Forum de demain »" in reminder.subject
    assert Registration.objects.get(event=tomorrow, person=alice).code in reminder.text
    assert reminder.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_reminder_job_is_periodic():
    from procrastinate.contrib.django import app

    import tremplin.events.tasks  # noqa: F401 (registers the task)

    periodic = {t.task.name: t.cron for t in app.periodic_registry.periodic_tasks.values()}
    assert periodic["remind_event_registrations"] == "20 * * * *"
