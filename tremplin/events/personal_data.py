"""What the events app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.events.models import Booking, Registration
from tremplin.lib.personal_data import (
    Holding,
    Processing,
    exporting,
    move,
    move_unless_kept_has,
    nothing_to_merge,
)


def _staff(model: str, field: str, why: str) -> Holding:
    return Holding(f"events.{model}", field, None, move(f"events.{model}", field), why=why)


HOLDINGS = [
    Holding(
        "events.Registration",
        "person",
        exporting(
            lambda user: Registration.objects.filter(person=user).select_related("event"),
            "event",
            "event_id",
            "status",
            "registered_at",
            "checked_in_at",
        ),
        move_unless_kept_has("events.Registration", "person", "event_id"),
        rule=_("Both registered for one event: the kept account's registration stays."),
    ),
    Holding(
        "events.Booking",
        "candidate",
        exporting(
            lambda user: Booking.objects.filter(candidate=user).select_related(
                "slot", "event", "organisation"
            ),
            "event",
            "organisation",
            "slot",
            "share_cv",
            "created_at",
        ),
        move_unless_kept_has("events.Booking", "candidate", "event_id", "organisation_id"),
        rule=_(
            "Both booked a slot with one organisation at one event: the kept account's"
            " booking stays."
        ),
    ),
    Holding(
        "events.CalendarFeed",
        "person",
        None,
        nothing_to_merge,
        why="the hash of a calendar link's secret; the person makes a new link",
    ),
    _staff("Event", "created_by", "events this person created, as staff or recruiter"),
    _staff("Event", "decided_by", "events this person moderated: in the audit log's part"),
    _staff("EventApproval", "approved_by", "parts of events this person approved"),
    _staff(
        "Participation", "requested_by", "stands this person asked for, for their organisation"
    ),
    _staff("Participation", "decided_by", "stand requests this person decided"),
    _staff("Registration", "checked_in_by", "people this person checked in at the door"),
    _staff("Slot", "created_by", "job-dating slots this person opened, for their organisation"),
]

PROCESSINGS = [
    Processing(
        "event_registrations",
        _("Event registrations"),
        _("Your registrations, whether you came, the job-dating slots you booked."),
        _("To welcome you at the events, and to count who came."),
        lambda days: (
            _("Deleted %(days)d days after the event; with your account.")
            % {"days": days["event_registration_after_event"]}
        ),
        keys=("event_registration_after_event",),
        rules=("event_registrations",),
        order=45,
    ),
]
