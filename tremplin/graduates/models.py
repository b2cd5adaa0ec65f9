"""Graduate registrations: what was typed, and the claims moderators validate."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.permissions import scope_filter
from tremplin.lib.links import EmailedLink
from tremplin.lib.text import name_key
from tremplin.moderation.models import Moderated, ModeratedQuerySet


class RegistrationRequest(models.Model):
    """The graduate registration form as typed, until a worker has answered it by e-mail.

    It is deleted as soon as it is processed: the answer lives in the e-mail's link.
    """

    last_name = models.CharField(max_length=150)
    first_name = models.CharField(max_length=150)
    birth_date = models.DateField()
    email = models.EmailField()
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


def is_institutional(email: str) -> bool:
    """Is this a university mailbox: an address in one of INSTITUTIONAL_EMAIL_DOMAINS (or
    in one of their subdomains)? Only such an address that the registry holds opens an
    account at once (`services.answer_registration`)."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    return any(
        domain == known or domain.endswith(f".{known}")
        for known in (d.strip().lower().strip(".") for d in settings.INSTITUTIONAL_EMAIL_DOMAINS)
        if known
    )


class RegistrationLink(EmailedLink):
    """The answer to a registration, which the e-mailed link opens (see
    `tremplin.lib.links`): what the worker found in the registry (the person's rows, never
    shown before the mailbox is proven) or, when it knows nothing, the identity typed.

    It works once (the claim it creates deletes it) and for 48 hours after the mail left.
    """

    class Route(models.TextChoices):
        FOUND = "found"  # the registry knows the person: choose a diploma
        ABSENT = "absent"  # it does not: the complete form
        INSTITUTIONAL = "institutional"  # the address is the person's university mailbox

    FOUND, ABSENT, INSTITUTIONAL = Route.FOUND, Route.ABSENT, Route.INSTITUTIONAL
    lifetime = timedelta(hours=48)

    route = models.CharField(max_length=16, choices=Route.choices)
    email = models.EmailField()
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    last_name = models.CharField(max_length=150)
    first_name = models.CharField(max_length=150)
    birth_date = models.DateField()
    entry_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.route} link for {self.email}"


class SetPasswordLink(EmailedLink):
    """The link mailed to a student who graduated, to choose the password of their account.

    It works for 14 days (long enough for someone who just left the university), and only
    while the account's password is the one it was issued for: choosing one, here or with
    "Forgot your password?", ends it."""

    lifetime = timedelta(days=14)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    password_fingerprint = models.CharField(max_length=64, editable=False)

    def __str__(self) -> str:
        return f"set-password link of {self.user_id}"

    @staticmethod
    def fingerprint(user) -> str:
        return salted_hmac(
            "tremplin.graduates.set-password", user.password, algorithm="sha256"
        ).hexdigest()

    @classmethod
    def for_password_of(cls, user) -> SetPasswordLink:
        """A new link for this account, which works while its password stays as it is."""
        return cls.objects.create(user=user, password_fingerprint=cls.fingerprint(user))

    @property
    def still_opens(self) -> bool:
        """The account is still a validated graduate's, and no password was chosen since."""
        user = self.user
        return (
            user.is_active
            and user.kind == user.Kind.GRADUATE
            and self.password_fingerprint == self.fingerprint(user)
        )


class GraduateClaimQuerySet(ModeratedQuerySet):
    def in_scope_of(self, user) -> GraduateClaimQuerySet:
        """Claims this user may decide: administrators all of them; a responsable of a
        composante those of their composante; a responsable of a VET those of their VET.
        Claims of people absent from the registry carry no composante or VET: only
        administrators see them."""
        return self.filter(scope_filter(user, composante="composante", vet="vet"))


class GraduateClaim(Moderated):
    """A graduate's request for an account, waiting for (or having had) a decision."""

    class Route(models.TextChoices):
        DIPLOMA_FOUND = "diploma_found", _("In the registry, diploma found")
        DIPLOMA_NOT_FOUND = "diploma_not_found", _("In the registry, diploma not found")
        ABSENT = "absent", _("Not in the registry")
        INSTITUTIONAL = "institutional", _("Institutional e-mail address")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Not accepted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="graduate_claims"
    )
    route = models.CharField(_("route"), max_length=24, choices=Route.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    PENDING, ACCEPTED, REJECTED = Status.PENDING, Status.VALIDATED, Status.REJECTED
    ACCEPT = "validate"
    TRANSITIONS = {
        "validate": {Status.PENDING: Status.VALIDATED},
        "reject": {Status.PENDING: Status.REJECTED},
    }
    # The scope of the claim: who may decide it (see GraduateClaimQuerySet.in_scope_of).
    composante = models.ForeignKey(
        "directory.Composante", models.PROTECT, null=True, blank=True, related_name="+"
    )
    vet = models.ForeignKey(
        "directory.Vet", models.PROTECT, null=True, blank=True, related_name="+"
    )
    registry_entry = models.ForeignKey(
        "directory.RegistryEntry", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # As the person typed or declared it. The date of birth serves the moderator, and is
    # cleared once the claim is decided (see `forget_birth_date`).
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Who the person is, for finding their other accounts (`possible_duplicates`) once the
    # date is cleared: a keyed hash of the last name and the date, which tells neither.
    identity_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    declared_composante = models.ForeignKey(
        "directory.Composante",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("composante"),
    )
    diploma_title = models.CharField(_("diploma"), max_length=255, blank=True)
    year_obtained = models.PositiveSmallIntegerField(_("year obtained"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    proof = models.FileField(_("proof (PDF)"), upload_to="graduate-proofs/", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    objects = GraduateClaimQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("graduate claim")
        verbose_name_plural = _("graduate claims")
        indexes = [
            models.Index(fields=["status", "composante"], name="claim_status_composante_idx"),
            models.Index(fields=["status", "vet"], name="claim_status_vet_idx"),
            # The figures count claims by period (tremplin.reports).
            models.Index(fields=["created_at"], name="claim_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_route_display()})"

    @property
    def group_composante(self):
        """The composante group the graduate joins on validation."""
        return self.composante or self.declared_composante

    def accept(self, *, by) -> None:
        super().accept(by=by)
        self.forget_birth_date()

    validate = accept  # the word of graduate registrations

    def reject(self, *, by, reason: str) -> None:
        super().reject(by=by, reason=reason)
        self.forget_birth_date()

    def forget_birth_date(self) -> None:
        """The moderator needed the date of birth to decide; once decided, nothing does:
        the duplicates of later claims are found by `identity_key`."""
        self.birth_date = None


def identity_key(last_name: str, birth_date: date) -> str:
    """The `identity_key` of a claim: equal for one last name (however written) and date."""
    value = f"{name_key(last_name)}|{birth_date.isoformat()}"
    return salted_hmac("tremplin.graduates.claim-identity", value, algorithm="sha256").hexdigest()
