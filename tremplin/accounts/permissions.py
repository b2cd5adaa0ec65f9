"""Who may do what: named rights with scopes.

`roles_of(user)` is read once per request and kept on the user object. The querysets
of each app (`in_scope_of(user)`) use the same assignments, so a list and a detail page
agree: an object outside one's scope is absent from the list and a 404 on its page.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from tremplin.accounts.mfa import ask_for_mfa, has_recent_mfa
from tremplin.accounts.models import ExternalIdentity, RoleAssignment, User

Role = RoleAssignment.Role


def roles_of(user) -> list[RoleAssignment]:
    """Only staff members hold roles (`grant_role` refuses anybody else): a role found on
    another account, written some other way, gives nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.kind != User.Kind.STAFF:
        return []
    cached = getattr(user, "_tremplin_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("composante", "vet"))
        user._tremplin_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return any(assignment.role in roles for assignment in roles_of(user))


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMIN)


def is_back_office_user(user) -> bool:
    return bool(roles_of(user))


def scope_filter(user, *, composante: str, vet: str) -> Q:
    """What the user's validating roles cover, as a filter on any model.

    `composante` and `vet` name the model's lookups to a composante and a VET (for users:
    "composantes" and "vets"). Administrators cover everything; a responsable composante
    covers their composantes, a responsable VET their VETs; anybody else covers nothing.
    """
    roles = roles_of(user)
    if any(r.role == Role.ADMIN for r in roles):
        return Q()
    scope = Q(pk__in=[])
    composantes = [r.composante_id for r in roles if r.role == Role.COMPOSANTE_MANAGER]
    vets = [r.vet_id for r in roles if r.role == Role.VET_MANAGER]
    if composantes:
        scope |= Q(**{f"{composante}__in": composantes})
    if vets:
        scope |= Q(**{f"{vet}__in": vets})
    return scope


