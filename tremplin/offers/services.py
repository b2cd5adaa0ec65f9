"""The verbs of Stages & Jobs: write, submit, moderate and close offers; apply; favourites.

Each verb runs in one transaction with its audit row and its e-mails (deferred jobs), and
keeps the search projection in step: an offer that becomes published, changes while
published or leaves publication is re-indexed in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, is_open_recruiter, may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.models import Composante, Vet
from tremplin.lib.markup import render_markdown
from tremplin.moderation.models import TransitionRefused
from tremplin.moderation.targeting import Approved, approve_parts
from tremplin.offers import emails
from tremplin.offers.geo import departement_of
from tremplin.offers.models import Application, Favourite, Offer
from tremplin.offers.search import indexing
from tremplin.profiles.services import resume_of
from tremplin.recruiters.models import Organisation

REMINDER_DAYS = 7
BATCH = 200  # offers expired or reminded per transaction


class AlreadyApplied(Exception):
    """One application per offer and candidate."""


class NotAppliedHere(Exception):
    """The offer takes applications on the recruiter's site or by e-mail, not in Tremplin."""


class NoCv(Exception):
    """No CV uploaded and none on the candidate's profile."""


class TextTooLong(ValueError):
    """A text is longer than its field's limit (`Offer.text_limit`): refused before
    anything is rendered, sanitised or written."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(f"{field} is longer than {limit} characters")
        self.field = field
        self.limit = limit


def _check_length(name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise TextTooLong(name, limit)


@dataclass(frozen=True)
class OfferDetails:
    """What a recruiter (or a staff member) writes in an offer."""

    title: str
    kind: str
    description: str  # Markdown or HTML, sanitised when written
    city: str
    domain: str
    publish_from: datetime
    publish_until: datetime
    candidate_sought: str = ""
    postcode: str = ""
    country: str = "France"
    remote: str = Offer.Remote.NONE
    start_date: date | None = None
    duration_months: int | None = None
    pay: str = ""
    level: str = Offer.Level.ANY
    languages: list[str] = field(default_factory=list)
    apply_by: str = Offer.Apply.PLATFORM
    apply_url: str = ""
    apply_email: str = ""
    audience: str = Offer.Audience.EVERYONE
    composantes: list[Composante] = field(default_factory=list)
    vets: list[Vet] = field(default_factory=list)
    public: bool = False  # readable without signing in (`Offer.public`)

    def __post_init__(self) -> None:
        """Whoever calls the services, a text longer than its limit goes no further: a
        description of a few megabytes is never handed to Markdown or the sanitiser."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                _check_length(f.name, value, Offer.text_limit(f.name))


def _write(offer: Offer, details: OfferDetails) -> None:
    """Copy the details onto the offer: formatted text sanitised, département derived."""
    for name in (
        "title",
        "kind",
        "city",
        "postcode",
        "country",
        "remote",
        "start_date",
        "duration_months",
        "pay",
        "level",
        "domain",
        "languages",
        "apply_by",
        "audience",
        "public",
        "publish_from",
        "publish_until",
    ):
        setattr(offer, name, getattr(details, name))
    offer.description = str(render_markdown(details.description))
    offer.candidate_sought = (
        str(render_markdown(details.candidate_sought)) if details.candidate_sought.strip() else ""
    )
    offer.postcode = details.postcode.strip()
    offer.departement = (
        departement_of(offer.postcode) if details.country.strip().casefold() == "france" else ""
    )
    offer.apply_url = details.apply_url if details.apply_by == Offer.Apply.URL else ""
    offer.apply_email = details.apply_email if details.apply_by == Offer.Apply.EMAIL else ""


def _own_organisation(user: User) -> Organisation:
    if not is_open_recruiter(user):
        raise PermissionDenied("Only recruiters whose account is open write offers.")
    return user.recruiter.organisation


