"""The e-mail of the moderation pattern (run by the worker when the mail leaves: see
`tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.lib.mail import Message, email
from tremplin.moderation.models import Reminder


@email
def send_moderation_reminder(user: User, reminders: list[Reminder]) -> Message | None:
    """What waits too long in the moderator's queue: each object, how long it has waited,
    its page. What was decided meanwhile is left out; nothing left, no mail."""
    from tremplin.moderation.deadlines import pages_of

    items = []
    for reminder in reminders:
        obj = reminder.obj
        if obj is None or not obj.is_pending:
            continue
        pages = pages_of(reminder.kind)
        items.append(
            {
                "kind": str(pages.title),
                "label": str(obj),
                "days": (timezone.now() - reminder.waiting_since).days,
                "url": reverse(pages.detail_url, args=[obj.pk]),
                "escalated": reminder.stage == Reminder.Stage.ESCALATION,
            }
        )
    if not items:
        return None
    return Message(
        "moderation/emails/moderation_reminder",
        to=[user.email],
        language=user.language,
        context={"user": user, "items": items, "dashboard_url": reverse("backoffice:dashboard")},
    )
