"""One function per e-mail about an account itself, allauth's included (run by the worker
when the mail leaves: see `tremplin.lib.mail`).

allauth builds its links before it asks the adapter to send a mail: the password-reset
URL with a token, the address-confirmation URL with a signed key. The adapter keeps none
of it (`AccountAdapter.send_mail`): its job carries the account, the address and the
template's name, and the functions below make a fresh token or key when the mail leaves.
Both are stateless (a hash of the account's state and a signature of the address's id),
so a fresh one works exactly as allauth's would have, its lifetime counted from then.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tremplin.accounts.models import User
from tremplin.lib.mail import Message, Rendered, email


@email
def send_deletion_warning(user: User, days: int) -> Message:
    return Message(
        "accounts/emails/account_deletion_warning",
        to=[user.email],
        language=user.language,
        context={"user": user, "days": days, "login_url": reverse("account_login")},
    )


@email
def send_deletion_requested(user: User) -> Message:
    """The person asked for their account to be deleted: when, and how to change one's mind."""
    from tremplin.accounts.rights import deletion_date

    return Message(
        "accounts/emails/account_deletion_requested",
        to=[user.email],
        language=user.language,
        context={
            "user": user,
            "date": deletion_date(user),
            "days": settings.RETENTION_DAYS["account_deletion_grace"],
            "login_url": reverse("account_login"),
        },
    )


@email
def send_deletion_cancelled(user: User) -> Message:
    return Message(
        "accounts/emails/account_deletion_cancelled",
        to=[user.email],
        language=user.language,
        context={"user": user},
    )


@email
def send_account_deleted(address: str, language: str) -> Message:
    """The account is gone: the mail carries only the address it is sent to."""
    return Message("accounts/emails/account_deleted", to=[address], language=language)


@email
def send_accounts_merged(user: User) -> Message:
    """To every verified address of the account kept: the person's two accounts are one."""
    addresses = list(
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
    )
    return Message(
        "accounts/emails/accounts_merged",
        to=addresses or [user.email],
        language=user.language,
        context={"user": user, "account_url": reverse("accounts:account")},
    )


@email
def send_roles_lapsed(administrator: User, lapses: list[dict]) -> Message:
    """The nightly check removed roles of people who left (or kept the last
    administrator's): the administrators are told who, and why. Each lapse is a
    `services.Lapse` as a dict (its person travels as an id)."""
    return Message(
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


class AllauthMessage(Message):
    """One of allauth's e-mails: `{template}_subject.txt`, `{template}_message.txt` and,
    where allauth writes one, `{template}_message.html` (else the text in our layout)."""

    def full_context(self) -> dict:
        return {
            **super().full_context(),
            "current_site": SimpleNamespace(
                name=settings.UNIVERSITY_NAME, domain=urlsplit(settings.SITE_URL).netloc
            ),
            "email": self.to[0],
        }

    def render(self) -> Rendered:
        context = self.full_context()
        prefix = self.template
        with translation.override(self.language):
            subject = render_to_string(f"{prefix}_subject.txt", context)
            text = render_to_string(f"{prefix}_message.txt", context)
            try:
                html = render_to_string(f"{prefix}_message.html", context)
            except TemplateDoesNotExist:  # allauth writes text only: present it like ours
                html = render_to_string("emails/text_only.html", {**context, "text": text})
        return Rendered(to=list(self.to), subject=" ".join(subject.split()), text=text, html=html)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@email
def send_password_reset(user: User, address: str) -> Message:
    """allauth's "Forgot your password?" mail, with a reset token made now."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return AllauthMessage(
        "account/email/password_reset_key",
        to=[address],
        language=user.language,
        context={"user": user, "password_reset_url": _absolute(path.replace("UID-KEY", key))},
    )


@email
def send_address_confirmation(address: EmailAddress, signup: bool) -> Message | None:
    """allauth's mail confirming an address, with a confirmation key made now."""
    if address.verified:
        return None  # confirmed meanwhile
    key = EmailConfirmationHMAC(address).key
    return AllauthMessage(
        "account/email/email_confirmation_signup"
        if signup
        else "account/email/email_confirmation",
        to=[address.email],
        language=address.user.language,
        context={
            "user": address.user,
            "activate_url": _absolute(reverse("account_confirm_email", args=[key])),
        },
    )


@email
def send_allauth_mail(
    template_prefix: str, address: str, language: str, user: User | None, values: dict
) -> Message:
    """Any other mail of allauth's (an unknown address asking for a reset…), whose
    context holds no secret: `values` are its plain values."""
    return AllauthMessage(
        template_prefix,
        to=[address],
        language=user.language if user is not None else language,
        context={"user": user, **values},
    )
