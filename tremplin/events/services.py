"""The verbs of recruitment events: create, propose and moderate events and stands;
register, cancel and promote from the waiting list; check in at the door; open and book
job-dating slots; the personal calendar feed; the reminder the day before.

Each verb runs in one transaction with its audit row and its e-mails (deferred jobs).
A registration or a cancellation locks the event's row (`SELECT … FOR UPDATE`): of any
number of people registering at once, each counts the seats taken after the previous one
committed, so there are never more people registered than seats.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, is_candidate, is_open_recruiter, may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.models import Composante, Vet
from tremplin.events import emails
from tremplin.events.models import (
    Booking,
    CalendarFeed,
    Event,
    Participation,
    Registration,
    Slot,
)
from tremplin.lib.links import token_hash
from tremplin.lib.markup import render_markdown
from tremplin.moderation.models import TransitionRefused
from tremplin.moderation.targeting import Approved, approve_parts, scope_covers
from tremplin.recruiters.models import Organisation

BATCH = 200  # reminders per transaction


class NotRegistrable(Exception):
    """The event is not open for this person's registration (not aimed at them, closed,
    not yet open, or past)."""


class AlreadyRegistered(Exception):
    def __init__(self, registration: Registration) -> None:
        super().__init__(registration.status)
        self.registration = registration


class NotCancellable(Exception):
    """The event has started: a registration is no longer cancelled."""


class UnknownCode(Exception):
    """No registration of this event holds this code (or it was cancelled)."""


class AlreadyCheckedIn(Exception):
    def __init__(self, registration: Registration) -> None:
        super().__init__(registration.code)
        self.registration = registration


class SlotTaken(Exception):
    """Somebody booked this slot first."""


class AlreadyBooked(Exception):
    """One slot per organisation and event."""


class NotTakingPart(Exception):
    """The organisation has no accepted place at this event."""


class StandNotPossible(Exception):
    """Stands are asked at forums and job datings that are published and to come."""


@dataclass(frozen=True)
class EventDetails:
    kind: str
    title: str
    description: str  # Markdown or HTML, sanitised when written
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime
    registration_closes_at: datetime
    capacity: int
    place: str = ""
    online_url: str = ""
    audience: str = Event.Audience.EVERYONE
    composantes: list[Composante] = field(default_factory=list)
    vets: list[Vet] = field(default_factory=list)


def _write(event: Event, details: EventDetails) -> None:
    for name in (
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "capacity",
        "audience",
    ):
        setattr(event, name, getattr(details, name))
    event.description = str(render_markdown(details.description))
    event.place = details.place.strip()
    event.online_url = details.online_url.strip()


# --- Creating and moderating events ----------------------------------------------------


def create_event(
    details: EventDetails,
    *,
    acting_user: User,
    organisations: list[Organisation] | None = None,
    ip_address: str | None = None,
) -> Event:
    """A new event. Staff create it within their scope (their scope covers all its
    targeting): it is published at once, with the organisations taking part.

    A recruiter proposes one for their organisation (a presentation, a workshop…): it waits
    for the moderators whose scope it touches, part by part as offers do."""
    staff = may(acting_user, Permission.EVENTS_MANAGE)
    if not staff and not is_open_recruiter(acting_user):
        raise PermissionDenied("Only staff and recruiters create events.")
    with transaction.atomic():
        event = Event(created_by=acting_user, submitted_at=timezone.now())
        if not staff:
            event.organisation = acting_user.recruiter.organisation
        _write(event, details)
        event.save()
        event.composantes.set(details.composantes)
        event.vets.set(details.vets)
        if staff:
            if not scope_covers(acting_user, event):
                raise PermissionDenied("Staff create events within their scope.")
            event.publish(by=acting_user)
            event.save()
            for organisation in organisations or []:
                Participation.objects.create(
                    event=event,
                    organisation=organisation,
                    status=Participation.Status.ACCEPTED,
                    decided_by=acting_user,
                    decided_at=timezone.now(),
                )
        record(
            Action.EVENT_CREATED if staff else Action.EVENT_PROPOSED,
            actor=acting_user,
            target=event,
            ip_address=ip_address,
            kind=event.kind,
            organisation=event.organisation.name if event.organisation else "",
        )
    return event


def _moderated_event(event_id: int, acting_user: User) -> Event:
    if not may(acting_user, Permission.EVENTS_MODERATE):
        raise Event.DoesNotExist
    return Event.objects.in_scope_of(acting_user).select_related("organisation").locked(event_id)


def _approve(event: Event, *, acting_user: User, ip_address: str | None) -> Approved:
    approved = approve_parts(event, by=acting_user)
    if approved.new:
        record(
            Action.EVENT_PART_APPROVED,
            actor=acting_user,
            target=event,
            ip_address=ip_address,
            parts=[str(part) for part in approved.new],
            waiting=[str(part) for part in approved.waiting],
        )
    if approved.complete:
        event.publish(by=acting_user)
        event.save()
        record(Action.EVENT_PUBLISHED, actor=acting_user, target=event, ip_address=ip_address)
        emails.send_event_published(event)
    return approved


def publish_event(event_id: int, *, acting_user: User, ip_address: str | None = None) -> Event:
    """A moderator publishes a recruiter's proposal of their scope, or approves their part
    of it (published once every part is approved), as for offers."""
    with transaction.atomic():
        event = _moderated_event(event_id, acting_user)
        if not event.allows(Event.ACCEPT):
            raise TransitionRefused(event, Event.ACCEPT)
        approved = _approve(event, acting_user=acting_user, ip_address=ip_address)
        if not approved.new and not approved.complete:
            raise TransitionRefused(event, Event.ACCEPT)
    return event


def reject_event(
    event_id: int, *, acting_user: User, reason: str, ip_address: str | None = None
) -> Event:
    with transaction.atomic():
        event = _moderated_event(event_id, acting_user)
        event.reject(by=acting_user, reason=reason)
        event.save()
        record(
            Action.EVENT_REJECTED,
            actor=acting_user,
            target=event,
            ip_address=ip_address,
            reason=event.rejection_reason,
        )
        emails.send_event_rejected(event)
    return event


# --- Organisations taking part ----------------------------------------------------------


def add_organisation(
    event_id: int, organisation: Organisation, *, acting_user: User, stand: str = ""
) -> Participation:
    """Staff of the event's scope add an organisation taking part (accepted at once), or
    change its stand."""
    if not may(acting_user, Permission.EVENTS_MANAGE):
        raise PermissionDenied
    with transaction.atomic():
        event = (
            Event.objects.in_scope_of(acting_user).select_for_update(of=("self",)).get(pk=event_id)
        )
        participation, _created = Participation.objects.update_or_create(
            event=event,
            organisation=organisation,
            defaults={
                "status": Participation.Status.ACCEPTED,
                "stand": stand,
                "decided_by": acting_user,
                "decided_at": timezone.now(),
            },
        )
        record(
            Action.EVENT_ORGANISATION_ADDED,
            actor=acting_user,
            target=participation,
            organisation=organisation.name,
            stand=stand,
        )
    return participation


def request_stand(
    event_id: int, *, acting_user: User, message: str = "", ip_address: str | None = None
) -> Participation:
    """A recruiter asks for a stand at a forum (a table at a job dating) for their
    organisation; the moderators of the event's scope decide."""
    if not is_open_recruiter(acting_user):
        raise PermissionDenied
    organisation = acting_user.recruiter.organisation
    with transaction.atomic():
        event = (
            Event.objects.visible_to(acting_user).select_for_update(of=("self",)).get(pk=event_id)
        )
        if not event.has_stands or event.is_past:
            raise StandNotPossible
        existing = Participation.objects.filter(event=event, organisation=organisation).first()
        if existing is not None:
            return existing
        participation = Participation.objects.create(
            event=event,
            organisation=organisation,
            message=message.strip()[:2000],
            requested_by=acting_user,
        )
        record(
            Action.EVENT_STAND_REQUESTED,
            actor=acting_user,
            target=participation,
            ip_address=ip_address,
        )
    return participation


