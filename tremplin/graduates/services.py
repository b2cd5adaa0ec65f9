"""The verbs of graduate registration: register, claim, validate, reject, graduate."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from tremplin.accounts.models import CannotGraduate, User
from tremplin.accounts.services import account_with_email, record_verified_address
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.models import Composante, RegistryEntry
from tremplin.directory.services import find_graduates
from tremplin.graduates import emails
from tremplin.graduates.models import (
    GraduateClaim,
    RegistrationLink,
    RegistrationRequest,
    identity_key,
    is_institutional,
)
from tremplin.lib.files import delete_file_on_commit
from tremplin.lib.links import LinkInvalid
from tremplin.lib.ratelimit import RateLimit, RateLimited
from tremplin.lib.text import name_key

logger = logging.getLogger(__name__)

# The answer tells whether the registry knows a name and a date of birth: nobody walks
# through the dates of one person. The limit per name leaves out the date (which is what
# such a sweep changes), so one name gets a few answers a day whatever the addresses and
# dates; the ceilings on all registrations (settings) stop a sweep spread over many
# names; the limits per address (an IPv6 client with its /64) and per e-mail stop one
# visitor alone.
PER_IP = RateLimit("graduate-registration-ip", limit=20, period=3600, per_address=True)
PER_NAME = RateLimit("graduate-registration-name", limit=5, period=24 * 3600)
PER_EMAIL = RateLimit("graduate-registration-email", limit=5, period=24 * 3600)
ALL = "all"


def _ceilings() -> list[RateLimit]:
    return [
        RateLimit(
            "graduate-registrations-hour",
            limit=settings.GRADUATE_REGISTRATIONS_PER_HOUR,
            period=3600,
        ),
        RateLimit(
            "graduate-registrations-day",
            limit=settings.GRADUATE_REGISTRATIONS_PER_DAY,
            period=24 * 3600,
        ),
    ]


class LinkUsed(LinkInvalid):
    pass


class AccountExists(Exception):
    """An account already uses this e-mail address."""


def _within_limits(*, last_name: str, first_name: str, email: str, ip_address: str | None) -> bool:
    """Count this registration; say whether every limit allows it.

    Every attempt counts against the limits of its address, name and e-mail, refused or
    not. Only those these allow count against the ceilings: a visitor the narrower limits
    already refuse cannot use up everybody's registrations."""
    allowed = [
        PER_IP.hit(ip_address),
        PER_NAME.hit(f"{name_key(last_name)}|{name_key(first_name)}"),
        PER_EMAIL.hit(email),
    ]
    if not all(allowed):
        return False
    for ceiling in _ceilings():
        count = ceiling.counter(ALL).add(1)
        if count > ceiling.limit:
            if count == ceiling.limit + 1:
                logger.warning(
                    "graduate registrations refused until the window ends: %s reached %d",
                    ceiling.scope,
                    ceiling.limit,
                )
            return False
    return True


def request_registration(
    *,
    last_name: str,
    first_name: str,
    birth_date: date,
    email: str,
    language: str,
    ip_address: str | None,
) -> None:
    """Take a registration and defer its answer.

    Whether or not the person is in the registry, the request does the same work and
    answers the same page: the registry is searched by the worker, and the answer goes
    to the e-mail address typed.
    """
    email = email.strip().lower()
    if not _within_limits(
        last_name=last_name, first_name=first_name, email=email, ip_address=ip_address
    ):
        raise RateLimited
    from tremplin.graduates.tasks import answer_graduate_registration

    with transaction.atomic():
        request = RegistrationRequest.objects.create(
            last_name=last_name,
            first_name=first_name,
            birth_date=birth_date,
            email=email,
            language=language,
        )
        answer_graduate_registration.defer(request_id=request.pk)


@transaction.atomic
def answer_registration(request: RegistrationRequest) -> str:
    """The worker's side: search the registry and e-mail the next step. Return the route.

    What was typed is deleted: the answer's link keeps what its next step needs."""
    link = RegistrationLink(
        route=RegistrationLink.ABSENT,
        email=request.email,
        language=request.language,
        last_name=request.last_name,
        first_name=request.first_name,
        birth_date=request.birth_date,
    )
    # A university mailbox that the registry holds proves the person at once; one it does
    # not hold goes on by name and date of birth, and the mail says why (`emails`).
    institutional = (
        list(
            RegistryEntry.objects.filter(institutional_email=request.email).values_list(
                "pk", flat=True
            )
        )
        if is_institutional(request.email)
        else []
    )
    if institutional:
        link.route, link.entry_ids = RegistrationLink.INSTITUTIONAL, institutional
    elif account_with_email(request.email):
        link = None
        emails.send_account_exists(request.email, request.language)
    else:
        found = find_graduates(request.last_name, request.first_name, request.birth_date)
        if found:
            link.route, link.entry_ids = RegistrationLink.FOUND, [e.pk for e in found]
    if link is not None:
        link.save()
        emails.send_registration_link(link)
    request.delete()
    return link.route if link is not None else "account_exists"


