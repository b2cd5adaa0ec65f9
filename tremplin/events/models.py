"""Recruitment events: forums, job datings, company presentations, workshops, webinars;
the organisations taking part (a stand at a forum), registrations with a waiting list,
job-dating slots and their bookings, and each person's calendar feed.

Events are moderated and targeted exactly as offers are (`tremplin.moderation`): a
recruiter's proposal and a stand request wait for the moderators whose scope they touch.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.permissions import is_candidate, is_open_recruiter
from tremplin.moderation.models import Moderated, ModeratedQuerySet
from tremplin.moderation.targeting import (
    PartApproval,
    Targeted,
    TargetedQuerySet,
    scope_of,
    targeting_filter,
)

# The check-in code: no 0/O, 1/I/L, easy to read out and to type on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class EventQuerySet(TargetedQuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> EventQuerySet:
        return self.filter(ends_at__lt=timezone.now())

    def open_to_everyone(self) -> EventQuerySet:
        """Aimed at all students and graduates of the whole university: shown to anybody,
        signed in or not."""
        return self.filter(
            audience=Targeted.Audience.EVERYONE, composantes=None, vets=None
        ).distinct()

    def of_organisation_of(self, user) -> EventQuerySet:
        """The events an open recruiter's organisation proposed or takes part in."""
        if not is_open_recruiter(user):
            return self.none()
        organisation = user.recruiter.organisation_id
        return self.filter(
            Q(organisation_id=organisation)
            | Q(pk__in=Participation.objects.filter(organisation_id=organisation).values("event"))
        )

    def visible_to(self, user) -> EventQuerySet:
        """Published events this person finds in the listing: those open to everyone, and
        for a student or graduate those aimed at them; for staff, those of their scope;
        for a recruiter, those of their organisation and every forum and job dating (where
        they may ask for a stand)."""
        public = Q(pk__in=Event.objects.open_to_everyone().values("pk"))
        if is_candidate(user):
            reach = Q(pk__in=Event.objects.with_target_ids().filter(targeting_filter(user)))
        elif not scope_of(user).is_empty:
            reach = Q(pk__in=Event.objects.in_scope_of(user).values("pk"))
        elif is_open_recruiter(user):  # their events, and the forums where to ask a stand
            reach = Q(pk__in=Event.objects.of_organisation_of(user).values("pk")) | Q(
                kind__in=(Event.Kind.FORUM, Event.Kind.JOB_DATING)
            )
        else:
            reach = Q(pk__in=[])
        return self.published().filter(public | reach)

    def viewable_by(self, user) -> EventQuerySet:
        """Whose page this person may open: what they find in the listing, and whatever
        the status, what their organisation proposed and what their scope covers."""
        return self.filter(
            Q(pk__in=Event.objects.visible_to(user).values("pk"))
            | Q(pk__in=Event.objects.organised_by(user).values("pk"))
        )

    def registrable_by(self, user) -> EventQuerySet:
        """What a student or graduate may register to: published, aimed at them (or at
        everyone), registration open now."""
        if not is_candidate(user):
            return self.none()
        now = timezone.now()
        return (
            self.published()
            .filter(pk__in=Event.objects.with_target_ids().filter(targeting_filter(user)))
            .filter(registration_opens_at__lte=now, registration_closes_at__gte=now)
        )

    def organised_by(self, user) -> EventQuerySet:
        """The events whose door this person keeps (check-in, registrants, exports), in
        any status: staff whose scope covers a part of it, and the recruiters of the
        organisation that proposed it."""
        mine = Q(pk__in=Event.objects.in_scope_of(user).values("pk"))
        if is_open_recruiter(user):
            mine |= Q(organisation_id=user.recruiter.organisation_id)
        return self.filter(mine)

    def pending(self) -> EventQuerySet:
        return super().pending().order_by("submitted_at", "pk")


