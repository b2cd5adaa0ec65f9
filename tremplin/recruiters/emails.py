"""One function per e-mail of the recruiters' journey, in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tremplin.lib.mail import send_templated
from tremplin.recruiters.links import ConfirmationLink
from tremplin.recruiters.models import RecruiterProfile


def send_registration_received(profile: RecruiterProfile) -> None:
    """The registration is taken: confirm the address, then an administrator decides."""
    user = profile.user
    link = ConfirmationLink(profile_id=profile.pk, email=user.email)
    send_templated(
        "recruiters/emails/recruiter_registration_received",
        to=[user.email],
        language=user.language,
        context={
            "profile": profile,
            "organisation": profile.organisation,
            "first_name": user.first_name,
            "url": reverse("recruiters:confirm", args=[link.dumps()]),
            "days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
        },
    )


def send_account_exists(email: str, language: str) -> None:
    """Somebody registered with an address an account already uses: tell its owner only."""
    send_templated(
        "recruiters/emails/recruiter_account_exists",
        to=[email],
        language=language,
        context={
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
        },
    )


def send_accepted(profile: RecruiterProfile) -> None:
    user = profile.user
    send_templated(
        "recruiters/emails/recruiter_accepted",
        to=[user.email],
        language=user.language,
        context={
            "first_name": user.first_name,
            "organisation": profile.organisation,
            "login_url": reverse("account_login"),
        },
    )


def send_rejected(profile: RecruiterProfile) -> None:
    user = profile.user
    send_templated(
        "recruiters/emails/recruiter_rejected",
        to=[user.email],
        language=user.language,
        context={
            "first_name": user.first_name,
            "organisation": profile.organisation,
            "reason": profile.rejection_reason,
        },
    )
