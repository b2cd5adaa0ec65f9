"""One function per e-mail of the graduates' journeys, in the recipient's language."""

from __future__ import annotations

from django.urls import reverse

from tremplin.graduates.links import MAX_AGE, RegistrationLink
from tremplin.graduates.models import GraduateClaim
from tremplin.lib.mail import send_templated

_LINK_TEMPLATES = {
    RegistrationLink.FOUND: "graduates/emails/graduate_found",
    RegistrationLink.ABSENT: "graduates/emails/graduate_absent",
    RegistrationLink.INSTITUTIONAL: "graduates/emails/graduate_institutional",
}


def send_registration_link(link: RegistrationLink) -> None:
    """The next step of a registration: it depends on the registry, which the page never says."""
    send_templated(
        _LINK_TEMPLATES[link.route],
        to=[link.email],
        language=link.language,
        context={
            "first_name": link.first_name,
            "url": reverse("graduates:next_step", args=[link.dumps()]),
            "hours": MAX_AGE // 3600,
        },
    )


def send_account_exists(email: str, language: str) -> None:
    send_templated(
        "graduates/emails/graduate_account_exists",
        to=[email],
        language=language,
        context={
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
        },
    )


def send_claim_received(claim: GraduateClaim) -> None:
    send_templated(
        "graduates/emails/graduate_claim_received",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim},
    )


def send_claim_validated(claim: GraduateClaim) -> None:
    send_templated(
        "graduates/emails/graduate_claim_validated",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim, "login_url": reverse("account_login")},
    )


def send_claim_rejected(claim: GraduateClaim) -> None:
    send_templated(
        "graduates/emails/graduate_claim_rejected",
        to=[claim.user.email],
        language=claim.user.language,
        context={"claim": claim},
    )


def send_graduation(user, *, url: str, to: list[str]) -> None:
    send_templated(
        "graduates/emails/student_graduated",
        to=to,
        language=user.language,
        context={"user": user, "url": url, "login_url": reverse("account_login")},
    )