class Event(Moderated, Targeted):
    """A recruitment event. Its life cycle: submitted → published or rejected; published →
    cancelled. Staff create events within their scope, published at once; recruiters
    propose them, and they wait for moderation as offers do."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        JOB_DATING = "job_dating", _("Job dating")
        PRESENTATION = "presentation", _("Company presentation")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))  # sanitised HTML
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(
        _("link to join online"),
        blank=True,
        help_text=_("Shown to registered people only."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("seats"))
    organisation = models.ForeignKey(
        "recruiters.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_events",
        verbose_name=_("proposed by"),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    PENDING, ACCEPTED, REJECTED = Status.SUBMITTED, Status.PUBLISHED, Status.REJECTED
    ACCEPT = "publish"
    TRANSITIONS = {
        "publish": {Status.SUBMITTED: Status.PUBLISHED},
        "reject": {Status.SUBMITTED: Status.REJECTED},
        "submit": {Status.REJECTED: Status.SUBMITTED},
        "cancel": {Status.SUBMITTED: Status.CANCELLED, Status.PUBLISHED: Status.CANCELLED},
    }
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
            models.CheckConstraint(
                name="event_registration_window",
                condition=Q(registration_closes_at__gte=models.F("registration_opens_at"))
                & Q(registration_closes_at__lte=models.F("ends_at")),
            ),
            models.CheckConstraint(name="event_has_seats", condition=Q(capacity__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def accept(self, *, by) -> None:
        super().accept(by=by)
        self.published_at = self.decided_at

    publish = accept

    def cancel(self) -> None:
        self.move("cancel")

    @property
    def is_published(self) -> bool:
        return self.is_accepted

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.is_published and self.registration_opens_at <= now <= self.registration_closes_at
        )

    @property
    def has_stands(self) -> bool:
        """Organisations ask for a stand at a forum, and for a table at a job dating."""
        return self.kind in (self.Kind.FORUM, self.Kind.JOB_DATING)

    @property
    def has_slots(self) -> bool:
        return self.kind == self.Kind.JOB_DATING


class EventApproval(PartApproval):
    """A scoped moderator approved one part of an event's targeting."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="approvals")

    class Meta(PartApproval.Meta):
        constraints = [*PartApproval.Meta.constraints, *PartApproval.one_per_part("event")]

    def __str__(self) -> str:
        return f"{self.event} — {self.part}"


class ParticipationQuerySet(ModeratedQuerySet):
    def in_scope_of(self, user) -> ParticipationQuerySet:
        """A stand request is moderated by those whose scope the event touches."""
        return self.filter(event__in=Event.objects.in_scope_of(user))

    def pending(self) -> ParticipationQuerySet:
        return super().pending().order_by("created_at", "pk")

    def accepted(self) -> ParticipationQuerySet:
        return self.filter(status=Participation.Status.ACCEPTED)


class Participation(Moderated):
    """An organisation taking part in an event: a stand at a forum, a table at a job
    dating. Staff add organisations directly; a recruiter asks, and a moderator decides."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    event = models.ForeignKey(Event, models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "recruiters.Organisation", models.CASCADE, related_name="event_participations"
    )
    stand = models.CharField(_("stand"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    PENDING, ACCEPTED, REJECTED = Status.REQUESTED, Status.ACCEPTED, Status.REJECTED
    TRANSITIONS = {
        "accept": {Status.REQUESTED: Status.ACCEPTED},
        "reject": {Status.REQUESTED: Status.REJECTED},
    }
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"


class RegistrationQuerySet(models.QuerySet):
    def of(self, user) -> RegistrationQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(person=user)

    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def registered(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self) -> RegistrationQuerySet:
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("registered_at", "pk")


class Registration(models.Model):
    """A person's place at an event: registered (a seat), waiting, or cancelled. One per
    person and event: registering again after cancelling reuses it, at the end of the
    queue."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered on"), default=timezone.now)
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    checked_in_at = models.DateTimeField(_("present since"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_unique")
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "registered_at"], name="registration_queue_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", args=[self.pk])

    @property
    def is_registered(self) -> bool:
        return self.status == self.Status.REGISTERED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_present(self) -> bool:
        return self.checked_in_at is not None


class Slot(models.Model):
    """A job-dating interview slot opened by a recruiter of an organisation taking part."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="slots")
    organisation = models.ForeignKey(
        "recruiters.Organisation", models.CASCADE, related_name="event_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="slot_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
            models.UniqueConstraint(
                fields=["event", "organisation", "starts_at"], name="slot_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts_at:%H:%M}"


class Booking(models.Model):
    """A candidate booked a slot. No slot is booked twice (one booking per slot), and a
    candidate books one slot per organisation and event (the event and organisation are
    copied from the slot for that constraint)."""

    slot = models.OneToOneField(Slot, models.CASCADE, related_name="booking")
    event = models.ForeignKey(Event, models.CASCADE, related_name="+")
    organisation = models.ForeignKey("recruiters.Organisation", models.CASCADE, related_name="+")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="event_bookings"
    )
    share_cv = models.BooleanField(_("share my CV with the recruiter"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "candidate"],
                name="booking_one_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} @ {self.slot}"


class CalendarFeed(models.Model):
    """A person's calendar of their registrations, at a secret URL: only the token's hash
    is kept; revoking deletes the row, a new feed gets a new token."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="event_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"feed of {self.person}"
