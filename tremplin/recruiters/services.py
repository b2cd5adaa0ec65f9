"""The verbs of recruiter registration: register, confirm the address, the colleagues'
answer when the organisation has recruiters already, accept, reject."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from tremplin.accounts.models import LegalDocument, User
from tremplin.accounts.permissions import Permission, may
from tremplin.accounts.services import accept_document, account_with_email
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.links import LinkInvalid
from tremplin.lib.ratelimit import RateLimit, RateLimited
from tremplin.recruiters import emails
from tremplin.recruiters.models import (
    ConfirmationLink,
    JoinRequest,
    Organisation,
    Recruiter,
)

# Registrations cost an Argon2 hash and send a mail: a few per network and per address.
PER_IP = RateLimit("recruiter-registration-ip", limit=10, period=3600, per_address=True)
PER_EMAIL = RateLimit("recruiter-registration-email", limit=5, period=24 * 3600)


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    siret: str
    address: str
    postcode: str
    city: str
    country: str
    sector: str
    size: str
    website: str = ""


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    job_title: str
    phone: str
    email: str
    password: str


def register(
    organisation: OrganisationDetails,
    person: PersonDetails,
    *,
    language: str,
    ip_address: str | None,
) -> Organisation | None:
    """Take a recruiter's registration; return the registered organisation the person
    joins when its SIRET is already known (the details they typed for it are ignored).

    Whether the address is new or not, the page and the work are the same, and one mail
    goes to the address: the link to confirm it for a new registration, "you already
    have an account" otherwise. The account stays inactive until an administrator
    accepts it.
    """
    email = person.email.strip().lower()
    allowed = [PER_IP.hit(ip_address), PER_EMAIL.hit(email)]
    if not all(allowed):
        raise RateLimited
    with transaction.atomic():
        existing = account_with_email(email)
        if existing is not None:
            make_password(person.password)  # the same work as a registration: time tells nothing
            _answer_known_address(existing, email, language)
            return Organisation.objects.filter(siret=organisation.siret).first()
        user = User(
            username=f"local:{secrets.token_hex(10)}",
            kind=User.Kind.RECRUITER,
            email=email,
            first_name=person.first_name,
            last_name=person.last_name,
            language=language,
            is_active=False,  # until an administrator accepts the registration
        )
        user.set_password(person.password)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        target, created = Organisation.objects.get_or_create(
            siret=organisation.siret,
            defaults={k: v for k, v in vars(organisation).items() if k != "siret"},
        )
        known_before = not created
        recruiter = Recruiter.objects.create(
            user=user,
            organisation=target,
            job_title=person.job_title,
            phone=person.phone,
            joined_existing=known_before,
        )
        terms = LegalDocument.objects.current(LegalDocument.Kind.TERMS)
        if terms is not None:
            accept_document(user, terms, ip_address=ip_address)
        record(
            Action.RECRUITER_REGISTERED,
            actor=user,
            target=recruiter,
            ip_address=ip_address,
            siret=target.siret,
            joined_existing=known_before,
        )
        emails.send_registration_received(recruiter)
    return target if known_before else None


def _answer_known_address(user: User, email: str, language: str) -> None:
    recruiter = Recruiter.objects.filter(user=user, status=Recruiter.Status.AWAITING_EMAIL).first()
    if recruiter is not None:
        # The person registered and lost the link (or it expired): send a new one.
        emails.send_registration_received(recruiter)
    else:
        emails.send_account_exists(email, user.language or language)


def recruiter_for_link(link: ConfirmationLink) -> Recruiter:
    recruiter = (
        Recruiter.objects.select_related("user", "organisation")
        .filter(pk=link.recruiter_id, user__email__iexact=link.email)
        .first()
    )
    if recruiter is None:
        raise LinkInvalid
    return recruiter


def confirm_email(link: ConfirmationLink, *, request: HttpRequest) -> Recruiter:
    """The recruiter followed the e-mailed link: their address is verified (by allauth's
    adapter, as for any address) and the registration goes to the administrators; or,
    when the organisation has accepted recruiters, to them first (a `JoinRequest`, mailed
    to each of them): its SIRET is public, and an accepted recruiter reads every
    application the organisation receives.

    Following the link again changes nothing. `request` is allauth's: its confirmation
    adds a message to the next page.
    """
    with transaction.atomic():
        recruiter = (
            Recruiter.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .filter(pk=link.recruiter_id, user__email__iexact=link.email)
            .first()
        )
        if recruiter is None:
            raise LinkInvalid
        if not recruiter.allows("confirm_email"):
            return recruiter
        address = EmailAddress.objects.filter(
            user=recruiter.user, email__iexact=link.email
        ).first()
        if address is None:
            raise LinkInvalid
        if not address.verified and not get_adapter(request).confirm_email(request, address):
            raise LinkInvalid  # another account verified this address first
        colleagues = open_colleagues(recruiter)
        recruiter.email_confirmed(ask_colleagues=bool(colleagues))
        recruiter.save(update_fields=["status"])
        record(Action.RECRUITER_EMAIL_CONFIRMED, actor=recruiter.user, target=recruiter)
        if colleagues:
            join = JoinRequest.objects.create(recruiter=recruiter)
            record(
                Action.RECRUITER_JOIN_REQUESTED,
                actor=recruiter.user,
                target=recruiter,
                organisation=recruiter.organisation.name,
                siret=recruiter.organisation.siret,
                asked=[colleague.email for colleague in colleagues],
            )
            emails.send_join_request(join, colleagues)
    return recruiter


def open_colleagues(recruiter: Recruiter) -> list[User]:
    """The recruiters of the recruiter's organisation whose account is open: they read its
    applications, and they answer the requests to join it."""
    return [
        other.user
        for other in Recruiter.objects.filter(
            organisation=recruiter.organisation_id,
            status=Recruiter.Status.ACCEPTED,
            user__is_active=True,
        )
        .exclude(pk=recruiter.pk)
        .select_related("user")
    ]


# --- The organisation's recruiters answer a request to join it ---------------------------


def _locked_request(request_id: int, acting_user: User) -> JoinRequest:
    """The request, its row locked: every change of a registration that waits for the
    colleagues goes through it, so of two answers at once the second waits, then reads
    the first's and is refused (TransitionRefused)."""
    in_scope = JoinRequest.objects.in_scope_of(acting_user)
    return in_scope.select_related("recruiter__user", "recruiter__organisation").locked(request_id)