def _moderated_stand(participation_id: int, acting_user: User) -> Participation:
    if not may(acting_user, Permission.EVENTS_MODERATE):
        raise Participation.DoesNotExist
    return (
        Participation.objects.in_scope_of(acting_user)
        .select_related("event", "organisation")
        .locked(participation_id)
    )


def accept_stand(
    participation_id: int, *, acting_user: User, ip_address: str | None = None
) -> Participation:
    with transaction.atomic():
        participation = _moderated_stand(participation_id, acting_user)
        participation.accept(by=acting_user)
        participation.save()
        record(
            Action.EVENT_STAND_ACCEPTED,
            actor=acting_user,
            target=participation,
            ip_address=ip_address,
        )
        emails.send_stand_accepted(participation)
    return participation


def reject_stand(
    participation_id: int, *, acting_user: User, reason: str, ip_address: str | None = None
) -> Participation:
    with transaction.atomic():
        participation = _moderated_stand(participation_id, acting_user)
        participation.reject(by=acting_user, reason=reason)
        participation.save()
        record(
            Action.EVENT_STAND_REJECTED,
            actor=acting_user,
            target=participation,
            ip_address=ip_address,
            reason=participation.rejection_reason,
        )
        emails.send_stand_rejected(participation)
    return participation


# --- Registration -------------------------------------------------------------------------