def create_offer(
    details: OfferDetails,
    *,
    acting_user: User,
    organisation: Organisation | None = None,
    submit: bool = False,
    ip_address: str | None = None,
) -> Offer:
    """A new offer. A recruiter writes for their own organisation, as a draft or submitted
    at once (`submit`), published at once if the university trusts the organisation.

    A moderator writes for any organisation, and never with its trust (trust is in the
    organisation's own recruiters): the offer is submitted with the moderator's approval
    of what their scope covers, so it is published at once only when their scope covers
    all of its targeting, and waits for the moderators of the rest otherwise (see
    `_approve`). The organisation's recruiters hear of it when it is published."""
    on_behalf = getattr(acting_user, "recruiter", None) is None
    if on_behalf:
        if organisation is None or not may(acting_user, Permission.OFFERS_MODERATE):
            raise PermissionDenied("Only moderators write offers for an organisation.")
    else:
        own = _own_organisation(acting_user)
        if organisation is not None and organisation.pk != own.pk:
            raise PermissionDenied("A recruiter writes offers for their organisation only.")
        organisation = own
    with transaction.atomic():
        offer = Offer(organisation=organisation, created_by=acting_user)
        _write(offer, details)
        offer.save()
        offer.composantes.set(details.composantes)
        offer.vets.set(details.vets)
        record(
            Action.OFFER_CREATED,
            actor=acting_user,
            target=offer,
            ip_address=ip_address,
            organisation=organisation.name,
            on_behalf=on_behalf,
        )
        if on_behalf:
            _submit(offer, acting_user=acting_user, ip_address=ip_address, trusted=False)
            _approve(offer, acting_user=acting_user, ip_address=ip_address)
        elif submit:
            _submit(
                offer, acting_user=acting_user, ip_address=ip_address, trusted=organisation.trusted
            )
    return offer


def _recruiters_offer(offer_id: int, acting_user: User) -> Offer:
    return (
        Offer.objects.of_organisation_of(acting_user)
        .select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=offer_id)
    )


def update_offer(
    offer_id: int, details: OfferDetails, *, acting_user: User, ip_address: str | None = None
) -> Offer:
    """A recruiter changes their offer. A published one goes back to moderation and leaves
    the search until it is published again (unless the organisation is trusted)."""
    with transaction.atomic():
        offer = _recruiters_offer(offer_id, acting_user)
        was_published = offer.is_published
        previous_until = offer.publish_until
        offer.edited_by_recruiter(trusted=offer.organisation.trusted)
        _write(offer, details)
        if offer.publish_until != previous_until:
            offer.expiry_reminder_sent_at = None  # a new window, a new reminder
        offer.save()
        offer.composantes.set(details.composantes)
        offer.vets.set(details.vets)
        offer.approvals.all().delete()  # what the moderators approved has changed
        if was_published:
            indexing.reindex([offer.pk])  # changed in place, or removed from the search
            if not offer.is_published:
                record(
                    Action.OFFER_BACK_TO_MODERATION,
                    actor=acting_user,
                    target=offer,
                    ip_address=ip_address,
                    organisation=offer.organisation.name,
                )
    return offer


def _submit(offer: Offer, *, acting_user: User, ip_address: str | None, trusted: bool) -> None:
    """To moderation, with no approval yet; published at once when `trusted` (only ever
    for the trusted organisation's own recruiters)."""
    offer.approvals.all().delete()
    offer.submit(trusted=trusted)
    offer.save()
    record(
        Action.OFFER_SUBMITTED,
        actor=acting_user,
        target=offer,
        ip_address=ip_address,
        organisation=offer.organisation.name,
    )
    if offer.is_published:  # a trusted organisation: no moderation
        indexing.reindex([offer.pk])
        record(
            Action.OFFER_PUBLISHED,
            actor=acting_user,
            target=offer,
            ip_address=ip_address,
            organisation=offer.organisation.name,
            trusted_organisation=True,
        )


