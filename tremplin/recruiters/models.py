"""Organisations that recruit, and the people who recruit for them."""

from __future__ import annotations

import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError
from stdnum.fr import siret as stdnum_siret

from tremplin.accounts.permissions import Permission, is_open_recruiter, may
from tremplin.lib.links import EmailedLink
from tremplin.moderation.models import Moderated, ModeratedQuerySet

_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")
# How long an organisation's recruiters have to answer a request to join it, before it
# goes to the administrators without their answer.
COLLEAGUES_DAYS = 7


def validate_siret(value: str) -> None:
    """A SIRET number: 14 digits whose Luhn check holds (python-stdnum knows La Poste's)."""
    try:
        stdnum_siret.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("This SIRET number does not exist: check its 14 digits."), code="siret_checksum"
        ) from None
    except NumberError:
        raise ValidationError(
            _("A SIRET number has 14 digits (9 for the SIREN, 5 for the establishment)."),
            code="siret_format",
        ) from None


def validate_phone(value: str) -> None:
    """Loosely: digits, spaces, dots, hyphens, brackets and a leading +; 6 to 20 digits."""
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.match(value) or not 6 <= digits <= 20:
        raise ValidationError(
            _("Type a phone number: digits, spaces and dots, with + for the country code."),
            code="phone",
        )


