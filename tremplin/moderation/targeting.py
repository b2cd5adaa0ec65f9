"""Targeting, written once for what is aimed at part of the university and moderated within
scopes: offers today, events next (they are targeted and moderated exactly alike).

A targeted kind inherits `Targeted` (an abstract model): an audience (students, graduates or
both) and the composantes and VETs it is aimed at; neither composante nor VET means the
whole university. Its queryset inherits `TargetedQuerySet`, and it has approvals (a concrete
`PartApproval` whose foreign key to it is named with `related_name="approvals"`). From
there, four rules:

- **who it reaches**: `targeting_filter(user, prefix)`, over rows that hold the targeting's
  ids as arrays (`composante_ids`, `vet_ids`): the offers' search projection, or any
  targeted queryset through `with_target_ids()`;
- **whose scope it touches**: `TargetedQuerySet.in_scope_of(user)`. Administrators and
  career advisers cover everything; a responsable composante their composante and its VETs;
  a responsable VET their VET. A moderator whose scope touches an object sees it and may
  reject it;
- **whose scope covers it entirely**: `scope_covers(user, obj)`. That moderator alone may
  accept it. A targeting spans several scopes when it is aimed at two composantes, or at
  a VET outside the composante…: then each scoped moderator approves the parts they cover
  (`approve_parts`, which records a `PartApproval` per part), and the object is accepted
  once the approvals cover every part, or when a moderator who covers everything accepts
  it. The whole university is one part that only such a moderator covers;
- **what waits for whom**: `TargetedQuerySet.awaiting_part_of(user)`, the queue.

The caller locks the object (`ModeratedQuerySet.locked`) before approving: of two
moderators approving at once, the second waits and then reads the first's approvals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import RoleAssignment, User
from tremplin.accounts.permissions import is_candidate, roles_of
from tremplin.directory.models import Composante, Vet
from tremplin.moderation.models import ModeratedQuerySet

Role = RoleAssignment.Role

# The roles whose scope is the whole university, for what is targeted.
UNSCOPED_ROLES = frozenset({Role.ADMIN, Role.CAREER_ADVISER})


# --- The targeting ---------------------------------------------------------------------


class Targeted(models.Model):
    """What is aimed at an audience, in some composantes and VETs or the whole university.

    The many-to-many tables keep the names Django gives them from the concrete model and
    the field (`offers_offer_composantes`…), as when the fields were declared on it."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Students and graduates")
        STUDENTS = "student", _("Students only")
        GRADUATES = "graduate", _("Graduates only")

    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    composantes = models.ManyToManyField(
        "directory.Composante",
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("only these composantes"),
    )
    vets = models.ManyToManyField(
        "directory.Vet", blank=True, related_name="%(class)ss", verbose_name=_("only these VETs")
    )

    class Meta:
        abstract = True

    def parts(self) -> list[Part]:
        """The parts of the university it is aimed at (see `Part`)."""
        return parts_of(self.composantes.all(), self.vets.select_related("composante"))


@dataclass(frozen=True, eq=False)
class Part:
    """One part of a targeting, approved as a whole by the moderators who cover it: one of
    its composantes, one of its VETs, or, for a targeting at nobody in particular, the
    whole university (neither composante nor VET)."""

    composante: Composante | None = None
    vet: Vet | None = None

    @property
    def is_whole_university(self) -> bool:
        return self.composante is None and self.vet is None

    @property
    def key(self) -> tuple[str, int | None]:
        if self.vet is not None:
            return ("vet", self.vet.pk)
        if self.composante is not None:
            return ("composante", self.composante.pk)
        return ("university", None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Part) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        if self.vet is not None:
            return f"{self.vet.code} — {self.vet.label}"
        if self.composante is not None:
            return self.composante.label
        return str(_("the whole university"))


WHOLE_UNIVERSITY = Part()


def parts_of(composantes: Iterable[Composante], vets: Iterable[Vet]) -> list[Part]:
    """A targeting's parts: each composante, then each VET; the whole university if none."""
    parts = [Part(composante=c) for c in composantes] + [Part(vet=v) for v in vets]
    return parts or [WHOLE_UNIVERSITY]


