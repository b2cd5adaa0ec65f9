"""Stages & Jobs: offers, their life cycle, applications, favourites; the search projection
is defined with the search (`tremplin.offers.search.projection`) and imported here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.permissions import is_candidate, is_open_recruiter
from tremplin.moderation.models import Moderated, Tone
from tremplin.moderation.targeting import (
    PartApproval,
    Targeted,
    TargetedQuerySet,
    targeting_filter,
)
from tremplin.offers.search.projection import OfferIndex  # noqa: F401 (registers the model)


def public_filter(prefix: str = "") -> Q:
    """The public offers: those whose recruiter chose to show them to everybody (`public`)
    and that are aimed at every student and graduate of the university (both audiences, no
    composante, no VET picked). An offer aimed at part of the university is never public,
    whatever its box says: the form refuses the pair, and this rule ignores the box.

    Reads `public`, `audience`, `composante_ids` and `vet_ids` under `prefix` (the search
    projection holds them all)."""
    return Q(
        **{
            f"{prefix}public": True,
            f"{prefix}audience": Targeted.Audience.EVERYONE,
            f"{prefix}composante_ids": [],
            f"{prefix}vet_ids": [],
        }
    )


class OfferQuerySet(TargetedQuerySet):
    def published(self) -> OfferQuerySet:
        now = timezone.now()
        return self.filter(
            status=Offer.Status.PUBLISHED, publish_from__lte=now, publish_until__gte=now
        )

    def visible_to(self, user) -> OfferQuerySet:
        """Published offers whose targeting includes this student or graduate.

        Read from the search projection, which every published offer has: the search
        list and the offer's page apply the very same rule."""
        return self.published().filter(targeting_filter(user, prefix="index__"))

    def public(self) -> OfferQuerySet:
        """Published offers that anyone may read without signing in (`public_filter`),
        read from the search projection like `visible_to`."""
        return self.published().filter(public_filter(prefix="index__"))

    def listed_for(self, user) -> OfferQuerySet:
        """What the search lists for this person: the offers aimed at a student or a
        graduate; the public offers for everybody else, signed in or not."""
        return self.visible_to(user) if is_candidate(user) else self.public()

    def of_organisation_of(self, user) -> OfferQuerySet:
        """A recruiter's offers: those of their organisation, once their account is open."""
        if not is_open_recruiter(user):
            return self.none()
        return self.filter(organisation_id=user.recruiter.organisation_id)

    def viewable_by(self, user) -> OfferQuerySet:
        """Whose page this user may open: anybody while it is public, the candidates it
        is aimed at while it is published, the recruiters of its organisation, and the
        staff who moderate it."""
        return self.filter(
            Q(pk__in=Offer.objects.public().values("pk"))
            | Q(pk__in=Offer.objects.visible_to(user).values("pk"))
            | Q(pk__in=Offer.objects.of_organisation_of(user).values("pk"))
            | Q(pk__in=Offer.objects.in_scope_of(user).values("pk"))
        )

    def pending(self) -> OfferQuerySet:
        """The submitted offers, the oldest first."""
        return super().pending().order_by("submitted_at", "pk")


