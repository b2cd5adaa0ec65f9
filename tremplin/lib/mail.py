"""E-mail plumbing: one helper renders a templated message and defers its sending.

Each e-mail the platform sends is one function in its app's `emails.py`, which calls
`send_templated()` with a template folder holding `subject.txt`, `body.txt` and
`body.html`. The message is rendered in the recipient's language and sent by a
background job deferred in the current transaction: if the transaction rolls back, no
mail leaves; if the mail server is down, the job retries until it is back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation


def render_templated(template: str, context: dict[str, Any], language: str) -> dict[str, str]:
    context = {
        "site_url": settings.SITE_URL,
        "university_name": settings.UNIVERSITY_NAME,
        "LANGUAGE_CODE": language,
        **context,
    }
    with translation.override(language):
        subject = render_to_string(f"{template}/subject.txt", context)
        text = render_to_string(f"{template}/body.txt", context)
        html = render_to_string(f"{template}/body.html", context)
    return {"subject": " ".join(subject.split()), "text": text, "html": html}


def send_templated(
    template: str, *, to: Sequence[str], context: dict[str, Any], language: str
) -> None:
    """Render `template` for `to` in `language` and defer the job that sends it."""
    from tremplin.lib.tasks import send_email

    send_email.defer(to=list(to), **render_templated(template, context, language))


class OutboxBackend(BaseEmailBackend):
    """Write each message as an .eml file under MAIL_OUTBOX_DIR (the demo's outbox)."""

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        outbox = settings.MAIL_OUTBOX_DIR
        outbox.mkdir(parents=True, exist_ok=True)
        count = 0
        for message in email_messages:
            name = f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (outbox / name).write_bytes(message.message().as_bytes())
            count += 1
        return count
