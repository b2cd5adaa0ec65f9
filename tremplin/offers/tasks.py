"""Recurring work of Stages & Jobs, deferred by the worker every hour.

Both jobs are idempotent: an offer expires once, a reminder goes once (the offer keeps
when it was sent), so a job that runs twice, late or on two workers does no harm.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.offers import services


@app.periodic(cron="5 * * * *", periodic_id="hourly")
@app.task(name="expire_offers", queue="offers", queueing_lock="expire_offers")
def expire_offers(timestamp: int) -> int:
    """Offers past their publication window expire; their recruiters are told."""
    return services.expire_due_offers()


@app.periodic(cron="10 * * * *", periodic_id="hourly")
@app.task(name="remind_expiring_offers", queue="offers", queueing_lock="remind_expiring_offers")
def remind_expiring_offers(timestamp: int) -> int:
    """Recruiters hear 7 days before their offer's window closes."""
    return services.remind_expiring_offers()
