"""Recurring work of job alerts, deferred by the worker every morning.

Idempotent: a person gets one alert mail a day at most (`Digest`) and an offer once
(`SentOffer`), so a job that runs twice, late or on two workers sends nothing twice.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.alerts import services


@app.periodic(cron="0 7 * * *", periodic_id="daily")
@app.task(name="send_alert_digests", queue="alerts", queueing_lock="send_alert_digests")
def send_alert_digests(timestamp: int) -> int:
    """The day's alert mails: matched for everyone in SQL, sent in batches."""
    return services.send_digests()
