"""The newsletter's mail. Not an `@email` function: the batch job (`services.send_batch`)
is the worker already; it composes each recipient's message here, in their language,
with the unsubscribe headers and links of `mailings`, and sends it at once."""

from __future__ import annotations

from django.urls import reverse

from tremplin.lib.mail import Message
from tremplin.mailings.services import MailControls


def newsletter_message(newsletter, person, controls: MailControls) -> Message:
    subject, text, html = newsletter.in_language(person.language)
    return controls.message(
        person,
        "newsletters/emails/newsletter",
        context={
            "first_name": person.first_name,
            "subject": subject,
            "text": text,
            "html": html,
            "archive_url": reverse("newsletters:received", args=[newsletter.pk]),
        },
    )
