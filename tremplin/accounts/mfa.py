"""Two-factor authentication (allauth's TOTP) where Tremplin requires it: the Django admin,
and staff members who signed in with a local password instead of the ENT."""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def has_recent_mfa(request: HttpRequest) -> bool:
    since = time.time() - settings.MFA_RECENT_SECONDS
    return any(
        record.get("method") == "mfa" and record.get("at", 0) >= since
        for record in get_authentication_records(request, request.user)
    )


def signed_in_with_password(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "password" for record in records)


def ask_for_mfa(request: HttpRequest) -> HttpResponse:
    """Send the user to the TOTP check, or to set TOTP up first, then back here."""
    has_totp = is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
    target = reverse("mfa_reauthenticate" if has_totp else "mfa_activate_totp")
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