class Organisation(models.Model):
    """A company, an association or an administration that recruits, known by its SIRET."""

    class Sector(models.TextChoices):
        # The sections of the French classification of activities (NAF rév. 2).
        AGRICULTURE = "A", _("Agriculture, forestry and fishing")
        MINING = "B", _("Mining and quarrying")
        MANUFACTURING = "C", _("Manufacturing")
        ENERGY = "D", _("Electricity, gas, steam and air conditioning")
        WATER = "E", _("Water supply, sewerage, waste management")
        CONSTRUCTION = "F", _("Construction")
        TRADE = "G", _("Wholesale and retail trade, repair of motor vehicles")
        TRANSPORT = "H", _("Transport and storage")
        HOSPITALITY = "I", _("Accommodation and food services")
        INFORMATION = "J", _("Information and communication")
        FINANCE = "K", _("Finance and insurance")
        REAL_ESTATE = "L", _("Real estate")
        PROFESSIONAL = "M", _("Professional, scientific and technical activities")
        SUPPORT = "N", _("Administrative and support services")
        PUBLIC_ADMINISTRATION = "O", _("Public administration")
        EDUCATION = "P", _("Education")
        HEALTH = "Q", _("Human health and social work")
        ARTS = "R", _("Arts, entertainment and recreation")
        OTHER_SERVICES = "S", _("Other service activities")
        HOUSEHOLDS = "T", _("Households as employers")
        EXTRATERRITORIAL = "U", _("Extraterritorial organisations")

    class Size(models.TextChoices):
        MICRO = "1-9", _("1 to 9 employees")
        SMALL = "10-49", _("10 to 49 employees")
        MEDIUM = "50-249", _("50 to 249 employees")
        INTERMEDIATE = "250-4999", _("250 to 4,999 employees")
        LARGE = "5000+", _("5,000 employees or more")

    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    address = models.CharField(_("address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100, default="France")
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    website = models.URLField(_("website"), blank=True)
    # Offers of a trusted organisation are published without moderation.
    trusted = models.BooleanField(_("trusted"), default=False)
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def siret_display(self) -> str:
        return stdnum_siret.format(self.siret)


class RecruiterQuerySet(ModeratedQuerySet):
    def in_scope_of(self, user) -> RecruiterQuerySet:
        """Registrations this user may see and decide: administrators only."""
        return self if may(user, Permission.RECRUITERS_VALIDATE) else self.none()

    def pending(self) -> RecruiterQuerySet:
        """Pending registrations whose e-mail address is confirmed."""
        verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
        return super().pending().filter(Exists(verified))


class Recruiter(Moderated):
    """A person who recruits for an organisation, and where their registration stands."""

    class Status(models.TextChoices):
        AWAITING_EMAIL = "awaiting_email", _("E-mail address not confirmed yet")
        AWAITING_COLLEAGUES = "awaiting_colleagues", _("Waiting for a colleague's confirmation")
        PENDING = "pending", _("Waiting for validation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="recruiter")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="recruiters", verbose_name=_("organisation")
    )
    job_title = models.CharField(_("job title"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, validators=[validate_phone])
    # The SIRET was already registered: the person asked to join that organisation.
    joined_existing = models.BooleanField(_("joined an existing organisation"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_EMAIL
    )
    PENDING, ACCEPTED, REJECTED = Status.PENDING, Status.ACCEPTED, Status.REJECTED
    TRANSITIONS = {
        # The person followed the link sent to their address: an administrator decides next,
        "confirm_email": {Status.AWAITING_EMAIL: Status.PENDING},
        # or, when the organisation has accepted recruiters, one of them first (JoinRequest):
        "ask_colleagues": {Status.AWAITING_EMAIL: Status.AWAITING_COLLEAGUES},
        # a colleague confirms, or none answered in time: the administrators decide;
        "to_administrators": {Status.AWAITING_COLLEAGUES: Status.PENDING},
        # a colleague refuses: it ends there.
        "colleague_refuses": {Status.AWAITING_COLLEAGUES: Status.REJECTED},
        "accept": {Status.PENDING: Status.ACCEPTED},
        "reject": {Status.PENDING: Status.REJECTED},
    }
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = RecruiterQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("recruiter")
        verbose_name_plural = _("recruiters")
        indexes = [models.Index(fields=["status", "created_at"], name="recruiter_status_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def email_confirmed(self, *, ask_colleagues: bool = False) -> None:
        self.move("ask_colleagues" if ask_colleagues else "confirm_email")

    def refused_by_colleague(self, *, by, reason: str) -> None:
        """A recruiter of the organisation says the person does not work with them: the
        registration is refused, as an administrator would, with their reason."""
        self._decide("colleague_refuses", by=by)
        self.rejection_reason = reason.strip()


class ConfirmationLink(EmailedLink):
    """The link mailed after a registration, which proves the recruiter reads their
    mailbox (see `tremplin.lib.links`). It names the registration and the address, and
    works as long as allauth's own confirmation links (ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS);
    following it again changes nothing. It is ours rather than allauth's key so that the
    one page that confirms a recruiter's address also moves the registration on to the
    administrators."""

    recruiter = models.ForeignKey(Recruiter, models.CASCADE, related_name="+")
    email = models.EmailField()

    @classmethod
    def link_lifetime(cls) -> timedelta:
        return timedelta(days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)

    def __str__(self) -> str:
        return f"confirmation link of {self.email}"


class JoinRequestQuerySet(ModeratedQuerySet):
    def in_scope_of(self, user) -> JoinRequestQuerySet:
        """The requests to join this recruiter's organisation, for its open accounts."""
        if not is_open_recruiter(user):
            return self.none()
        return self.filter(recruiter__organisation_id=user.recruiter.organisation_id).exclude(
            recruiter__user=user
        )

    def pending(self) -> JoinRequestQuerySet:
        """The oldest first."""
        return super().pending().order_by("created_at", "pk")

    def unanswered(self, *, now=None) -> JoinRequestQuerySet:
        """Those no colleague answered in `COLLEAGUES_DAYS`."""
        now = now or timezone.now()
        return self.pending().filter(created_at__lt=now - timedelta(days=COLLEAGUES_DAYS))


class JoinRequest(Moderated):
    """Somebody registered to join an organisation that already has accepted recruiters.

    Its SIRET is public, and an accepted recruiter sees every application its offers
    receive: so its recruiters are asked first whether the person works with them. One
    confirms, and the administrators decide as for any registration; one refuses, and
    the registration is refused. When nobody answers in `COLLEAGUES_DAYS`, it goes to
    the administrators, who are told so."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a colleague's answer")
        CONFIRMED = "confirmed", _("Confirmed by a colleague")
        REFUSED = "refused", _("Refused by a colleague")
        UNANSWERED = "unanswered", _("No colleague answered")

    recruiter = models.OneToOneField(Recruiter, models.CASCADE, related_name="join_request")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    PENDING, ACCEPTED, REJECTED = Status.WAITING, Status.CONFIRMED, Status.REFUSED
    ACCEPT = "confirm"
    TRANSITIONS = {
        "confirm": {Status.WAITING: Status.CONFIRMED},
        "reject": {Status.WAITING: Status.REFUSED},
        "unanswered": {Status.WAITING: Status.UNANSWERED},
    }
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request to join an organisation")
        verbose_name_plural = _("requests to join an organisation")

    def __str__(self) -> str:
        return str(self.recruiter)

    def unanswered(self) -> None:
        self.move("unanswered")

    @property
    def is_unanswered(self) -> bool:
        return self.status == self.Status.UNANSWERED
