"""What waits too long for a moderator: a graduate claim, a recruiter registration, an
offer (and whatever kind registers next: events, newsletters).

Each moderated kind registers its `ModerationPages` here from its `AppConfig.ready()`
(`register`), which says where its objects wait (`waiting_for(user)`: the moderator's
queue) and since when (`waiting_since`, a field). An object waiting more than
MODERATION_REMINDER_DAYS reminds the moderators whose queue holds it (the
administrators, when no scoped moderator covers it); more than MODERATION_ESCALATION_DAYS,
the administrators too. `remind(now)` runs every hour from a periodic job and is
idempotent: each object is reminded once per stage and per wait (a `Reminder` row records
it; an offer submitted again waits anew). Each person gets one mail per run, listing what
is newly late in their queue.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_administrator
from tremplin.moderation.models import Reminder

Stage = Reminder.Stage

_kinds: dict[str, object] = {}  # model label → its ModerationPages


def register(*pages) -> None:
    """Have these kinds' late objects remind their moderators (declared twice: kept once)."""
    for kind in pages:
        _kinds[kind.model._meta.label_lower] = kind


def kinds() -> list:
    return list(_kinds.values())


def pages_of(label: str):
    return _kinds[label]


def days_of(stage: str) -> int:
    if stage == Stage.ESCALATION:
        return settings.MODERATION_ESCALATION_DAYS
    return settings.MODERATION_REMINDER_DAYS


def late(pages, queryset: QuerySet, now: datetime, stage: str = Stage.REMINDER) -> QuerySet:
    """Those of `queryset` waiting longer than the stage's days."""
    return queryset.filter(**{f"{pages.waiting_since}__lt": now - timedelta(days=days_of(stage))})


def _holders(pages) -> list[User]:
    """The staff who hold the kind's right (whose queue may hold its objects)."""
    return list(
        User.objects.filter(
            kind=User.Kind.STAFF, is_active=True, roles__role__in=pages.right.roles
        ).distinct()
    )


def remind(now: datetime) -> dict[str, int]:
    """Send what is due at `now`; return how many objects were reminded, by stage."""
    from tremplin.moderation import emails

    counts = {Stage.REMINDER.value: 0, Stage.ESCALATION.value: 0}
    with transaction.atomic():
        mails: dict[int, tuple[User, list[Reminder]]] = {}
        for pages in kinds():
            label = pages.model._meta.label_lower
            for stage in (Stage.REMINDER, Stage.ESCALATION):
                sent = set(
                    Reminder.objects.filter(kind=label, stage=stage).values_list(
                        "object_id", "waiting_since"
                    )
                )
                new = [
                    obj
                    for obj in late(pages, pages.model.objects.pending(), now, stage)
                    if (obj.pk, getattr(obj, pages.waiting_since)) not in sent
                ]
                if not new:
                    continue
                ids = [obj.pk for obj in new]
                queues = {
                    user: set(
                        pages.waiting_for(user).filter(pk__in=ids).values_list("pk", flat=True)
                    )
                    for user in _holders(pages)
                }
                for obj in new:
                    reminder = Reminder.objects.create(
                        kind=label,
                        object_id=obj.pk,
                        stage=stage,
                        waiting_since=getattr(obj, pages.waiting_since),
                        sent_at=now,
                    )
                    counts[stage] += 1
                    for user in _recipients(queues, obj.pk, stage):
                        mails.setdefault(user.pk, (user, []))[1].append(reminder)
        for user, reminders in mails.values():
            emails.send_moderation_reminder(user, reminders)
        _forget_the_decided(now)
    return counts


def _recipients(queues: dict[User, set[int]], pk: int, stage: str) -> list[User]:
    """A reminder goes to the scoped moderators whose queue holds the object, or to the
    administrators when none does; an escalation to both."""
    holding = [user for user, ids in queues.items() if pk in ids]
    scoped = [user for user in holding if not is_administrator(user)]
    administrators = [user for user in holding if is_administrator(user)]
    if stage == Stage.REMINDER:
        return scoped or administrators
    return scoped + administrators


def _forget_the_decided(now: datetime) -> int:
    """The reminders of objects decided (or gone) for a day are of no use any more."""
    forgotten = 0
    by_kind = defaultdict(set)
    for kind, object_id in Reminder.objects.filter(
        sent_at__lt=now - timedelta(days=1)
    ).values_list("kind", "object_id"):
        by_kind[kind].add(object_id)
    for kind, ids in by_kind.items():
        pages = _kinds.get(kind)
        waiting = (
            set(pages.model.objects.pending().filter(pk__in=ids).values_list("pk", flat=True))
            if pages
            else set()
        )
        done, _ = Reminder.objects.filter(
            kind=kind, object_id__in=ids - waiting, sent_at__lt=now - timedelta(days=1)
        ).delete()
        forgotten += done
    return forgotten


def late_count(pages, user, now: datetime) -> int:
    """How many objects of the user's queue are late (the dashboard's badge)."""
    return late(pages, pages.waiting_for(user), now).count()
