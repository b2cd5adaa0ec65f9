from __future__ import annotations

import logging
import smtplib
from importlib import import_module

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from tremplin.lib.ratelimit import purge_closed_windows

logger = logging.getLogger(__name__)

# 2, 4, 8 … seconds between attempts: about 18 hours of retries before a mail is given up.
MAIL_RETRY = RetryStrategy(
    max_attempts=16, exponential_wait=2, retry_exceptions={OSError, smtplib.SMTPException}
)


@app.task(name="send_email", queue="mail", retry=MAIL_RETRY)
def send_email(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


@app.periodic(cron="40 * * * *")  # every hour
@app.task(
    name="purge_rate_limit_counts", queue="maintenance", queueing_lock="purge_rate_limit_counts"
)
def purge_rate_limit_counts(timestamp: int) -> None:
    logger.info("rate-limit counts purged: %s", purge_closed_windows())


@app.periodic(cron="47 3 * * *")  # every night
@app.task(
    name="clear_expired_sessions", queue="maintenance", queueing_lock="clear_expired_sessions"
)
def clear_expired_sessions(timestamp: int) -> None:
    """`manage.py clearsessions`: Django never deletes an expired session by itself, so
    the sessions table would keep every one, with its personal data, for ever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