class Offer(Moderated, Targeted):
    """An internship or a job. Its life cycle: draft → submitted → published or rejected;
    published → expired, filled or archived; every move is in `TRANSITIONS`. It is aimed
    at an audience, composantes and VETs (`Targeted`), which say who moderates it."""

    # The most a person may write in the formatted texts, in characters of what they type
    # (Markdown), checked before it is rendered and sanitised; the other texts are limited
    # by their columns (`text_limit`). A long offer runs to 5,000 characters; 20,000 holds
    # a French and an English version with room to spare, and keeps the rendering, the
    # sanitising and the search vector of one offer to milliseconds.
    TEXT_LIMITS = {"description": 20_000, "candidate_sought": 10_000}

    class Kind(models.TextChoices):
        INTERNSHIP = "stage", _("Internship")
        PERMANENT = "cdi", _("Permanent contract (CDI)")
        FIXED_TERM = "cdd", _("Fixed-term contract (CDD)")
        WORK_STUDY = "alternance", _("Work-study (apprenticeship)")
        VIE = "vie", _("International volunteering (VIE/VIA)")
        PHD = "these", _("PhD")
        STUDENT_JOB = "job", _("Student job")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        FILLED = "filled", _("Filled")
        ARCHIVED = "archived", _("Archived")

    class Remote(models.TextChoices):
        NONE = "none", _("On site")
        PARTIAL = "partial", _("Partly remote")
        FULL = "full", _("Fully remote")

    class Level(models.TextChoices):
        ANY = "any", _("Any level")
        BAC = "bac", _("Baccalauréat")
        BAC_2 = "bac2", _("Bac+2")
        BAC_3 = "bac3", _("Bac+3")
        BAC_5 = "bac5", _("Bac+5")
        BAC_8 = "bac8", _("Bac+8 (doctorate)")

    class Domain(models.TextChoices):
        IT = "informatique", _("Computing and digital")
        ENGINEERING = "ingenierie", _("Engineering and industry")
        SCIENCE = "sciences", _("Science and research")
        HEALTH = "sante", _("Health and social care")
        LAW = "droit", _("Law")
        FINANCE = "finance", _("Finance, accounting, audit")
        MARKETING = "marketing", _("Marketing, sales, communication")
        HR = "rh", _("Human resources")
        EDUCATION = "enseignement", _("Education and training")
        CULTURE = "culture", _("Culture, languages, humanities")
        ENVIRONMENT = "environnement", _("Environment and energy")
        LOGISTICS = "logistique", _("Logistics and transport")
        SPORT = "sport", _("Sport")
        PUBLIC = "public", _("Public administration")

    class Apply(models.TextChoices):
        PLATFORM = "platform", _("In Tremplin (CV and message)")
        URL = "url", _("On the recruiter's site")
        EMAIL = "email", _("By e-mail")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"))  # sanitised HTML
    candidate_sought = models.TextField(_("profile sought"), blank=True)  # sanitised HTML
    organisation = models.ForeignKey(
        "recruiters.Organisation",
        models.PROTECT,
        related_name="offers",
        verbose_name=_("organisation"),
    )
    city = models.CharField(_("city"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)  # from the postcode
    country = models.CharField(_("country"), max_length=80, default="France")
    remote = models.CharField(
        _("remote work"), max_length=8, choices=Remote.choices, default=Remote.NONE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True
    )
    pay = models.CharField(_("pay or stipend"), max_length=120, blank=True)
    level = models.CharField(
        _("education level"), max_length=8, choices=Level.choices, default=Level.ANY
    )
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    languages = ArrayField(
        models.CharField(max_length=8), default=list, blank=True, verbose_name=_("languages")
    )
    apply_by = models.CharField(
        _("how to apply"), max_length=8, choices=Apply.choices, default=Apply.PLATFORM
    )
    apply_url = models.URLField(_("application address (web)"), blank=True)
    apply_email = models.EmailField(_("application address (e-mail)"), blank=True)
    # The recruiter's choice to show the offer to visitors who are not signed in, and to
    # search engines (sitemap, feed, JSON-LD); only an offer aimed at everybody can be.
    public = models.BooleanField(
        _("public offer"),
        default=False,
        help_text=_(
            "Anyone may read it without signing in, and search engines list it. Only an "
            "offer for all students and graduates, with no composante or VET picked, can be "
            "public; applying always needs a sign-in."
        ),
    )
    publish_from = models.DateTimeField(_("published from"), default=timezone.now)
    publish_until = models.DateTimeField(_("published until"))

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    PENDING, ACCEPTED, REJECTED = Status.SUBMITTED, Status.PUBLISHED, Status.REJECTED
    ACCEPT = "publish"
    TRANSITIONS = {
        "submit": {Status.DRAFT: Status.SUBMITTED, Status.REJECTED: Status.SUBMITTED},
        "publish": {Status.SUBMITTED: Status.PUBLISHED},
        "reject": {Status.SUBMITTED: Status.REJECTED},
        # A recruiter changes the offer until it closes. A change to a published offer sends
        # it back to moderation, unless the organisation is trusted.
        "edit": {
            Status.DRAFT: Status.DRAFT,
            Status.SUBMITTED: Status.SUBMITTED,
            Status.REJECTED: Status.REJECTED,
            Status.PUBLISHED: Status.SUBMITTED,
        },
        "edit_trusted": {
            Status.DRAFT: Status.DRAFT,
            Status.SUBMITTED: Status.SUBMITTED,
            Status.REJECTED: Status.REJECTED,
            Status.PUBLISHED: Status.PUBLISHED,
        },
        "expire": {Status.PUBLISHED: Status.EXPIRED},
        "fill": {Status.PUBLISHED: Status.FILLED, Status.EXPIRED: Status.FILLED},
        "archive": dict.fromkeys(
            (Status.DRAFT, Status.REJECTED, Status.PUBLISHED, Status.EXPIRED, Status.FILLED),
            Status.ARCHIVED,
        ),
    }
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    @classmethod
    def text_limit(cls, name: str) -> int:
        """The longest text a person may give for the field `name`."""
        return cls.TEXT_LIMITS.get(name) or cls._meta.get_field(name).max_length

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="offer_status_submitted_idx"),
            models.Index(fields=["organisation", "status"], name="offer_organisation_idx"),
            # The figures count offers by period (tremplin.reports).
            models.Index(fields=["created_at"], name="offer_created_at_idx"),
            models.Index(
                fields=["publish_until"],
                name="offer_published_until_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.pk])

    # --- Life cycle: every change of status goes through `move` -----------------------

    def submit(self, *, trusted: bool) -> None:
        """To moderation; an organisation the university trusts publishes at once."""
        self.move("submit")
        self.submitted_at = timezone.now()
        self.rejection_reason = ""
        if trusted:
            self.publish(by=None)

    def accept(self, *, by) -> None:
        """Publish: the offer enters the search (from `publish_from` on)."""
        super().accept(by=by)
        self.published_at = self.decided_at
        self.expiry_reminder_sent_at = None

    publish = accept  # the word of offers

    @staticmethod
    def _edit(trusted: bool) -> str:
        return "edit_trusted" if trusted else "edit"

    def edited_by_recruiter(self, *, trusted: bool = False) -> None:
        """A recruiter changed the offer (see "edit" in `TRANSITIONS`)."""
        was_published = self.is_published
        self.move(self._edit(trusted))
        if was_published and not self.is_published:
            self.submitted_at = timezone.now()

    def expire(self) -> None:
        self.move("expire")

    def mark_filled(self) -> None:
        self.move("fill")

    def archive(self) -> None:
        self.move("archive")

    @property
    def is_published(self) -> bool:
        return self.is_accepted

    @property
    def changes_go_back_to_moderation(self) -> bool:
        """Would a recruiter's change take the offer out of the search until a moderator
        publishes it again?"""
        after = self.TRANSITIONS[self._edit(self.organisation.trusted)].get(self.status)
        return self.is_published and after != self.status

    # For the templates, which cannot pass arguments.
    @property
    def may_submit(self) -> bool:
        return self.allows("submit")

    @property
    def may_edit(self) -> bool:
        return self.allows("edit")

    @property
    def may_fill(self) -> bool:
        return self.allows("fill")

    @property
    def may_archive(self) -> bool:
        return self.allows("archive")

    @property
    def takes_applications_here(self) -> bool:
        return self.apply_by == self.Apply.PLATFORM


class OfferApproval(PartApproval):
    """A scoped moderator approved one part of an offer's targeting: the offer is published
    once every part is approved (`tremplin.moderation.targeting`)."""

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="approvals")

    class Meta(PartApproval.Meta):
        constraints = [*PartApproval.Meta.constraints, *PartApproval.one_per_part("offer")]

    def __str__(self) -> str:
        return f"{self.offer} — {self.part}"


