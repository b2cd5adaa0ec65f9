"""Who may do what: named rights with scopes.

`roles_of(user)` is read once per request and kept on the user object. The querysets
of each app (`in_scope_of(user)`) use the same assignments, so a list and a detail page
agree: an object outside one's scope is absent from the list and a 404 on its page.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from tremplin.accounts.models import RoleAssignment, User

Role = RoleAssignment.Role


def roles_of(user) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
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


class AdministratorBackend(BaseBackend):
    """Administrators hold every Django permission (the Django admin relies on them).

    It authenticates nobody: it only answers permission questions, so the role stays
    the single source of truth instead of `is_superuser` flags kept in sync by hand.
    """

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return is_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return is_administrator(user_obj)


def _require(test):
    """A view decorator: anonymous visitors go to the staff sign-in, others without the
    right get a 404 (the page's existence is not theirs to know)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:staff_login"))
            if not test(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _is_staff(user) -> bool:
    return user.kind == User.Kind.STAFF


staff_required = _require(_is_staff)
administrator_required = _require(is_administrator)