def submit_offer(offer_id: int, *, acting_user: User, ip_address: str | None = None) -> Offer:
    """The recruiter sends a draft (or a rejected offer they corrected) to moderation."""
    with transaction.atomic():
        offer = _recruiters_offer(offer_id, acting_user)
        _submit(
            offer,
            acting_user=acting_user,
            ip_address=ip_address,
            trusted=offer.organisation.trusted,
        )
    return offer


def _moderated_offer(offer_id: int, acting_user: User) -> Offer:
    return Offer.objects.in_scope_of(acting_user).select_related("organisation").locked(offer_id)


def _publish(offer: Offer, *, acting_user: User, ip_address: str | None) -> None:
    offer.publish(by=acting_user)
    offer.save()
    indexing.reindex([offer.pk])
    record(
        Action.OFFER_PUBLISHED,
        actor=acting_user,
        target=offer,
        ip_address=ip_address,
        organisation=offer.organisation.name,
    )
    emails.send_offer_published(offer)


def _approve(offer: Offer, *, acting_user: User, ip_address: str | None) -> Approved:
    """The moderator approves what their scope covers of the offer's targeting; it is
    published when the approvals cover all of it (at once for a moderator who covers
    everything). The caller holds the offer's row lock."""
    approved = approve_parts(offer, by=acting_user)
    if approved.new:
        record(
            Action.OFFER_PART_APPROVED,
            actor=acting_user,
            target=offer,
            ip_address=ip_address,
            organisation=offer.organisation.name,
            parts=[str(part) for part in approved.new],
            waiting=[str(part) for part in approved.waiting],
        )
    if approved.complete:
        _publish(offer, acting_user=acting_user, ip_address=ip_address)
    return approved


def publish_offer(offer_id: int, *, acting_user: User, ip_address: str | None = None) -> Offer:
    """A moderator publishes a submitted offer of their scope, or approves their part of it
    when its targeting reaches beyond their scope (it is published once every part is
    approved); its recruiters are told when it is published.

    Of two moderators deciding at once, the second waits for the first's transaction, then
    reads the offer and its approvals as the first left them: TransitionRefused if it is
    decided, or if nothing of it is left for them to approve."""
    with transaction.atomic():
        offer = _moderated_offer(offer_id, acting_user)
        if not offer.allows(Offer.ACCEPT):
            raise TransitionRefused(offer, Offer.ACCEPT)
        approved = _approve(offer, acting_user=acting_user, ip_address=ip_address)
        if not approved.new and not approved.complete:
            raise TransitionRefused(offer, Offer.ACCEPT)  # their part is approved already
    return offer


def reject_offer(
    offer_id: int, *, acting_user: User, reason: str, ip_address: str | None = None
) -> Offer:
    """A moderator refuses a submitted offer with a reason, which is e-mailed."""
    with transaction.atomic():
        offer = _moderated_offer(offer_id, acting_user)
        offer.reject(by=acting_user, reason=reason)
        offer.save()
        record(
            Action.OFFER_REJECTED,
            actor=acting_user,
            target=offer,
            ip_address=ip_address,
            organisation=offer.organisation.name,
            reason=offer.rejection_reason,
        )
        emails.send_offer_rejected(offer)
    return offer


def _close(offer_id: int, *, acting_user: User, ip_address: str | None, how: Action) -> Offer:
    with transaction.atomic():
        offer = _recruiters_offer(offer_id, acting_user)
        was_published = offer.is_published
        if how == Action.OFFER_FILLED:
            offer.mark_filled()
        else:
            offer.archive()
        offer.save()
        if was_published:
            indexing.unindex([offer.pk])
        record(how, actor=acting_user, target=offer, ip_address=ip_address)
    return offer


def mark_offer_filled(offer_id: int, *, acting_user: User, ip_address: str | None = None) -> Offer:
    """The position is taken: the offer leaves the search."""
    return _close(
        offer_id, acting_user=acting_user, ip_address=ip_address, how=Action.OFFER_FILLED
    )


