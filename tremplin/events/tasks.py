"""Recurring work of recruitment events, deferred by the worker every hour.

The reminder is idempotent: each registration keeps when it was reminded, so a job that
runs twice, late or on two workers sends each reminder once."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.events import services


@app.periodic(cron="20 * * * *", periodic_id="hourly")
@app.task(name="remind_event_registrations", queue="events", queueing_lock="remind_events")
def remind_event_registrations(timestamp: int) -> int:
    """People registered to an event that starts within a day are reminded, once."""
    return services.remind_tomorrows_registrations()
