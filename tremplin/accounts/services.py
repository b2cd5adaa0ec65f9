"""The verbs of accounts: signing in from the directory, the addresses that identify
people, legal texts and their acceptance, roles."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts import emails
from tremplin.accounts.ent_person import EntPerson
from tremplin.accounts.models import (
    Acceptance,
    ExternalIdentity,
    LegalDocument,
    RoleAssignment,
    User,
)
from tremplin.accounts.permissions import Permission, may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.models import Composante, Vet

logger = logging.getLogger(__name__)


class AudienceRefused(Exception):
    """The directory says this person is neither a student nor staff."""


class RoleError(Exception):
    pass


def _vet_for(code: str) -> Vet | None:
    """A VET from its code as the directory gives it: "L3INF" or "L3INF-1" (code-version)."""
    if not code:
        return None
    vets = Vet.objects.filter(code=code).order_by("-version")
    if not vets.exists() and "-" in code:
        base, _, version = code.rpartition("-")
        vets = Vet.objects.filter(code=base, version=version)
    return vets.first()


def sign_in_from_ent(person: EntPerson, *, provider: str) -> User:
    """Find or create the user behind an ENT identity and bring it up to date.

    The user is found by (provider, uid) only. Students' composante and VET groups follow
    the attributes of each sign-in. A graduate whose ENT account still works keeps the
    graduate kind; anybody else the directory does not call student or staff is refused.
    A staff member the directory no longer calls staff loses their roles at this sign-in
    (see `lapse_roles_of_identity`): the directory, not a past grant, says who is staff.
    """
    if person.audience != User.Kind.STAFF:
        lapse_roles_of_identity(provider, person.uid)
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider, uid=person.uid)
            .first()
        )
        user = identity.user if identity else None
        audience = person.audience
        if audience is None:
            if user is not None and user.kind == User.Kind.GRADUATE:
                audience = User.Kind.GRADUATE
            else:
                raise AudienceRefused(person.uid)

        if user is None:
            user = User(username=f"{provider}:{person.uid}")
            user.set_unusable_password()
        user.kind = audience
        user.email = person.email or user.email
        user.first_name = person.first_name or user.first_name
        user.last_name = person.last_name or user.last_name
        if audience == User.Kind.STUDENT and person.student_number:
            user.student_number = person.student_number
        user.save()

        mapped = {
            "email": person.email,
            "affiliations": sorted(person.affiliations),
            "composante": person.composante_code,
            "vet": person.vet_code,
        }
        if identity is None:
            identity = ExternalIdentity(user=user, provider=provider, uid=person.uid)
        if person.email and not record_verified_address(user, person.email):
            # The directory vouches for it, but another account verified it first.
            logger.warning("%s is already the address of another account", person.email)
        identity.last_attributes = mapped
        identity.last_login_at = timezone.now()
        identity.save()

        if audience == User.Kind.STUDENT:
            composante = Composante.objects.filter(code=person.composante_code).first()
            vet = _vet_for(person.vet_code)
            if person.composante_code and composante is None:
                logger.warning("Unknown composante %r for %s", person.composante_code, person.uid)
            if person.vet_code and vet is None:
                logger.warning("Unknown VET %r for %s", person.vet_code, person.uid)
            user.composantes.set([composante] if composante else [])
            user.vets.set([vet] if vet else [])
    return user


# --- The addresses that identify people -------------------------------------------------


def _normalised(emails: Iterable[str]) -> list[str]:
    # allauth and Tremplin store addresses in lower case (EmailAddress.clean, the forms).
    return [email.strip().lower() for email in emails if email and email.strip()]


def verified_addresses(emails: Iterable[str]) -> QuerySet[EmailAddress]:
    """The verified addresses among these, each naming the one account it identifies.

    Only a verified address identifies anybody: anyone signed in may add any address to
    their account (allauth's "Manage my e-mail addresses") without proving they read it,
    so an unverified address, or `User.email` (which can be set from one), says nothing
    about who owns it. Registrations, "Mot de passe oublié", the merge of an institutional
    registration into a student account and the graduation of students all look people
    up here.
    """
    return EmailAddress.objects.filter(email__in=_normalised(emails), verified=True)


def account_with_email(email: str) -> User | None:
    """The account this address identifies (see `verified_addresses`), if any."""
    address = verified_addresses([email]).select_related("user").first()
    return address.user if address is not None else None


def record_verified_address(user: User, email: str) -> bool:
    """Record `email` as a verified address of `user`, because something Tremplin trusts
    vouches for it: the directory, a registry row, a link the person followed from that
    mailbox. Return False, changing nothing, when another account verified it first: an
    address identifies one account (allauth's unique verified e-mail constraint).

    Other accounts' unverified copies of the address are squats or stale registrations
    that can never be verified now: they are removed (`release_unverified_copies`). The
    address becomes the primary one unless the account has another primary already.
    """
    (email,) = _normalised([email])
    if EmailAddress.objects.filter(email=email, verified=True).exclude(user=user).exists():
        return False
    release_unverified_copies(email, keep=user)
    has_other_primary = (
        EmailAddress.objects.filter(user=user, primary=True).exclude(email=email).exists()
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": not has_other_primary}
    )
    return True


def release_unverified_copies(email: str, *, keep: User) -> int:
    """Remove the unverified copies of `email` held by accounts other than `keep`, which
    now owns it. Return how many."""
    deleted, _ = (
        EmailAddress.objects.filter(email__in=_normalised([email]), verified=False)
        .exclude(user=keep)
        .delete()
    )
    return deleted


def current_charter() -> LegalDocument | None:
    return LegalDocument.objects.current(LegalDocument.Kind.CHARTER)


def must_accept_charter(user) -> bool:
    if not user.is_authenticated or user.kind != User.Kind.STAFF:
        return False
    charter = current_charter()
    return (
        charter is not None and not Acceptance.objects.filter(user=user, document=charter).exists()
    )


@transaction.atomic
def accept_document(user: User, document: LegalDocument, *, ip_address: str | None) -> Acceptance:
    acceptance, created = Acceptance.objects.get_or_create(
        user=user, document=document, defaults={"ip_address": ip_address}
    )
    if created:
        record(Action.DOCUMENT_ACCEPTED, actor=user, target=document, ip_address=ip_address)
    return acceptance


def _check_may_manage_roles(acting_user: User | None) -> None:
    """Only those who hold `roles.manage` give and remove roles. `acting_user=None` is the
    system: the `grant_role` command (run by whoever operates the server, which is how the
    first administrator comes) and the demo data; no request ever passes None."""
    if acting_user is not None and not may(acting_user, Permission.ROLES_MANAGE):
        raise PermissionDenied("Only administrators give and remove roles.")


@transaction.atomic
def publish_legal_document(
    kind: str,
    *,
    title_fr: str,
    title_en: str,
    body_fr: str,
    body_en: str,
    acting_user,
    ip_address: str | None = None,
) -> LegalDocument:
    """Publish a new version. For the charter and the CGU, people are asked to accept it.
    Only those who hold `legal.edit` publish: the service checks it, whoever calls it."""
    if not may(acting_user, Permission.LEGAL_EDIT):
        raise PermissionDenied("Only administrators publish legal texts.")
    last = LegalDocument.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    document = LegalDocument.objects.create(
        kind=kind,
        version=last + 1,
        title_fr=title_fr,
        title_en=title_en,
        body_fr=body_fr,
        body_en=body_en,
        published_by=acting_user,
    )
    record(Action.LEGAL_PUBLISHED, actor=acting_user, target=document, ip_address=ip_address)
    return document


@transaction.atomic
def grant_role(
    user: User,
    role: str,
    *,
    acting_user: User | None,
    composante: Composante | None = None,
    vet: Vet | None = None,
    ip_address: str | None = None,
) -> RoleAssignment:
    _check_may_manage_roles(acting_user)
    if role in (RoleAssignment.Role.ADMIN, RoleAssignment.Role.CAREER_ADVISER):
        if composante or vet:
            raise RoleError(_("This role has no scope."))
    elif role == RoleAssignment.Role.COMPOSANTE_MANAGER:
        if composante is None or vet is not None:
            raise RoleError(_("Choose the composante this role covers."))
    elif role == RoleAssignment.Role.VET_MANAGER:
        if vet is None or composante is not None:
            raise RoleError(_("Choose the VET this role covers."))
    else:
        raise RoleError(_("Unknown role."))
    if user.kind != User.Kind.STAFF:
        raise RoleError(_("Only staff members can hold a role."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        composante=composante,
        vet=vet,
        defaults={"granted_by": acting_user},
    )
    if not created:
        raise RoleError(_("%(user)s already has this role.") % {"user": user})
    record(
        Action.ROLE_GRANTED,
        actor=acting_user,
        target=user,
        ip_address=ip_address,
        role=role,
        scope=str(composante or vet or ""),
    )
    return assignment


@transaction.atomic
def revoke_role(
    assignment: RoleAssignment, *, acting_user: User | None, ip_address: str | None = None
) -> None:
    _check_may_manage_roles(acting_user)
    if (
        assignment.role == RoleAssignment.Role.ADMIN
        and RoleAssignment.objects.filter(role=RoleAssignment.Role.ADMIN).count() == 1
    ):
        raise RoleError(_("The last administrator cannot be removed."))
    record(
        Action.ROLE_REVOKED,
        actor=acting_user,
        target=assignment.user,
        ip_address=ip_address,
        role=assignment.role,
        scope=str(assignment.composante or assignment.vet or ""),
    )
    assignment.delete()


# --- Roles lapse when their holders leave ------------------------------------------------
#
# Staff sign in through the directory (CAS or LDAP) and hold no local password, so a person
# whose ENT account is closed cannot come back; their roles must not stay behind either,
# for the day the account is reopened or handed to someone else. Roles lapse when the
# directory says the person is no longer staff: at their sign-in, and every night where an
# LDAP directory can be searched (`lapse_departed_staff`); without one, after
# STAFF_ROLE_LAPSE_DAYS without a sign-in.


class LapseReason:
    DIRECTORY = "directory"  # the directory does not know them, or not as staff
    INACTIVE = "inactive"  # no sign-in for STAFF_ROLE_LAPSE_DAYS


@dataclass(frozen=True)
class Lapse:
    """What lapsing one person's roles did."""

    user: User
    reason: str
    removed: list[str]
    kept_last_administrator: bool = False


@transaction.atomic
def lapse_roles(user: User, *, reason: str) -> Lapse:
    """Remove every role of `user`, each with a `role.lapsed` audit row by the system.

    The last administrator (whom `revoke_role` never removes): when the directory says the
    person left, the role goes anyway, because keeping the keys with someone who left is
    the very hole this closes, and `manage.py grant_role admin <uid>` names a new
    administrator; it is logged as an error. When the person only stopped signing in, the
    role stays (they can come back only through the ENT, which would refuse them if they
    had left, and a platform without administrator helps nobody), and the administrators'
    mail and the log say so loudly.
    """
    # Lock every administrator's role: two lapses at once cannot each count on the other.
    administrators = list(
        RoleAssignment.objects.select_for_update()
        .filter(role=RoleAssignment.Role.ADMIN)
        .order_by("pk")  # the default ordering joins the scopes, which cannot be locked
    )
    others = [a for a in administrators if a.user_id != user.pk]
    removed, kept = [], False
    for assignment in RoleAssignment.objects.select_related("composante", "vet").filter(user=user):
        last_administrator = assignment.role == RoleAssignment.Role.ADMIN and not others
        if last_administrator and reason == LapseReason.INACTIVE:
            kept = True
            logger.error(
                "%s, the last administrator, has not signed in for %s days: the role is kept;"
                " name another administrator",
                user,
                settings.STAFF_ROLE_LAPSE_DAYS,
            )
            continue
        if last_administrator:
            logger.error(
                "%s, the last administrator, left the directory: the role is removed."
                " Name a new one with `manage.py grant_role admin <uid>`.",
                user,
            )
        record(
            Action.ROLE_LAPSED,
            actor=None,
            target=user,
            role=assignment.role,
            scope=str(assignment.composante or assignment.vet or ""),
            reason=reason,
            last_administrator=last_administrator,
        )
        removed.append(str(assignment))
        assignment.delete()
    user._tremplin_roles = None  # roles_of() must read them again
    return Lapse(user=user, reason=reason, removed=removed, kept_last_administrator=kept)


def lapse_roles_of_identity(provider: str, uid: str) -> Lapse | None:
    """The directory no longer calls this identity staff: its account's roles lapse."""
    user = User.objects.filter(
        identities__provider=provider, identities__uid=uid, roles__isnull=False
    ).first()
    return lapse_roles(user, reason=LapseReason.DIRECTORY) if user is not None else None


def _staff_holding_roles() -> QuerySet[User]:
    return User.objects.filter(kind=User.Kind.STAFF, roles__isnull=False).distinct()


def lapse_departed_staff(now: datetime) -> list[Lapse]:
    """The nightly check of who still holds roles (idempotent: a second run finds nothing).

    With an LDAP directory searched by a service account, everybody holding a role is
    looked up by their ENT uid: gone, or no longer staff, their roles lapse. Without one
    (Tremplin cannot tell a departure from an entry it may not read), the roles of staff
    who have not signed in for STAFF_ROLE_LAPSE_DAYS lapse. The administrators get a mail
    listing what lapsed.
    """
    if settings.LDAP_SERVER_URI and getattr(settings, "AUTH_LDAP_BIND_DN", ""):
        lapses = _lapse_left_the_directory()
    else:
        lapses = _lapse_inactive(now)
    lapses = [lapse for lapse in lapses if lapse.removed or lapse.kept_last_administrator]
    if lapses:
        administrators = list(
            User.objects.filter(roles__role=RoleAssignment.Role.ADMIN, is_active=True)
            .exclude(email="")
            .distinct()
        )
        with transaction.atomic():
            for administrator in administrators:
                emails.send_roles_lapsed(administrator, [vars(lapse) for lapse in lapses])
    return lapses


def _lapse_inactive(now: datetime) -> list[Lapse]:
    since = now - timedelta(days=settings.STAFF_ROLE_LAPSE_DAYS)
    # Someone given a role recently who has not signed in yet is not inactive.
    idle = (
        _staff_holding_roles()
        .filter(Q(last_login__lt=since) | Q(last_login=None))
        .exclude(roles__granted_at__gte=since)
    )
    return [lapse_roles(user, reason=LapseReason.INACTIVE) for user in idle]


def _lapse_left_the_directory() -> list[Lapse]:
    from tremplin.accounts.ldap import find_person  # python-ldap is an optional install
    from tremplin.accounts.staff_sign_in import LdapUnavailable

    departed = []
    people = list(_staff_holding_roles().prefetch_related("identities"))
    try:
        for user in people:
            uids = {identity.uid for identity in user.identities.all()}
            found = [find_person(uid) for uid in sorted(uids)]
            if not any(person and person.audience == User.Kind.STAFF for person in found):
                departed.append(user)
    except LdapUnavailable:
        logger.error("The directory did not answer: no role lapses tonight")
        return []
    if len(people) > 1 and len(departed) == len(people):
        # Every single holder gone at once is a search that finds nobody (a wrong base,
        # a service account that may not read), not a mass departure.
        logger.error(
            "The directory knows none of the %d staff holding roles: nothing lapses", len(people)
        )
        return []
    return [lapse_roles(user, reason=LapseReason.DIRECTORY) for user in departed]
