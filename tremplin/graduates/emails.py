"""One function per e-mail of the graduates' journeys, in the recipient's language
(run by the worker when the mail leaves: see `tremplin.lib.mail`)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.graduates.models import (
    GraduateClaim,
    RegistrationLink,
    SetPasswordLink,
    is_institutional,
)
from tremplin.lib.mail import Message, email

_LINK_TEMPLATES = {
    RegistrationLink.FOUND: "graduates/emails/graduate_found",
    RegistrationLink.ABSENT: "graduates/emails/graduate_absent",
    RegistrationLink.INSTITUTIONAL: "graduates/emails/graduate_institutional",
}


@email
def send_registration_link(link: RegistrationLink) -> Message:
    """The next step of a registration: it depends on the registry, which the page never says.
    A university address the registry does not hold is told why it did not open the account
    at once (`unknown_institutional`)."""
    return Message(
        _LINK_TEMPLATES[link.route],
        to=[link.email],
        language=link.language,
        context={
            "first_name": link.first_name,
            "unknown_institutional": link.route != RegistrationLink.INSTITUTIONAL
            and is_institutional(link.email),
            "email": link.email,
            "url": reverse("graduates:next_step", args=[link.issue()]),
            "hours": int(link.lifetime.total_seconds()) // 3600,
        },
    )


@email
def send_account_exists(email: str, language: str) -> Message:
    return Message(
        "graduates/emails/graduate_account_exists",
        to=[email],
        language=language,
        context={
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
        },
    )


@email
def send_claim_received(claim: GraduateClaim) -> Message:
    return Message(
        "graduates/emails/graduate_claim_received",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim},
    )


@email
def send_claim_validated(claim: GraduateClaim) -> Message:
    return Message(
        "graduates/emails/graduate_claim_validated",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim, "login_url": reverse("account_login")},
    )


@email
def send_claim_rejected(claim: GraduateClaim) -> Message:
    return Message(
        "graduates/emails/graduate_claim_rejected",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim},
    )


@email
def send_graduation(user: User) -> Message | None:
    """To the student who graduated, at every address they verified (the institutional
    one the registry gave, the personal ones they declared): the link to choose a
    password."""
    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
    )
    if not addresses:
        return None
    link = SetPasswordLink.for_password_of(user)
    return Message(
        "graduates/emails/student_graduated",
        to=addresses,
        language=user.language,
        context={
            "user": user,
            "url": reverse("graduates:set_password", args=[link.issue()]),
            "login_url": reverse("account_login"),
        },
    )
