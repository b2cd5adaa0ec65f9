"""Recurring work of the recruiters' registrations, deferred by the worker every hour.

Idempotent: a request to join an organisation goes to the administrators once."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.recruiters import services


@app.periodic(cron="20 * * * *", periodic_id="hourly")
@app.task(
    name="forward_unanswered_join_requests",
    queue="recruiters",
    queueing_lock="forward_unanswered_join_requests",
)
def forward_unanswered_join_requests(timestamp: int) -> int:
    """Requests to join an organisation that its recruiters left unanswered go to the
    administrators."""
    return services.forward_unanswered_requests()