def _locked_event(queryset, event_id: int) -> Event:
    """The event, its row locked until the transaction ends: registrations and
    cancellations of one event pass one at a time."""
    return queryset.select_for_update(of=("self",)).get(pk=event_id)


def register(event_id: int, *, acting_user: User) -> Registration:
    """A student or graduate registers in one click: a seat while there are seats, else
    the waiting list. Registering again after cancelling goes to the end of the queue.

    Raises NotRegistrable (not aimed at them, or registration closed) and
    AlreadyRegistered."""
    if not is_candidate(acting_user):
        raise NotRegistrable
    # Whom the event is aimed at does not change while people register: asked before the
    # lock, which then covers only what must pass one at a time (the window, the seats).
    if not Event.objects.registrable_by(acting_user).filter(pk=event_id).exists():
        raise NotRegistrable
    with transaction.atomic():
        event = _locked_event(Event.objects, event_id)
        if not event.registration_is_open:
            raise NotRegistrable
        registration = Registration.objects.filter(event=event, person=acting_user).first()
        if registration is not None and not registration.is_cancelled:
            raise AlreadyRegistered(registration)
        taken = Registration.objects.filter(event=event).registered().count()
        status = (
            Registration.Status.REGISTERED
            if taken < event.capacity
            else Registration.Status.WAITING
        )
        if registration is None:
            registration = Registration(event=event, person=acting_user)
        registration.status = status
        registration.registered_at = timezone.now()
        registration.checked_in_at = None
        registration.reminded_at = None
        registration.save()
        record(Action(f"event.{status}"), actor=acting_user, target=registration)
        if registration.is_registered:
            emails.send_registration_confirmed(registration)
        else:
            emails.send_waiting_listed(registration)
    return registration


def cancel_registration(registration_id: int, *, acting_user: User) -> Registration | None:
    """A person cancels their registration (until the event starts); a seat freed goes to
    the first person waiting, who is told. Returns the promoted registration, if any."""
    with transaction.atomic():
        mine = Registration.objects.of(acting_user).active()
        event_id = mine.values_list("event_id", flat=True).get(pk=registration_id)
        event = _locked_event(Event.objects, event_id)
        registration = mine.select_for_update(of=("self",)).get(pk=registration_id)
        if event.starts_at <= timezone.now():
            raise NotCancellable
        freed = registration.is_registered
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        record(Action.EVENT_REGISTRATION_CANCELLED, actor=acting_user, target=registration)
        promoted = _promote_first_waiting(event) if freed else None
    return promoted


def _promote_first_waiting(event: Event) -> Registration | None:
    """Give a freed seat to the first person waiting; the caller holds the event's lock."""
    first = Registration.objects.filter(event=event).waiting().first()
    if first is None:
        return None
    first.status = Registration.Status.REGISTERED
    first.save(update_fields=["status"])
    record(Action.EVENT_PROMOTED, actor=None, target=first)
    emails.send_promoted(first)
    return first


# --- At the door -----------------------------------------------------------------------


def _managed_event(event_id: int, acting_user: User) -> Event:
    """An event whose door this person keeps: staff with the right, of its scope, or
    a recruiter of the organisation that proposed it."""
    if not (may(acting_user, Permission.EVENTS_MANAGE) or is_open_recruiter(acting_user)):
        raise Event.DoesNotExist
    return Event.objects.organised_by(acting_user).get(pk=event_id)


def normalise_code(code: str) -> str:
    """What people type: spaces, dashes, lower case; a URL scanned from the QR code."""
    code = code.strip().rsplit("code=", 1)[-1]
    return "".join(c for c in code.upper() if c.isalnum())[:12]


