"""One function per e-mail of the recruiters' journey, in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.lib.mail import send_templated
from tremplin.recruiters.links import ConfirmationLink
from tremplin.recruiters.models import COLLEAGUES_DAYS, JoinRequest, RecruiterProfile


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


def send_join_request(join: JoinRequest, colleagues: list[User]) -> None:
    """Somebody asks to join the organisation: each of its recruiters is asked whether the
    person works with them, with a link to the request in their space."""
    person = join.profile.user
    for colleague in colleagues:
        send_templated(
            "recruiters/emails/recruiter_join_request",
            to=[colleague.email],
            language=colleague.language,
            context={
                "first_name": colleague.first_name,
                "organisation": join.profile.organisation,
                "person": person.get_full_name(),
                "email": person.email,
                "job_title": join.profile.job_title,
                "url": reverse("recruiters:join_request", args=[join.pk]),
                "days": COLLEAGUES_DAYS,
            },
        )