def confirm_colleague(
    request_id: int, *, acting_user: User, ip_address: str | None = None
) -> JoinRequest:
    """A recruiter of the organisation confirms that the person works with them: the
    registration goes to the administrators, who decide as for any other."""
    with transaction.atomic():
        join = _locked_request(request_id, acting_user)
        join.accept(by=acting_user)
        join.save()
        recruiter = join.recruiter
        recruiter.move("to_administrators")
        recruiter.save(update_fields=["status"])
        record(
            Action.RECRUITER_JOIN_CONFIRMED,
            actor=acting_user,
            target=recruiter,
            ip_address=ip_address,
            organisation=recruiter.organisation.name,
        )
    return join


def refuse_colleague(
    request_id: int, *, acting_user: User, reason: str, ip_address: str | None = None
) -> JoinRequest:
    """A recruiter of the organisation says the person does not work with them: the
    registration is refused, with their reason, which is mailed; the account stays closed
    and never reaches the administrators."""
    with transaction.atomic():
        join = _locked_request(request_id, acting_user)
        join.reject(by=acting_user, reason=reason)
        join.save()
        recruiter = join.recruiter
        recruiter.refused_by_colleague(by=acting_user, reason=reason)
        recruiter.save()
        record(
            Action.RECRUITER_JOIN_REFUSED,
            actor=acting_user,
            target=recruiter,
            ip_address=ip_address,
            organisation=recruiter.organisation.name,
            reason=recruiter.rejection_reason,
        )
        emails.send_rejected(recruiter)
    return join


def forward_unanswered_requests(*, now=None) -> int:
    """Requests no colleague answered in time go to the administrators, whose page says
    so; return how many (none the second time)."""
    done = 0
    with transaction.atomic():
        for join in (
            JoinRequest.objects.unanswered(now=now)
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("recruiter__organisation")
        ):
            join.unanswered()
            join.save(update_fields=["status"])
            join.recruiter.move("to_administrators")
            join.recruiter.save(update_fields=["status"])
            record(
                Action.RECRUITER_JOIN_UNANSWERED,
                actor=None,
                target=join.recruiter,
                organisation=join.recruiter.organisation.name,
            )
            done += 1
    return done


def _locked(recruiter_id: int, acting_user: User) -> Recruiter:
    in_scope = Recruiter.objects.in_scope_of(acting_user)
    return in_scope.select_related("user", "organisation").locked(recruiter_id)


def accept(recruiter_id: int, *, acting_user: User, ip_address: str | None = None) -> Recruiter:
    """Open the recruiter's account. Of two administrators deciding at once, the second
    waits for the first, then gets TransitionRefused."""
    with transaction.atomic():
        recruiter = _locked(recruiter_id, acting_user)
        recruiter.accept(by=acting_user)
        recruiter.save()
        recruiter.user.is_active = True
        recruiter.user.save(update_fields=["is_active"])
        record(
            Action.RECRUITER_ACCEPTED,
            actor=acting_user,
            target=recruiter,
            ip_address=ip_address,
            organisation=recruiter.organisation.name,
            siret=recruiter.organisation.siret,
        )
        emails.send_accepted(recruiter)
    return recruiter


def reject(
    recruiter_id: int, *, acting_user: User, reason: str, ip_address: str | None = None
) -> Recruiter:
    """Refuse the registration with a reason, which is e-mailed; the account stays closed."""
    with transaction.atomic():
        recruiter = _locked(recruiter_id, acting_user)
        recruiter.reject(by=acting_user, reason=reason)
        recruiter.save()
        record(
            Action.RECRUITER_REJECTED,
            actor=acting_user,
            target=recruiter,
            ip_address=ip_address,
            organisation=recruiter.organisation.name,
            siret=recruiter.organisation.siret,
            reason=recruiter.rejection_reason,
        )
        emails.send_rejected(recruiter)
    return recruiter


def colleagues(recruiter: Recruiter) -> list[Recruiter]:
    """The other recruiters of the organisation, for the administrator deciding."""
    return list(
        Recruiter.objects.filter(organisation=recruiter.organisation_id)
        .exclude(pk=recruiter.pk)
        .select_related("user")
    )


def set_trusted(
    organisation_id: int, trusted: bool, *, acting_user: User, ip_address: str | None = None
) -> Organisation:
    """An administrator trusts an organisation (its offers are published without
    moderation) or withdraws that trust. Logged either way."""
    if not may(acting_user, Permission.ORGANISATIONS_TRUST):
        raise PermissionDenied("Only administrators decide which organisations are trusted.")
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.trusted != trusted:
            organisation.trusted = trusted
            organisation.save(update_fields=["trusted"])
            record(
                Action.ORGANISATION_TRUSTED if trusted else "organisation.untrusted",
                actor=acting_user,
                target=organisation,
                ip_address=ip_address,
                siret=organisation.siret,
            )
    return organisation