# --- Moderators' scopes ----------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a moderator's roles cover of the targeting: everything, or composantes (with
    their VETs) and VETs."""

    everything: bool = False
    composantes: frozenset[int] = frozenset()
    vets: frozenset[int] = frozenset()

    def covers(self, part: Part) -> bool:
        if self.everything:
            return True
        if part.vet is not None:
            return part.vet.pk in self.vets or part.vet.composante_id in self.composantes
        if part.composante is not None:
            return part.composante.pk in self.composantes
        return False  # the whole university: only those who cover everything

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.composantes or self.vets)

    def touches(self) -> Q:
        """The targeted objects this scope covers at least a part of (scoped only)."""
        return (
            Q(composantes__in=list(self.composantes))
            | Q(vets__composante__in=list(self.composantes))
            | Q(vets__in=list(self.vets))
        )


def scope_of(user) -> Scope:
    """The user's scope over targeted objects, from their roles (`roles_of`, read once per
    request). Whether they may moderate a kind at all is that kind's right (`may`)."""
    roles = roles_of(user)
    if any(r.role in UNSCOPED_ROLES for r in roles):
        return Scope(everything=True)
    return Scope(
        composantes=frozenset(r.composante_id for r in roles if r.role == Role.COMPOSANTE_MANAGER),
        vets=frozenset(r.vet_id for r in roles if r.role == Role.VET_MANAGER),
    )


def scope_covers(user, targeted: Targeted) -> bool:
    """Does the user's scope cover every part of the targeting, so that they alone may
    accept it? Administrators and career advisers cover everything; a scoped moderator
    never covers the whole university."""
    scope = scope_of(user)
    return scope.everything or all(scope.covers(part) for part in targeted.parts())


class TargetedQuerySet(ModeratedQuerySet):
    def in_scope_of(self, user) -> TargetedQuerySet:
        """What this moderator may see and reject: everything for those who cover
        everything, else what is aimed at a part of their scope."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        return self.filter(pk__in=self.model.objects.filter(scope.touches()).values("pk"))

    def awaiting_part_of(self, user) -> TargetedQuerySet:
        """What still waits for this moderator: for a scoped one, what holds a part of
        their scope that nobody approved yet (what only others' parts hold back is not
        theirs to see in the queue)."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        approvals = self.model._meta.get_field("approvals")
        approved = approvals.related_model.objects.filter(
            **{approvals.field.name: OuterRef(OuterRef("pk"))}
        )
        links = {}
        for name in ("composantes", "vets"):
            field = self.model._meta.get_field(name)
            links[name] = field.remote_field.through.objects.filter(
                **{field.m2m_field_name(): OuterRef("pk")}
            )
        mine = list(scope.composantes)
        composantes = links["composantes"].filter(composante__in=mine)
        vets = links["vets"].filter(Q(vet__in=list(scope.vets)) | Q(vet__composante__in=mine))
        return self.filter(
            Exists(composantes.filter(~Exists(approved.filter(composante=OuterRef("composante")))))
            | Exists(vets.filter(~Exists(approved.filter(vet=OuterRef("vet")))))
        )

    def with_target_ids(self) -> TargetedQuerySet:
        """Each object with its targeting's ids as arrays, for `targeting_filter`."""
        annotations = {}
        for name, column in (("composantes", "composante"), ("vets", "vet")):
            field = self.model._meta.get_field(name)
            ids = field.remote_field.through.objects.filter(
                **{field.m2m_field_name(): OuterRef("pk")}
            ).values(column)
            annotations[f"{column}_ids"] = ArraySubquery(ids)
        return self.annotate(**annotations)


# --- Who it reaches ----------------------------------------------------------------------


def groups_of(user) -> tuple[list[int], list[int]]:
    """The user's composante and VET groups, read once per request."""
    cached = getattr(user, "_tremplin_groups", None)
    if cached is None:
        links = {"user": OuterRef("pk")}
        composantes, vets = User.objects.filter(pk=user.pk).values_list(
            ArraySubquery(User.composantes.through.objects.filter(**links).values("composante")),
            ArraySubquery(User.vets.through.objects.filter(**links).values("vet")),
        )[0]
        cached = user._tremplin_groups = (composantes, vets)
    return cached


