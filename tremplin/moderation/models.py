"""One pattern for what a moderator accepts or rejects within a scope: graduate claims,
recruiter registrations and offers today; events and newsletters next.

A moderated kind inherits `Moderated` (an abstract model: no table of its own) and declares,
from its own `Status` choices:

- `status`: a CharField over those choices, whose default is where a new object starts;
- `PENDING`: the status that waits for a decision; `ACCEPTED`, `REJECTED`: the outcomes;
- `ACCEPT`: its verb for accepting, as its people say it ("validate", "accept", "publish");
- `TRANSITIONS`: every move of its life cycle, `{verb: {from status: to status}}`, the
  accept verb and "reject" included. A status changes only through `move()`, which
  refuses a move the table does not hold with `TransitionRefused`.

Its queryset inherits `ModeratedQuerySet` and says whose scope each object is in
(`in_scope_of(user)`), which the queue, the detail page, the decision and
`permissions.may` all ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REJECT = "reject"
# The longest reason a moderator may give (it is mailed to the person).
REASON_MAX_LENGTH = 2000


class Tone(StrEnum):
    """How a status reads at a glance: its badge's colour (a CSS class of `.badge`)."""

    OK = "ok"
    ERROR = "error"
    NEUTRAL = ""


class TransitionRefused(Exception):
    """The object's status does not allow this move: somebody else decided first, the
    address is not confirmed yet, the offer is closed… `obj` is the object as it is now
    (its status, who decided), `action` the verb that was refused."""

    def __init__(self, obj: Moderated, action: str) -> None:
        super().__init__(f"{action} is not possible from {obj.status}")
        self.obj = obj
        self.action = action


class ModeratedQuerySet(models.QuerySet):
    def in_scope_of(self, user) -> ModeratedQuerySet:
        """The objects this user may see and decide. Each kind says it."""
        raise NotImplementedError

    def pending(self) -> ModeratedQuerySet:
        """What waits for a decision (a kind may ask more, or set the queue's order)."""
        return self.filter(status=self.model.PENDING)

    def locked(self, pk: int) -> Moderated:
        """The object, its row locked until the transaction ends. Of two moderators deciding
        at once, the second waits here for the first, then reads the decided object and
        its decision is refused (`TransitionRefused`)."""
        return self.select_for_update(of=("self",)).get(pk=pk)


class Moderated(models.Model):
    """Something a moderator accepts or rejects, with the decision's author, date and reason.

    The subclass declares `status`, `PENDING`, `ACCEPTED`, `REJECTED`, `ACCEPT` and
    `TRANSITIONS` (see the module's docstring).
    """

    PENDING: ClassVar[str]
    ACCEPTED: ClassVar[str]
    REJECTED: ClassVar[str]
    ACCEPT: ClassVar[str] = "accept"
    TRANSITIONS: ClassVar[Mapping[str, Mapping[str, str]]]

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejection_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    def allows(self, action: str) -> bool:
        """May the object go through `action` from where it is now?"""
        return self.status in self.TRANSITIONS[action]

    def move(self, action: str) -> None:
        """Go through `action`, as the transition table says, or refuse it."""
        if not self.allows(action):
            raise TransitionRefused(self, action)
        self.status = self.TRANSITIONS[action][self.status]

    def accept(self, *, by) -> None:
        """`by` is the moderator, or None when the platform decides by itself."""
        self._decide(self.ACCEPT, by=by)

    def reject(self, *, by, reason: str) -> None:
        """A rejection always says why, in a few lines: the reason is sent to the person."""
        if not reason.strip():
            raise ValueError("A rejection needs a reason.")
        if len(reason) > REASON_MAX_LENGTH:
            raise ValueError(f"A reason is {REASON_MAX_LENGTH} characters at most.")
        self._decide(REJECT, by=by)
        self.rejection_reason = reason.strip()

    def _decide(self, action: str, *, by) -> None:
        self.move(action)
        self.decided_by = by
        self.decided_at = timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.status == self.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == self.ACCEPTED

    @property
    def is_rejected(self) -> bool:
        return self.status == self.REJECTED

    @property
    def status_tone(self) -> Tone:
        """Accepted reads as good news, rejected as bad, anything else as neutral."""
        if self.is_accepted:
            return Tone.OK
        if self.is_rejected:
            return Tone.ERROR
        return Tone.NEUTRAL


class Reminder(models.Model):
    """A reminder sent about one object waiting too long for its moderators, at one stage
    (`tremplin.moderation.deadlines`): sent once per object, per stage, per wait. An object
    submitted again waits anew (another `waiting_since`) and is reminded again. It holds
    ids, never what the object says."""

    class Stage(models.TextChoices):
        REMINDER = "reminder", _("Reminder to its moderators")
        ESCALATION = "escalation", _("Escalated to the administrators")

    kind = models.CharField(max_length=64)  # the model's label: "offers.offer"
    object_id = models.PositiveBigIntegerField()
    stage = models.CharField(max_length=16, choices=Stage.choices)
    waiting_since = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "stage", "waiting_since"],
                name="moderation_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.stage}"

    @property
    def obj(self) -> Moderated | None:
        """The object, if it still exists."""
        from django.apps import apps

        model = apps.get_model(self.kind)
        return model._base_manager.filter(pk=self.object_id).first()
