"""The worker's side of the newsletters (see `services`)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.lib.tasks import MAIL_RETRY
from tremplin.newsletters import services


@app.task(name="start_newsletter", queue="mail")
def start_newsletter(*, newsletter: int) -> int:
    return services.start(newsletter)


@app.task(name="send_newsletter_batch", queue="mail", retry=MAIL_RETRY)
def send_newsletter_batch(*, newsletter: int, deliveries: list[int]) -> int:
    return services.send_batch(newsletter, deliveries)


@app.periodic(cron="* * * * *")  # every minute
@app.task(name="send_due_newsletters", queue="mail", queueing_lock="send_due_newsletters")
def send_due_newsletters(timestamp: int) -> int:
    """Scheduled newsletters whose time has come start leaving."""
    return services.start_due()