def targeting_filter(user, prefix: str = "") -> Q:
    """What is aimed at this user: the audience includes them, and it is aimed at the whole
    university or at one of their composantes or VETs. Nobody else is a candidate.

    Reads `audience`, `composante_ids` and `vet_ids` under `prefix`: a projection that
    keeps the ids as arrays, or `TargetedQuerySet.with_target_ids()`."""
    if not is_candidate(user):
        return Q(pk__in=[])
    audiences = [Targeted.Audience.EVERYONE, user.kind]  # "student" / "graduate"
    composantes, vets = groups_of(user)
    return Q(**{f"{prefix}audience__in": audiences}) & (
        Q(**{f"{prefix}composante_ids": []}, **{f"{prefix}vet_ids": []})
        | Q(**{f"{prefix}composante_ids__overlap": composantes or [0]})
        | Q(**{f"{prefix}vet_ids__overlap": vets or [0]})
    )


# --- Approvals of parts ------------------------------------------------------------------


class PartApproval(models.Model):
    """A scoped moderator approved one part of a targeting. The concrete model adds its
    foreign key to the targeted kind, with `related_name="approvals"`, and its uniqueness
    (`one_per_part`).

    Approvals are for what was submitted: the services delete them when it changes or is
    submitted again."""

    composante = models.ForeignKey(
        "directory.Composante", models.CASCADE, null=True, blank=True, related_name="+"
    )
    vet = models.ForeignKey(
        "directory.Vet", models.CASCADE, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["approved_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_one_part",
                condition=Q(composante__isnull=False, vet=None)
                | Q(composante=None, vet__isnull=False),
            )
        ]

    @property
    def part(self) -> Part:
        return Part(composante=self.composante, vet=self.vet)

    @staticmethod
    def one_per_part(target: str) -> list[models.UniqueConstraint]:
        """The concrete model's uniqueness: one approval per part of its `target`."""
        return [
            models.UniqueConstraint(
                fields=[target, "composante"],
                condition=Q(vet=None),
                name=f"{target}_approval_composante_unique",
            ),
            models.UniqueConstraint(
                fields=[target, "vet"],
                condition=Q(composante=None),
                name=f"{target}_approval_vet_unique",
            ),
        ]


@dataclass(frozen=True)
class PartState:
    """One part of a targeting as a moderator's page shows it."""

    part: Part
    approval: PartApproval | None  # who approved it, when; None while it waits
    yours: bool  # the reader's scope covers it


@dataclass(frozen=True)
class Approved:
    """What `approve_parts` did: the parts it approved now, those still waiting for others."""

    new: list[Part]
    waiting: list[Part]

    @property
    def complete(self) -> bool:
        return not self.waiting


def part_states(targeted: Targeted, user) -> list[PartState]:
    """Each part of the targeting, approved (by whom, when) or waiting, and whether the
    user's scope covers it."""
    scope = scope_of(user)
    approvals = {
        a.part: a for a in targeted.approvals.select_related("composante", "vet", "approved_by")
    }
    return [
        PartState(part=part, approval=approvals.get(part), yours=scope.covers(part))
        for part in targeted.parts()
    ]


def waiting_parts(targeted: Targeted) -> list[Part]:
    """The parts of the targeting nobody approved yet."""
    approved = {a.part for a in targeted.approvals.select_related("composante", "vet")}
    return [part for part in targeted.parts() if part not in approved]


def approve_parts(targeted: Targeted, *, by) -> Approved:
    """Record `by`'s approval of the parts their scope covers that nobody approved yet, and
    say what still waits. Someone who covers everything approves nothing part by part: it
    is all theirs to accept (`complete`). The caller holds the object's row lock."""
    scope = scope_of(by)
    if scope.everything:
        return Approved(new=[], waiting=[])
    states = part_states(targeted, by)
    new = [s.part for s in states if s.approval is None and scope.covers(s.part)]
    model = targeted._meta.get_field("approvals").related_model
    link = targeted._meta.get_field("approvals").field.name
    model.objects.bulk_create(
        model(**{link: targeted}, composante=p.composante, vet=p.vet, approved_by=by) for p in new
    )
    waiting = [s.part for s in states if s.approval is None and not scope.covers(s.part)]
    return Approved(new=new, waiting=waiting)
