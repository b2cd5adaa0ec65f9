"""The verbs of accounts: signing in from the directory, legal texts and their acceptance,
roles."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.directory_profile import DirectoryProfile
from tremplin.accounts.models import (
    Acceptance,
    ExternalIdentity,
    LegalDocument,
    RoleAssignment,
    User,
)
from tremplin.accounts.permissions import Permission, may
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


@transaction.atomic
def sign_in_from_directory(profile: DirectoryProfile, *, provider: str) -> User:
    """Find or create the user behind a directory identity and bring it up to date.

    The user is found by (provider, uid) only. Students' composante and VET groups follow
    the attributes of each sign-in. A graduate whose ENT account still works keeps the
    graduate profile; anybody else the directory does not call student or staff is refused.
    """
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, uid=profile.uid)
        .first()
    )
    user = identity.user if identity else None
    audience = profile.audience
    if audience is None:
        if user is not None and user.kind == User.Kind.GRADUATE:
            audience = User.Kind.GRADUATE
        else:
            raise AudienceRefused(profile.uid)

    if user is None:
        user = User(username=f"{provider}:{profile.uid}")
        user.set_unusable_password()
    user.kind = audience
    user.email = profile.email or user.email
    user.first_name = profile.first_name or user.first_name
    user.last_name = profile.last_name or user.last_name
    if audience == User.Kind.STUDENT and profile.student_number:
        user.student_number = profile.student_number
    user.save()

    mapped = {
        "email": profile.email,
        "affiliations": sorted(profile.affiliations),
        "composante": profile.composante_code,
        "vet": profile.vet_code,
    }
    if identity is None:
        identity = ExternalIdentity(user=user, provider=provider, uid=profile.uid)
    if profile.email:
        _record_directory_email(user, profile.email)
    identity.last_attributes = mapped
    identity.last_login_at = timezone.now()
    identity.save()

    if audience == User.Kind.STUDENT:
        composante = Composante.objects.filter(code=profile.composante_code).first()
        vet = _vet_for(profile.vet_code)
        if profile.composante_code and composante is None:
            logger.warning("Unknown composante %r for %s", profile.composante_code, profile.uid)
        if profile.vet_code and vet is None:
            logger.warning("Unknown VET %r for %s", profile.vet_code, profile.uid)
        user.composantes.set([composante] if composante else [])
        user.vets.set([vet] if vet else [])
    return user


def _record_directory_email(user: User, email: str) -> None:
    """The directory vouches for its address: it is a verified address of the account, so
    "Mot de passe oublié" reaches the person once the ENT account is gone."""
    if EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists():
        logger.warning("%s is already the address of another account", email)
        return
    has_other_primary = (
        EmailAddress.objects.filter(user=user, primary=True).exclude(email=email).exists()
    )
    EmailAddress.objects.update_or_create(
        user=user,
        email=email,
        defaults={
            "verified": True,
            "primary": not has_other_primary,
        },
    )


def account_with_email(email: str) -> User | None:
    """The account using this address, as its main address or one of its addresses."""
    return (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .distinct()
        .first()
    )


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
        record("document.accepted", actor=user, target=document, ip_address=ip_address)
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
    record("legal.published", actor=acting_user, target=document, ip_address=ip_address)
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
        "role.granted",
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
        "role.revoked",
        actor=acting_user,
        target=assignment.user,
        ip_address=ip_address,
        role=assignment.role,
        scope=str(assignment.composante or assignment.vet or ""),
    )
    assignment.delete()
