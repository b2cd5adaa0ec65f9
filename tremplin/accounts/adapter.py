"""django-allauth, fitted to Tremplin: no open sign-up, mails as deferred jobs in the
recipient's language, each profile's home after sign-in, addresses that identify one
account, sign-ins in the audit log."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from tremplin.accounts.models import User
from tremplin.accounts.services import account_with_email, release_unverified_copies
from tremplin.accounts.sign_in import record_failed_sign_in, record_sign_in
from tremplin.lib.urls import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Graduates and recruiters register through their own journeys (registry
        # matching, organisation and CGU), which create the accounts themselves.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from tremplin.lib.tasks import send_email

        user = context.get("user") or account_with_email(email)
        language = getattr(user, "language", None) or translation.get_language()
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=settings.UNIVERSITY_NAME, domain=urlsplit(settings.SITE_URL).netloc
            ),
            "email": email,
            "site_url": settings.SITE_URL,
            "university_name": settings.UNIVERSITY_NAME,
            "LANGUAGE_CODE": language,
        }
        with translation.override(language):
            subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
            text = render_to_string(f"{template_prefix}_message.txt", context)
            try:
                html = render_to_string(f"{template_prefix}_message.html", context)
            except TemplateDoesNotExist:  # allauth writes text only: present it like ours
                html = render_to_string("emails/text_only.html", {**context, "text": text})
        send_email.defer(to=[email], subject=subject, text=text, html=html)

    def is_safe_url(self, url: str | None) -> bool:
        """Like `lib.urls.safe_next`: only a path of this site is followed after a step."""
        return bool(url) and url.startswith("/") and super().is_safe_url(url)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        user = request.user
        if user.kind == User.Kind.STAFF:
            return resolve_url("backoffice:dashboard")
        if user.kind == User.Kind.RECRUITER:
            return resolve_url("recruiters:home")
        return resolve_url("accounts:profile")

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