class Permission(StrEnum):
    """Every right, each with the roles that hold it: the one list of who may do what.

    A right on an object is further limited by the object's scope: `may(user, right, obj)`
    asks the object's queryset (`in_scope_of(user)`). Views ask `right_required(right)`,
    services `may(acting_user, right)`; a floor below accounts, which cannot import this
    module, asks Django's `user.has_perm("<right>")`, which `AdministratorBackend` answers
    from here.
    """

    roles: frozenset[str]

    def __new__(cls, value: str, *roles: str) -> Permission:
        member = str.__new__(cls, value)
        member._value_ = value
        member.roles = frozenset(roles)
        return member

    PEOPLE_VIEW = "people.view", Role.ADMIN, Role.COMPOSANTE_MANAGER, Role.VET_MANAGER
    GRADUATES_VALIDATE = (
        "graduates.validate",
        Role.ADMIN,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    RECRUITERS_VALIDATE = "recruiters.validate", Role.ADMIN
    ROLES_MANAGE = "roles.manage", Role.ADMIN
    REGISTRY_IMPORT = "registry.import", Role.ADMIN
    LEGAL_EDIT = "legal.edit", Role.ADMIN
    AUDIT_VIEW = "audit.view", Role.ADMIN
    JOBS_VIEW = "jobs.view", Role.ADMIN  # the periodic jobs and their failures
    # Offers: administrators and career advisers all of them, responsables those aimed at
    # their composante or VET (Offer.objects.in_scope_of).
    OFFERS_MODERATE = (
        "offers.moderate",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    ORGANISATIONS_TRUST = "organisations.trust", Role.ADMIN
    ACCOUNTS_MERGE = "accounts.merge", Role.ADMIN
    # Events: staff create and run those of their scope (check-in, registrants, exports),
    # and moderate recruiters' proposals and stand requests within the same scope
    # (Event.objects.in_scope_of), as offers are moderated.
    EVENTS_MANAGE = (
        "events.manage",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    EVENTS_MODERATE = (
        "events.moderate",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    # Newsletters: administrators and career advisers to anybody, responsables to the
    # people of their composante or VET (Newsletter.objects.in_scope_of).
    NEWSLETTERS_SEND = (
        "newsletters.send",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    # Figures and exports (tremplin.reports): each section and each kind of export is
    # further limited to what the right above it lets one see (people, claims, offers),
    # and to its scope.
    STATS_VIEW = (
        "stats.view",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )
    DATA_EXPORT = (
        "data.export",
        Role.ADMIN,
        Role.CAREER_ADVISER,
        Role.COMPOSANTE_MANAGER,
        Role.VET_MANAGER,
    )


def may(user, right: Permission, obj=None) -> bool:
    """May `user` exercise `right` (on `obj`, when given)? An unknown right is an error,
    not a refusal: `Permission(right)` raises ValueError on a misspelt name."""
    holders = Permission(right).roles
    if not any(r.role in holders for r in roles_of(user)):
        return False
    if obj is None:
        return True
    return type(obj).objects.in_scope_of(user).filter(pk=obj.pk).exists()


# --- Who is who: the kinds of people the platform serves -----------------------------

CANDIDATE_KINDS = (User.Kind.STUDENT, User.Kind.GRADUATE)


def is_candidate(user) -> bool:
    """Students and graduates: the people offers are aimed at, who apply and keep a CV."""
    return bool(getattr(user, "is_authenticated", False) and user.kind in CANDIDATE_KINDS)


def is_open_recruiter(user) -> bool:
    """A recruiter whose account is open: a recruiter's account, active, whose registration
    an administrator accepted. Only they act for their organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    profile = getattr(user, "recruiter", None) if user.kind == User.Kind.RECRUITER else None
    return profile is not None and profile.is_accepted


class AdministratorBackend(BaseBackend):
    """Administrators hold every Django permission (the Django admin relies on them), and
    `user.has_perm("<right>")` answers a named right as `may` does.

    It authenticates nobody: it only answers permission questions, so the role stays
    the single source of truth instead of `is_superuser` flags kept in sync by hand.
    """

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm in Permission._value2member_map_:
            return may(user_obj, Permission(perm), obj)
        return is_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return is_administrator(user_obj)


def staff_login_url() -> str:
    """The staff sign-in this university uses: the ENT's CAS, or the LDAP form."""
    if settings.STAFF_LOGIN_METHOD == "ldap":
        return reverse("accounts:staff_ldap_login")
    return reverse("accounts:staff_login")


def staff_identity_provider() -> str:
    return (
        ExternalIdentity.Provider.LDAP
        if settings.STAFF_LOGIN_METHOD == "ldap"
        else ExternalIdentity.Provider.CAS
    )


def _require(test, *, administrators_only: bool = False):
    """A view decorator: anonymous visitors go to the staff sign-in, others without the
    right get a 404 (the page's existence is not theirs to know). A page only
    administrators reach (`administrators_only`) asks first for a recent TOTP check,
    whatever the way they signed in (mfa.py)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), staff_login_url())
            if not test(request.user):
                raise Http404
            if administrators_only and not has_recent_mfa(request):
                return ask_for_mfa(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _is_staff(user) -> bool:
    return user.kind == User.Kind.STAFF


def right_required(right: Permission):
    right = Permission(right)  # a misspelt right fails when the view is declared
    return _require(lambda user: may(user, right), administrators_only=right.roles == {Role.ADMIN})


staff_required = _require(_is_staff)
administrator_required = _require(is_administrator, administrators_only=True)


def _for_people(test):
    """A view decorator for the public side: anonymous visitors go to the sign-in page,
    signed-in people who fail `test` get a 404."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


candidate_required = _for_people(is_candidate)
# Who keeps an event's door (check-in, registrants, exports): staff with the right, and
# recruiters, for the events their organisation proposed (the event's queryset says which).
events_organiser_required = _require(
    lambda user: may(user, Permission.EVENTS_MANAGE) or is_open_recruiter(user)
)
recruiter_required = _for_people(is_open_recruiter)
