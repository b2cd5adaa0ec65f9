"""Writing, scheduling and sending newsletters.

Who may: `Permission.NEWSLETTERS_SEND` (administrators, career advisers, responsables).
A responsable writes only to parts of their scope (`OutOfScope` otherwise) and sees only
those newsletters (`Newsletter.objects.in_scope_of`).

Sending: when its time comes (`start_due`, every minute; or at once, scheduled for now),
a newsletter gets one `Delivery` row per recipient of that moment, inserted by one
`INSERT … SELECT … ON CONFLICT DO NOTHING`, and one `send_newsletter_batch` job per
NEWSLETTER_BATCH_SIZE rows, deferred in the same transaction. A batch sends each of its
pending rows in its own transaction, which locks the row, checks the person still
consents and is deliverable (read for the whole batch when it starts), spends one mail of
their weekly budget, sends and marks the row sent: a batch retried after a failure (the
mail server down) skips the rows it sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.models import Composante, Vet
from tremplin.lib.mail import deliver
from tremplin.lib.markup import render_markdown
from tremplin.mailings import services as mailings
from tremplin.mailings.models import MailKind
from tremplin.moderation.targeting import Targeted, parts_of, scope_of
from tremplin.newsletters.emails import newsletter_message
from tremplin.newsletters.models import Delivery, Newsletter


class OutOfScope(Exception):
    """The writer may not write this newsletter, or not to these people."""


class NotEditable(Exception):
    """The newsletter has left (or is leaving)."""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    subject_en: str
    body_en: str
    audience: str
    composantes: list[Composante]
    vets: list[Vet]


def may_write_to(user, composantes, vets) -> bool:
    """May `user` aim a newsletter at these composantes and VETs (none: everybody)?"""
    if not may(user, Permission.NEWSLETTERS_SEND):
        return False
    scope = scope_of(user)
    return scope.everything or all(scope.covers(part) for part in parts_of(composantes, vets))


def _write(newsletter: Newsletter, draft: Draft) -> None:
    newsletter.subject, newsletter.body = draft.subject, draft.body
    newsletter.subject_en, newsletter.body_en = draft.subject_en, draft.body_en
    newsletter.audience = draft.audience
    newsletter.body_html = str(render_markdown(draft.body))
    newsletter.body_en_html = str(render_markdown(draft.body_en)) if draft.body_en.strip() else ""


def create(draft: Draft, *, acting_user, ip_address=None) -> Newsletter:
    if not may_write_to(acting_user, draft.composantes, draft.vets):
        raise OutOfScope
    with transaction.atomic():
        newsletter = Newsletter(author=acting_user)
        _write(newsletter, draft)
        newsletter.save()
        newsletter.composantes.set(draft.composantes)
        newsletter.vets.set(draft.vets)
        record(
            Action.NEWSLETTER_CREATED, actor=acting_user, target=newsletter, ip_address=ip_address
        )
    return newsletter


def _locked(newsletter: Newsletter, acting_user) -> Newsletter:
    found = (
        Newsletter.objects.in_scope_of(acting_user)
        .select_for_update(of=("self",))
        .filter(pk=newsletter.pk)
        .first()
    )
    if found is None or not may(acting_user, Permission.NEWSLETTERS_SEND):
        raise OutOfScope
    return found


def update(newsletter: Newsletter, draft: Draft, *, acting_user, ip_address=None) -> Newsletter:
    if not may_write_to(acting_user, draft.composantes, draft.vets):
        raise OutOfScope
    with transaction.atomic():
        newsletter = _locked(newsletter, acting_user)
        if not newsletter.is_editable:
            raise NotEditable
        _write(newsletter, draft)
        newsletter.save()
        newsletter.composantes.set(draft.composantes)
        newsletter.vets.set(draft.vets)
        record(
            Action.NEWSLETTER_CHANGED, actor=acting_user, target=newsletter, ip_address=ip_address
        )
    return newsletter


def schedule(newsletter: Newsletter, send_at: datetime, *, acting_user, ip_address=None):
    """Send it at `send_at` (now or in the past: at once)."""
    from tremplin.newsletters.tasks import start_newsletter

    with transaction.atomic():
        newsletter = _locked(newsletter, acting_user)
        if not newsletter.is_editable:
            raise NotEditable
        newsletter.status = Newsletter.Status.SCHEDULED
        newsletter.send_at = send_at
        newsletter.save(update_fields=["status", "send_at"])
        record(
            Action.NEWSLETTER_SCHEDULED,
            actor=acting_user,
            target=newsletter,
            ip_address=ip_address,
            send_at=send_at.isoformat(),
        )
        if send_at <= timezone.now():
            start_newsletter.defer(newsletter=newsletter.pk)
    return newsletter


def unschedule(newsletter: Newsletter, *, acting_user, ip_address=None) -> Newsletter:
    with transaction.atomic():
        newsletter = _locked(newsletter, acting_user)
        if newsletter.status != Newsletter.Status.SCHEDULED:
            raise NotEditable
        newsletter.status = Newsletter.Status.DRAFT
        newsletter.save(update_fields=["status"])
        record(
            Action.NEWSLETTER_UNSCHEDULED,
            actor=acting_user,
            target=newsletter,
            ip_address=ip_address,
        )
    return newsletter


# --- Who receives it ------------------------------------------------------------------


def audience_of(newsletter: Newsletter) -> QuerySet:
    """The people it is aimed at, consent aside: students and/or graduates, of its
    composantes or VETs (none: the whole university)."""
    kinds = {
        Targeted.Audience.EVERYONE: [User.Kind.STUDENT, User.Kind.GRADUATE],
        Targeted.Audience.STUDENTS: [User.Kind.STUDENT],
        Targeted.Audience.GRADUATES: [User.Kind.GRADUATE],
    }[newsletter.audience]
    people = User.objects.filter(kind__in=kinds)
    composantes = list(newsletter.composantes.values_list("pk", flat=True))
    vets = list(newsletter.vets.values_list("pk", flat=True))
    if composantes or vets:
        members = User.objects.filter(Q(composantes__in=composantes) | Q(vets__in=vets))
        people = people.filter(pk__in=members.values("pk"))
    return people


def recipients(newsletter: Newsletter) -> QuerySet:
    """Who would receive it now: its audience, of those who opted into newsletters and
    whose address is deliverable (the weekly budget decides at send time)."""
    return mailings.reachable(audience_of(newsletter), MailKind.NEWSLETTERS)


def counts(newsletter: Newsletter) -> dict[str, int]:
    rows = newsletter.deliveries.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


# --- Sending --------------------------------------------------------------------------


def start_due(now: datetime | None = None) -> int:
    """Start every scheduled newsletter whose time has come; return how many."""
    now = now or timezone.now()
    started = 0
    for pk in Newsletter.objects.filter(
        status=Newsletter.Status.SCHEDULED, send_at__lte=now
    ).values_list("pk", flat=True):
        started += start(pk)
    return started


def start(pk: int) -> int:
    """Make the newsletter's deliveries and defer their batches, once (1), or nothing (0)
    if it is not scheduled for now (already started, put back to draft…)."""
    from tremplin.newsletters.tasks import send_newsletter_batch

    with transaction.atomic():
        newsletter = (
            Newsletter.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Newsletter.Status.SCHEDULED, send_at__lte=timezone.now())
            .first()
        )
        if newsletter is None:
            return 0
        newsletter.status = Newsletter.Status.SENDING
        newsletter.started_at = timezone.now()
        newsletter.save(update_fields=["status", "started_at"])
        query, params = recipients(newsletter).values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Delivery._meta.db_table} (newsletter_id, user_id, status, reason)"  # noqa: S608
                f" SELECT %s, recipient.pk, %s, '' FROM ({query}) AS recipient"
                " ON CONFLICT (newsletter_id, user_id) DO NOTHING",
                [newsletter.pk, Delivery.Status.PENDING, *params],
            )
        ids = list(
            newsletter.deliveries.filter(status=Delivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        size = settings.NEWSLETTER_BATCH_SIZE
        for first in range(0, len(ids), size):
            send_newsletter_batch.defer(
                newsletter=newsletter.pk, deliveries=ids[first : first + size]
            )
        record(Action.NEWSLETTER_STARTED, actor=None, target=newsletter, recipients=len(ids))
        if not ids:
            _finish(newsletter.pk)
    return 1


@dataclass(frozen=True)
class _Batch:
    """What a batch reads once for all its recipients (its rows are still locked and
    checked one by one): consent, undeliverable addresses, the links' tokens."""

    consenting: set[int]
    undeliverable: set[str]
    tokens: dict[int, str]