def open_link(token: str) -> RegistrationLink:
    """The link behind a token, if it is valid, recent and not used yet."""
    return RegistrationLink.objects.for_token(token)


def _use(link: RegistrationLink, *routes: str) -> RegistrationLink:
    """Take the link, in the transaction that creates the account: it creates one only.

    Its row is locked and deleted, with what the person typed: of two requests using the
    link at once, the second waits, then finds it gone (LinkUsed)."""
    if link.route not in routes:
        raise LinkInvalid
    try:
        locked = RegistrationLink.locked(link)
    except LinkInvalid:
        raise LinkUsed from None
    locked.delete()
    return locked


def diplomas_of(link: RegistrationLink) -> list[RegistryEntry]:
    return list(
        RegistryEntry.objects.filter(pk__in=link.entry_ids)
        .select_related("vet__composante")
        .order_by("-year_obtained")
    )


def _new_graduate(
    link: RegistrationLink, password: str, *, first_name: str, last_name: str
) -> User:
    if account_with_email(link.email):
        raise AccountExists
    user = User(
        username=f"local:{secrets.token_hex(10)}",
        email=link.email,
        first_name=first_name,
        last_name=last_name,
        language=link.language,
        is_active=False,  # until a moderator validates the claim
    )
    user.become_graduate()
    user.set_password(password)
    user.save()
    # The person followed a link sent to this address: the mailbox is proven.
    record_verified_address(user, link.email)
    return user


def _create_claim(**fields) -> GraduateClaim:
    claim = GraduateClaim.objects.create(
        identity_key=identity_key(fields["last_name"], fields["birth_date"]), **fields
    )
    record(Action.GRADUATE_CLAIMED, actor=claim.user, target=claim, route=claim.route)
    emails.send_claim_received(claim)
    return claim


def _registry_identity(link: RegistrationLink) -> dict:
    """The person as the registry writes them (NOM Prénoms), rather than as typed."""
    entry = RegistryEntry.objects.filter(pk__in=link.entry_ids).order_by("-year_obtained").first()
    if entry is None:
        raise LinkInvalid
    return {"last_name": entry.usage_name or entry.birth_name, "first_name": entry.first_names}


@transaction.atomic
def claim_diploma(link: RegistrationLink, entry: RegistryEntry, *, password: str) -> GraduateClaim:
    """The registry knows the person and they chose one of their diplomas."""
    if entry.pk not in link.entry_ids:
        raise LinkInvalid
    link = _use(link, RegistrationLink.FOUND)
    identity = _registry_identity(link)
    user = _new_graduate(link, password, **identity)
    return _create_claim(
        user=user,
        route=GraduateClaim.Route.DIPLOMA_FOUND,
        composante=entry.vet.composante,
        vet=entry.vet,
        registry_entry=entry,
        birth_date=link.birth_date,
        diploma_title=entry.vet.label,
        year_obtained=entry.year_obtained,
        **identity,
    )


@transaction.atomic
def claim_other_diploma(
    link: RegistrationLink,
    *,
    composante: Composante,
    diploma_title: str,
    year_obtained: int,
    message: str,
    password: str,
) -> GraduateClaim:
    """The registry knows the person but not the diploma they hold."""
    link = _use(link, RegistrationLink.FOUND)
    identity = _registry_identity(link)
    user = _new_graduate(link, password, **identity)
    return _create_claim(
        user=user,
        route=GraduateClaim.Route.DIPLOMA_NOT_FOUND,
        composante=composante,
        birth_date=link.birth_date,
        diploma_title=diploma_title,
        year_obtained=year_obtained,
        message=message,
        **identity,
    )


