"""One function per e-mail about an account itself."""

from __future__ import annotations

from django.urls import reverse

from tremplin.lib.mail import send_templated


def send_deletion_warning(user, *, days: int) -> None:
    send_templated(
        "accounts/emails/account_deletion_warning",
        to=[user.email],
        language=user.language,
        context={"user": user, "days": days, "login_url": reverse("account_login")},
    )
