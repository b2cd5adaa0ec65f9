"""Two-factor authentication (allauth's TOTP) where Tremplin requires it: the pages only
administrators reach, the Django admin included, whatever the way they signed in.

A recent TOTP check is one typed here (allauth records it in the session), or, when the
settings trust it, the ENT's own second factor: a CAS server that asserts it in an
attribute (CAS_MFA_ATTRIBUTE, with one of the CAS_MFA_VALUES) at the sign-in, recorded
then in the session. It is honoured for CAS sign-ins only, for MFA_RECENT_SECONDS like a
code typed here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def asserted_by_the_ent(attributes: Mapping[str, object]) -> str:
    """The value by which the CAS server says the person passed its own second factor,
    if the settings trust the ENT's (CAS_MFA_ATTRIBUTE, CAS_MFA_VALUES); else ""."""
    name = settings.CAS_MFA_ATTRIBUTE
    value = attributes.get(name) if name else None
    values = value if isinstance(value, list | tuple) else [value]
    return next((str(v) for v in values if str(v) in settings.CAS_MFA_VALUES), "")


def _is_second_factor(record: dict) -> bool:
    if record.get("method") == "mfa":
        return True
    # Honoured while the settings still trust that value: turning them off takes effect
    # at once, for the sessions already open too.
    ent_mfa = record.get("ent_mfa")
    trusted = bool(settings.CAS_MFA_ATTRIBUTE) and ent_mfa in settings.CAS_MFA_VALUES
    return record.get("method") == "cas" and bool(ent_mfa) and trusted


def has_recent_mfa(request: HttpRequest) -> bool:
    since = time.time() - settings.MFA_RECENT_SECONDS
    return any(
        _is_second_factor(record) and record.get("at", 0) >= since
        for record in get_authentication_records(request, request.user)
    )


def ask_for_mfa(request: HttpRequest) -> HttpResponse:
    """Send the user to the TOTP check, then back here; or to set TOTP up first.

    A form sent (a POST) is kept by allauth while the code is typed, then sent again:
    allauth's own way for the steps it asks for. Once TOTP is set up, the person goes
    back to the page they came from.
    """
    if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        return suspend_request(request, reverse("mfa_reauthenticate"))
    back = request.get_full_path()
    if request.method != "GET":
        referer = urlsplit(request.headers.get("Referer", ""))
        same_site = referer.netloc == request.get_host() and referer.path.startswith("/")
        back = referer._replace(scheme="", netloc="").geturl() if same_site else "/"
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': back})}")
