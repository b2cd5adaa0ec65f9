"""Signals mailings listens to: a sign-in tells about an undeliverable address; an address
confirmed again is deliverable again."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from tremplin.mailings import services


def warn_undeliverable(sender, request, user, **kwargs) -> None:
    """At sign-in: if the person's address is undeliverable, say so, and where to change it."""
    if request is None or not user.email or services.is_deliverable(user.email):
        return
    with override(user.language):
        text = _(
            "The mail server refuses the messages sent to %(address)s, so we stopped sending"
            " you alerts and newsletters. Please change or check your address on your"
            " e-mail page: %(url)s"
        ) % {"address": user.email, "url": reverse("account_email")}
    messages.warning(request, text, fail_silently=True)


def address_confirmed(sender, request, email_address, **kwargs) -> None:
    services.forget_refusals(email_address.email)


def connect() -> None:
    user_logged_in.connect(warn_undeliverable, dispatch_uid="mailings.warn_undeliverable")
    email_confirmed.connect(address_confirmed, dispatch_uid="mailings.address_confirmed")