def send_batch(newsletter_pk: int, delivery_pks: list[int]) -> int:
    """Send the pending deliveries among `delivery_pks`; return how many left now."""
    newsletter = Newsletter.objects.filter(pk=newsletter_pk).first()
    if newsletter is None or newsletter.status != Newsletter.Status.SENDING:
        return 0
    waiting = Delivery.objects.filter(
        pk__in=delivery_pks, newsletter=newsletter, status=Delivery.Status.PENDING
    ).values_list("user_id", "user__email")
    people = dict(waiting)
    batch = _Batch(
        consenting=mailings.consenting(people, MailKind.NEWSLETTERS),
        undeliverable=mailings.undeliverable_among(people.values()),
        tokens=mailings.link_tokens(people),
    )
    sent = 0
    mail_connection = get_connection()
    with mail_connection:
        for pk in delivery_pks:
            sent += _send_one(newsletter, pk, mail_connection, batch)
    _finish(newsletter.pk)
    return sent


def _send_one(newsletter: Newsletter, pk: int, mail_connection, batch: _Batch) -> int:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk, newsletter=newsletter, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return 0  # sent already (a retried batch), or another worker holds it
        person = delivery.user
        reason = ""
        if not (person.is_active and person.pk in batch.consenting):
            reason = Delivery.Reason.CONSENT
        elif not person.email or person.email.lower() in batch.undeliverable:
            reason = Delivery.Reason.UNDELIVERABLE
        elif not mailings.spend(person, MailKind.NEWSLETTERS):
            reason = Delivery.Reason.BUDGET
        if reason:
            delivery.status, delivery.reason = Delivery.Status.SKIPPED, reason
        else:
            controls = mailings.controls(
                person, MailKind.NEWSLETTERS, token=batch.tokens.get(person.pk)
            )
            left = deliver(
                mail_connection, newsletter_message(newsletter, person, controls).render()
            )
            delivery.status = Delivery.Status.SENT if left else Delivery.Status.REFUSED
        delivery.done_at = timezone.now()
        delivery.save(update_fields=["status", "reason", "done_at"])
        return int(delivery.status == Delivery.Status.SENT)


def _finish(pk: int) -> None:
    """Sent, once no delivery waits."""
    if not Delivery.objects.filter(newsletter=pk, status=Delivery.Status.PENDING).exists():
        Newsletter.objects.filter(pk=pk, status=Newsletter.Status.SENDING).update(
            status=Newsletter.Status.SENT, sent_at=timezone.now()
        )


# --- The archive ------------------------------------------------------------------------


def received_by(user) -> QuerySet:
    """The newsletters `user` received, newest first."""
    return Newsletter.objects.filter(
        deliveries__user=user, deliveries__status=Delivery.Status.SENT
    ).order_by("-sent_at", "-pk")
