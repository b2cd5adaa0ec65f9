"""One function per e-mail of recruitment events, each in its recipient's language (run by
the worker when the mail leaves: see `tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_open_recruiter
from tremplin.events.models import Event, Participation, Registration
from tremplin.events.qr import qr_data_uri
from tremplin.lib.mail import Message, email
from tremplin.mailings.models import MailKind
from tremplin.mailings.services import message_for
from tremplin.recruiters.models import Recruiter


def _recruiters_of(organisation_id: int) -> list[User]:
    profiles = Recruiter.objects.filter(organisation=organisation_id).select_related("user")
    return [p.user for p in profiles if is_open_recruiter(p.user)]


def _context(registration: Registration, **context) -> dict:
    return {
        "first_name": registration.person.first_name,
        "event": registration.event,
        "registration": registration,
        "event_url": reverse("events:detail", args=[registration.event_id]),
        "registration_url": registration.get_absolute_url(),
        **context,
    }


def _to_person(template: str, registration: Registration, **context) -> Message:
    person = registration.person
    return Message(
        template,
        to=[person.email],
        language=person.language,
        context=_context(registration, **context),
    )


@email
def send_registration_confirmed(registration: Registration) -> Message | None:
    if not registration.is_registered:
        return None  # cancelled before the mail left
    return _to_person(
        "events/emails/registration_confirmed", registration, qr=qr_data_uri(registration)
    )


@email
def send_waiting_listed(registration: Registration) -> Message:
    return _to_person("events/emails/waiting_listed", registration)


@email
def send_promoted(registration: Registration) -> Message | None:
    if not registration.is_registered:
        return None  # cancelled again before the mail left
    return _to_person("events/emails/promoted", registration, qr=qr_data_uri(registration))


@email
def send_reminder(registration: Registration) -> Message | None:
    """The day before, to who opted into event news (`tremplin.mailings`: consent, a
    deliverable address, the weekly budget, the one-click unsubscribe)."""
    if not registration.is_registered:
        return None
    return message_for(
        registration.person,
        MailKind.EVENT_NEWS,
        "events/emails/reminder",
        context=_context(registration, qr=qr_data_uri(registration)),
    )


def _to_recruiters(template: str, organisation_id: int, **context) -> list[Message]:
    return [
        Message(
            template,
            to=[user.email],
            language=user.language,
            context={
                "first_name": user.first_name,
                "events_url": reverse("events:recruiter_events"),
                **context,
            },
        )
        for user in _recruiters_of(organisation_id)
    ]


@email
def send_event_published(event: Event) -> list[Message]:
    if event.organisation_id is None:
        return []
    return _to_recruiters(
        "events/emails/event_published",
        event.organisation_id,
        event=event,
        event_url=reverse("events:detail", args=[event.pk]),
    )


@email
def send_event_rejected(event: Event) -> list[Message]:
    if event.organisation_id is None:
        return []
    return _to_recruiters(
        "events/emails/event_rejected",
        event.organisation_id,
        event=event,
        reason=event.rejection_reason,
    )


@email
def send_stand_accepted(participation: Participation) -> list[Message]:
    return _to_recruiters(
        "events/emails/stand_accepted",
        participation.organisation_id,
        event=participation.event,
        event_url=reverse("events:detail", args=[participation.event_id]),
    )


@email
def send_stand_rejected(participation: Participation) -> list[Message]:
    return _to_recruiters(
        "events/emails/stand_rejected",
        participation.organisation_id,
        event=participation.event,
        reason=participation.rejection_reason,
    )