@transaction.atomic
def claim_absent(
    link: RegistrationLink,
    *,
    last_name: str,
    first_name: str,
    birth_date: date,
    composante: Composante,
    diploma_title: str,
    year_obtained: int,
    message: str,
    proof: UploadedFile | None,
    password: str,
) -> GraduateClaim:
    """The registry does not know the person: everything is declared, for an administrator."""
    link = _use(link, RegistrationLink.ABSENT)
    user = _new_graduate(link, password, first_name=first_name, last_name=last_name)
    claim = _create_claim(
        user=user,
        route=GraduateClaim.Route.ABSENT,
        declared_composante=composante,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        diploma_title=diploma_title,
        year_obtained=year_obtained,
        message=message,
    )
    if proof:
        claim.proof.save(f"{claim.pk}-{secrets.token_hex(8)}.pdf", proof, save=True)
    return claim


@transaction.atomic
def complete_institutional(link: RegistrationLink, *, password: str) -> User:
    """The person proved they read their university mailbox: validated at once.

    The account the address identifies (the student account of the same person, which
    the directory gave it) becomes their graduate account, with everything in it; an
    account that merely holds the address unverified is somebody else's.
    """
    link = _use(link, RegistrationLink.INSTITUTIONAL)
    entries = diplomas_of(link)
    if not entries:
        raise LinkInvalid
    user = account_with_email(link.email)
    if user is None:
        user = User(
            username=f"local:{secrets.token_hex(10)}",
            email=link.email,
            first_name=link.first_name,
            last_name=link.last_name,
            language=link.language,
        )
    try:
        user.become_graduate()
    except CannotGraduate:
        raise AccountExists from None
    user.is_active = True
    user.set_password(password)
    user.save()
    record_verified_address(user, link.email)
    latest = entries[0]
    last_name = user.last_name or link.last_name
    claim = GraduateClaim(
        user=user,
        route=GraduateClaim.Route.INSTITUTIONAL,
        composante=latest.vet.composante,
        vet=latest.vet,
        registry_entry=latest,
        last_name=last_name,
        first_name=user.first_name or link.first_name,
        identity_key=identity_key(last_name, latest.birth_date),
        diploma_title=latest.vet.label,
        year_obtained=latest.year_obtained,
    )
    claim.validate(by=None)  # the proof of the mailbox validates it: no moderator
    claim.save()
    _join_groups(user, [(e.vet.composante, e.vet) for e in entries])
    record(Action.GRADUATE_VALIDATED, actor=None, target=claim, route=claim.route)
    return user


def _join_groups(user: User, groups: Iterable[tuple[Composante | None, object | None]]) -> None:
    for composante, vet in groups:
        if composante is not None:
            user.composantes.add(composante)
        if vet is not None:
            user.vets.add(vet)


def decide_claim(
    claim_id: int,
    *,
    acting_user: User,
    validate: bool,
    reason: str = "",
    ip_address: str | None = None,
) -> GraduateClaim:
    """Validate or reject a claim within the moderator's scope.

    The claim row is locked: of two moderators deciding at once, the second waits, then
    finds it decided and gets TransitionRefused.
    """
    with transaction.atomic():
        claim = (
            GraduateClaim.objects.in_scope_of(acting_user).select_related("user").locked(claim_id)
        )
        if validate:
            claim.validate(by=acting_user)
        else:
            claim.reject(by=acting_user, reason=reason)
        user = claim.user
        if validate:
            user.is_active = True
            user.save(update_fields=["is_active"])
            _join_groups(user, [(claim.group_composante, claim.vet)])
            emails.send_claim_validated(claim)
        else:
            emails.send_claim_rejected(claim)
        if claim.proof:  # the proof has served: it is not kept
            delete_file_on_commit(claim.proof)
            claim.proof = ""
        claim.save()
        record(
            Action.GRADUATE_VALIDATED if validate else Action.GRADUATE_REJECTED,
            actor=acting_user,
            target=claim,
            ip_address=ip_address,
            route=claim.route,
            reason=claim.rejection_reason,
        )
    return claim


def possible_duplicates(claim: GraduateClaim) -> list[User]:
    """Other accounts that may be the same person, for the moderator to look at: the same
    last name and date of birth on one of their claims, decided or not (`identity_key`),
    or the same student number in the registry."""
    same = Q(graduate_claims__identity_key=claim.identity_key) if claim.identity_key else Q()
    if claim.registry_entry_id:
        number = claim.registry_entry.student_number
        same |= Q(student_number=number) | Q(
            graduate_claims__registry_entry__student_number=number
        )
    if not same:
        return []
    others = User.objects.exclude(pk=claim.user_id)
    return list(others.filter(same).distinct()[:10])
