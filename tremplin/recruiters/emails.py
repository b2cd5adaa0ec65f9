"""One function per e-mail of the recruiters' journey, in the recipient's language
(run by the worker when the mail leaves: see `tremplin.lib.mail`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.lib.mail import Message, email
from tremplin.recruiters.models import (
    COLLEAGUES_DAYS,
    ConfirmationLink,
    JoinRequest,
    Recruiter,
)


@email
def send_registration_received(recruiter: Recruiter) -> Message:
    """The registration is taken: confirm the address, then an administrator decides."""
    user = recruiter.user
    token = ConfirmationLink.objects.create(recruiter=recruiter, email=user.email).issue()
    return Message(
        "recruiters/emails/recruiter_registration_received",
        to=[user.email],
        language=user.language,
        context={
            "recruiter": recruiter,
            "organisation": recruiter.organisation,
            "first_name": user.first_name,
            "url": reverse("recruiters:confirm", args=[token]),
            "days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
        },
    )


@email
def send_account_exists(email: str, language: str) -> Message:
    """Somebody registered with an address an account already uses: tell its owner only."""
    return Message(
        "recruiters/emails/recruiter_account_exists",
        to=[email],
        language=language,
        context={
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
        },
    )


@email
def send_accepted(recruiter: Recruiter) -> Message:
    user = recruiter.user
    return Message(
        "recruiters/emails/recruiter_accepted",
        to=[user.email],
        language=user.language,
        context={
            "first_name": user.first_name,
            "organisation": recruiter.organisation,
            "login_url": reverse("account_login"),
        },
    )


@email
def send_rejected(recruiter: Recruiter) -> Message:
    user = recruiter.user
    return Message(
        "recruiters/emails/recruiter_rejected",
        to=[user.email],
        language=user.language,
        context={
            "first_name": user.first_name,
            "organisation": recruiter.organisation,
            "reason": recruiter.rejection_reason,
        },
    )


@email
def send_join_request(join: JoinRequest, colleagues: list[User]) -> list[Message]:
    """Somebody asks to join the organisation: each of its recruiters is asked, in their
    language, whether the person works with them, with a link to the request in their
    space."""
    person = join.recruiter.user
    return [
        Message(
            "recruiters/emails/recruiter_join_request",
            to=[colleague.email],
            language=colleague.language,
            context={
                "first_name": colleague.first_name,
                "organisation": join.recruiter.organisation,
                "person": person.get_full_name(),
                "email": person.email,
                "job_title": join.recruiter.job_title,
                "url": reverse("recruiters:join_request", args=[join.pk]),
                "days": COLLEAGUES_DAYS,
            },
        )
        for colleague in colleagues
    ]
