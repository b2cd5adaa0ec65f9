"""Recurring work of Stages & Jobs, deferred by the worker every hour.

The jobs are idempotent: an offer expires once, a reminder goes once (the offer keeps
when it was sent), an offer leaves the search's recent partition once, so a job that
runs twice, late or on two workers does no harm.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.offers import services
from tremplin.offers.search import indexing


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


@app.periodic(cron="15 * * * *", periodic_id="hourly")
@app.task(name="age_offer_index", queue="offers", queueing_lock="age_offer_index")
def age_offer_index(timestamp: int) -> int:
    """Offers published more than two weeks ago leave the search's recent partition."""
    return indexing.age()