def check_in(event_id: int, code: str, *, acting_user: User) -> Registration:
    """Mark the person holding this code present. Raises UnknownCode, AlreadyCheckedIn."""
    with transaction.atomic():
        event = _managed_event(event_id, acting_user)
        registration = (
            Registration.objects.filter(event=event, code=normalise_code(code))
            .registered()
            .select_for_update(of=("self",))
            .select_related("person")
            .first()
        )
        if registration is None:
            raise UnknownCode
        if registration.is_present:
            raise AlreadyCheckedIn(registration)
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = acting_user
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        record(Action.EVENT_CHECKED_IN, actor=acting_user, target=registration)
    return registration


# --- Job dating --------------------------------------------------------------------------


def open_slots(
    event_id: int,
    *,
    acting_user: User,
    first: datetime,
    count: int,
    minutes: int,
    gap: int = 0,
) -> list[Slot]:
    """A recruiter whose organisation takes part in a job dating opens `count` slots of
    `minutes`, the first at `first`, `gap` minutes apart; slots that exist already (same
    start) are kept as they are."""
    if not is_open_recruiter(acting_user):
        raise PermissionDenied
    organisation = acting_user.recruiter.organisation
    with transaction.atomic():
        event = Event.objects.published().get(pk=event_id, kind=Event.Kind.JOB_DATING)
        if (
            not Participation.objects.accepted()
            .filter(event=event, organisation=organisation)
            .exists()
        ):
            raise NotTakingPart
        made = []
        for n in range(count):
            start = first + timedelta(minutes=n * (minutes + gap))
            slot, created = Slot.objects.get_or_create(
                event=event,
                organisation=organisation,
                starts_at=start,
                defaults={
                    "ends_at": start + timedelta(minutes=minutes),
                    "created_by": acting_user,
                },
            )
            if created:
                made.append(slot)
        record(Action.EVENT_SLOTS_OPENED, actor=acting_user, target=event, count=len(made))
    return made


def book_slot(slot_id: int, *, acting_user: User, share_cv: bool = False) -> Booking:
    """A candidate registered to the job dating books a slot: one per organisation; a
    slot booked by somebody else first is SlotTaken (a constraint, whatever the timing)."""
    slot = (
        Slot.objects.filter(
            event__in=Event.objects.published().upcoming(),
            event__registrations__person=acting_user,
            event__registrations__status=Registration.Status.REGISTERED,
        )
        .select_related("event", "organisation")
        .get(pk=slot_id)
    )
    if Booking.objects.filter(
        event=slot.event, organisation=slot.organisation, candidate=acting_user
    ).exists():
        raise AlreadyBooked
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot,
                event=slot.event,
                organisation=slot.organisation,
                candidate=acting_user,
                share_cv=share_cv,
            )
            record(Action.EVENT_SLOT_BOOKED, actor=acting_user, target=booking)
    except IntegrityError as error:
        if "booking_one_per_organisation" in str(error):
            raise AlreadyBooked from None
        raise SlotTaken from None
    return booking


def cancel_booking(booking_id: int, *, acting_user: User) -> None:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id, candidate=acting_user)
        record(Action.EVENT_BOOKING_CANCELLED, actor=acting_user, target=booking.slot)
        booking.delete()


# --- The calendar feed -------------------------------------------------------------------


def new_feed(*, acting_user: User) -> str:
    """A new secret address for the person's calendar, replacing the previous one (which
    stops working). Returns the token, shown once: only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            person=acting_user, defaults={"token_hash": token_hash(token)}
        )
        record(Action.EVENT_FEED_CREATED, actor=acting_user)
    return token


def revoke_feed(*, acting_user: User) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(person=acting_user).delete()
        record(Action.EVENT_FEED_REVOKED, actor=acting_user)


def feed_owner(token: str) -> User | None:
    feed = CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("person")
    found = feed.first()
    return found.person if found and found.person.is_active else None


# --- The reminder, the day before (idempotent) ------------------------------------------


def remind_tomorrows_registrations(*, now: datetime | None = None) -> int:
    """Remind, once, each person registered to an event that starts within a day.
    Returns how many reminders went (none the second time)."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Registration.objects.registered()
                .filter(
                    reminded_at__isnull=True,
                    event__status=Event.Status.PUBLISHED,
                    event__starts_at__gt=now,
                    event__starts_at__lte=now + timedelta(days=1),
                )
                .select_for_update(of=("self",), skip_locked=True)
                .order_by("pk")[:BATCH]
            )
            for registration in batch:
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                emails.send_reminder(registration)
        done += len(batch)
        if len(batch) < BATCH:
            return done
