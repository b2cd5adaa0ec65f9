from __future__ import annotations

import smtplib

from django.core.mail import EmailMultiAlternatives
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

# 2, 4, 8 … seconds between attempts: about 18 hours of retries before a mail is given up.
MAIL_RETRY = RetryStrategy(
    max_attempts=16, exponential_wait=2, retry_exceptions={OSError, smtplib.SMTPException}
)


@app.task(name="send_email", queue="mail", retry=MAIL_RETRY)
def send_email(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()