def archive_offer(offer_id: int, *, acting_user: User, ip_address: str | None = None) -> Offer:
    return _close(
        offer_id, acting_user=acting_user, ip_address=ip_address, how=Action.OFFER_ARCHIVED
    )


# --- Recurring work: run every hour, idempotent ---------------------------------------


def expire_due_offers(*, now: datetime | None = None) -> int:
    """Expire the published offers whose window has closed; tell their recruiters.
    Return how many expired (none the second time)."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Offer.objects.filter(status=Offer.Status.PUBLISHED, publish_until__lt=now)
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("organisation")
                .order_by("pk")[:BATCH]
            )
            for offer in batch:
                offer.expire()
                offer.save(update_fields=["status", "updated_at"])
                record(Action.OFFER_EXPIRED, actor=None, target=offer)
                emails.send_offer_expired(offer)
            indexing.unindex([offer.pk for offer in batch])
        done += len(batch)
        if len(batch) < BATCH:
            return done


def remind_expiring_offers(*, now: datetime | None = None) -> int:
    """Remind the recruiters, once, of the offers that close within 7 days.
    Return how many reminders went (none the second time)."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Offer.objects.filter(
                    status=Offer.Status.PUBLISHED,
                    publish_until__gte=now,
                    publish_until__lte=now + timedelta(days=REMINDER_DAYS),
                    expiry_reminder_sent_at__isnull=True,
                )
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("organisation")
                .order_by("pk")[:BATCH]
            )
            for offer in batch:
                offer.expiry_reminder_sent_at = now
                offer.save(update_fields=["expiry_reminder_sent_at"])
                emails.send_offer_expiring(offer)
        done += len(batch)
        if len(batch) < BATCH:
            return done


# --- Candidates ---------------------------------------------------------------------


def apply(
    offer_id: int, *, acting_user: User, message: str, cv: UploadedFile | None = None
) -> Application:
    """Apply to an offer with a message and a CV: the PDF uploaded (already checked by its
    content), or else the one on the candidate's profile, copied so that the application
    keeps what was sent. One application per offer and candidate."""
    _check_length("message", message, Application._meta.get_field("message").max_length)
    offer = Offer.objects.visible_to(acting_user).select_related("organisation").get(pk=offer_id)
    if not offer.takes_applications_here:
        raise NotAppliedHere
    if Application.objects.filter(offer=offer, candidate=acting_user).exists():
        raise AlreadyApplied
    if cv is None:
        resume = resume_of(acting_user)
        if resume is None or not resume.cv:
            raise NoCv
        with resume.cv.open("rb") as source:
            cv = ContentFile(source.read())
    application = Application(offer=offer, candidate=acting_user, message=message.strip())
    application.cv.save("cv.pdf", cv, save=False)
    try:
        with transaction.atomic():
            application.save()
            emails.send_application_received(application)
            emails.send_application_sent(application)
    except IntegrityError:  # a second click at the same moment
        application.cv.delete(save=False)
        raise AlreadyApplied from None
    return application


def set_application_status(application_id: int, status: str, *, acting_user: User) -> Application:
    """The recruiter shortlists or declines an application; the candidate is told."""
    with transaction.atomic():
        application = (
            Application.objects.received_by(acting_user)
            .select_for_update(of=("self",))
            .select_related("offer__organisation", "candidate")
            .get(pk=application_id)
        )
        application.set_status(status)
        application.save(update_fields=["status", "status_changed_at"])
        emails.send_application_status(application)
    return application


def add_favourite(offer_id: int, *, acting_user: User) -> Favourite:
    offer = Offer.objects.visible_to(acting_user).get(pk=offer_id)
    favourite, _created = Favourite.objects.get_or_create(user=acting_user, offer=offer)
    return favourite


def remove_favourite(offer_id: int, *, acting_user: User) -> None:
    """Possible even once the offer is no longer published."""
    Favourite.objects.filter(user=acting_user, offer_id=offer_id).delete()
