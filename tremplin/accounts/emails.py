"""One function per e-mail about an account itself."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tremplin.lib.mail import send_templated


def send_deletion_warning(user, *, days: int) -> None:
    send_templated(
        "accounts/emails/account_deletion_warning",
        to=[user.email],
        language=user.language,
        context={"user": user, "days": days, "login_url": reverse("account_login")},
    )


def send_roles_lapsed(administrator, lapses) -> None:
    """The nightly check removed roles of people who left (or kept the last
    administrator's): the administrators are told who, and why."""
    send_templated(
        "accounts/emails/roles_lapsed",
        to=[administrator.email],
        language=administrator.language,
        context={
            "administrator": administrator,
            "lapses": lapses,
            "days": settings.STAFF_ROLE_LAPSE_DAYS,
            "roles_url": reverse("backoffice:roles"),
        },
    )