class Favourite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="favourites")
    offer = models.ForeignKey(Offer, models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "offer"], name="favourite_unique")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.offer}"


def application_cv_path(instance: Application, filename: str) -> str:
    return f"applications/{instance.offer_id}/{timezone.now():%Y%m}-{instance.candidate_id}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def received_by(self, user) -> ApplicationQuerySet:
        """Applications to the offers of this recruiter's organisation, and nothing else."""
        return self.filter(offer__in=Offer.objects.of_organisation_of(user))

    def sent_by(self, user) -> ApplicationQuerySet:
        """A candidate's own applications."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(candidate=user)


class ApplicationStatusUnchanged(Exception):
    """The application already has this status."""

    def __init__(self, application: Application) -> None:
        super().__init__(application.status)
        self.application = application


class Application(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECLINED = "declined", _("Declined")

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="applications"
    )
    cv = models.FileField(_("CV (PDF)"), upload_to=application_cv_path)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "candidate"], name="application_unique")
        ]
        # The figures count applications by period (tremplin.reports).
        indexes = [models.Index(fields=["created_at"], name="application_created_at_idx")]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.offer}"

    @property
    def is_shortlisted(self) -> bool:
        return self.status == self.Status.SHORTLISTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def status_tone(self) -> Tone:
        if self.is_shortlisted:
            return Tone.OK
        return Tone.ERROR if self.is_declined else Tone.NEUTRAL

    def set_status(self, status: str) -> None:
        """The recruiter's answer: shortlisted or declined (or back to received)."""
        if status not in self.Status.values:
            raise ValueError(status)
        if status == self.status:
            raise ApplicationStatusUnchanged(self)
        self.status = status
        self.status_changed_at = timezone.now()
