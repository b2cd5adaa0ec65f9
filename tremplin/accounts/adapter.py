"""django-allauth, fitted to Tremplin: no open sign-up, mails as deferred jobs in the
recipient's language that carry no link (see `tremplin.accounts.emails`), each profile's
home after sign-in, addresses that identify one account, sign-ins in the audit log."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils import translation

from tremplin.accounts import emails
from tremplin.accounts.models import User
from tremplin.accounts.services import account_with_email, release_unverified_copies
from tremplin.accounts.sign_in import record_failed_sign_in, record_sign_in
from tremplin.lib.urls import client_ip

# What allauth puts in a mail's context that opens an account or an address. (The reset
# mail's `password_reset_url` holds a key, but that mail never comes here: see
# `send_password_reset_mail`; the "account already exists" mail's is the public page.)
_SECRETS = {"key", "code", "uid", "activate_url"}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Graduates and recruiters register through their own journeys (registry
        # matching, organisation and CGU), which create the accounts themselves.
        return False

    # Mails are jobs that carry ids (see tremplin.lib.mail): the links allauth has built
    # are dropped here, and made again by the worker when the mail leaves.
    def send_password_reset_mail(self, user: User, email: str, context: dict) -> None:
        emails.send_password_reset(user, email)

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation, signup: bool
    ) -> None:
        if not isinstance(emailconfirmation, EmailConfirmationHMAC):
            raise ImproperlyConfigured("ACCOUNT_EMAIL_CONFIRMATION_HMAC must stay on")
        emails.send_address_confirmation(emailconfirmation.email_address, signup)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's other mails, whose context is plain values (an unknown address's)."""
        secret = _SECRETS & set(context)
        if secret:  # a code allauth keeps in the session cannot be made again later
            raise ImproperlyConfigured(f"{template_prefix} would carry {sorted(secret)} in a job")
        user = context.get("user") or account_with_email(email)
        values = {
            name: value
            for name, value in context.items()
            if name not in ("user", "request") and isinstance(value, (str, int, bool))
        }
        emails.send_allauth_mail(
            template_prefix, email, translation.get_language(), user=user, values=values
        )

    def is_safe_url(self, url: str | None) -> bool:
        """Like `lib.urls.safe_next`: only a path of this site is followed after a step."""
        return bool(url) and url.startswith("/") and super().is_safe_url(url)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.kind == User.Kind.STAFF:
            return resolve_url("backoffice:dashboard")
        if user.kind == User.Kind.RECRUITER:
            return resolve_url("recruiters:home")
        return resolve_url("accounts:account")

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count: the one every other limit counts."""
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def respond_user_inactive(self, request: HttpRequest, user) -> HttpResponse:
        return render(request, "account/account_inactive.html", {"inactive_user": user})

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Verify the address (allauth refuses one another account verified first); the
        unverified copies other accounts hold of it can never be verified now: gone."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            release_unverified_copies(email_address.email, keep=email_address.user)
        return confirmed

    def login(self, request: HttpRequest, user: User) -> None:
        """Every local sign-in ends here, once its stages (TOTP) are passed."""
        super().login(request, user)
        methods = {entry.get("method") for entry in get_authentication_records(request, user)}
        record_sign_in(request, user, method="password", mfa="mfa" in methods)

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        account = account_with_email(credentials.get("email") or "")
        record_failed_sign_in(request, method="password", account=account)
