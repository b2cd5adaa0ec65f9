"""Opening a session, whatever the way in, and the audit rows of sign-ins.

The ENT (CAS) and the LDAP form sign staff and students in with `sign_in_from_ent`
+ `open_directory_session`; graduates and recruiters sign in through allauth, whose
login stages (TOTP above all) every local sign-in goes through, even the ones that
follow an e-mailed link (`open_local_session`).
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.urls import client_ip

SIGNED_IN_WITH = "tremplin_signed_in_with"
# Set by every sign-in, read (and removed) by the first page after it: the apps above may
# offer a step then, once (the search profile's step: `tremplin.alerts.middleware`).
JUST_SIGNED_IN = "tremplin_just_signed_in"


def record_sign_in(request: HttpRequest, user: User, *, method: str, **details) -> None:
    """Every sign-in, whatever the way in, ends here: its audit row, the end of a request
    to delete the account, if there was one (the person is told), and the mark that the
    next page is the first after a sign-in (`JUST_SIGNED_IN`)."""
    from tremplin.accounts.rights import cancel_deletion

    if cancel_deletion(user, ip_address=client_ip(request)):
        messages.info(
            request,
            _("Welcome back: you signed in, so your account will not be deleted."),
        )
    request.session[JUST_SIGNED_IN] = True
    record(
        Action.ACCOUNT_SIGNED_IN,
        actor=user,
        target=user,
        ip_address=client_ip(request),
        method=method,
        **details,
    )


def record_failed_sign_in(request: HttpRequest, *, method: str, account: User | None) -> None:
    """A wrong password. The entry names the account when the address or username typed
    is one's, and nothing of what was typed otherwise (a mistyped address, a password
    typed in the wrong field): the log does not collect strangers' data."""
    record(
        Action.ACCOUNT_SIGN_IN_FAILED,
        actor=None,
        target=account,
        ip_address=client_ip(request),
        method=method,
    )


def open_directory_session(
    request: HttpRequest, user: User, *, method: str, ent_mfa: str = ""
) -> None:
    """Sign in someone the ENT (method "cas") or the LDAP directory ("ldap") vouched for.

    `ent_mfa` is the value by which the CAS server asserted its own second factor
    (CAS_MFA_ATTRIBUTE), which `mfa.has_recent_mfa` honours for CAS sign-ins only.
    """
    login(request, user)  # a new session key: no session fixation
    request.session[SIGNED_IN_WITH] = method
    record_authentication(request, user, method=method, ent_mfa=ent_mfa or None)
    record_sign_in(request, user, method=method, ent_mfa=bool(ent_mfa))


def open_local_session(request: HttpRequest, user: User, *, redirect_url: str) -> HttpResponse:
    """Sign in someone who has just chosen their password from an e-mailed link, through
    allauth's login stages: an account with TOTP is asked for its code first, as at the
    sign-in page. Answers where to go next (the TOTP step, or `redirect_url`)."""
    record_authentication(request, user, method="password")
    return perform_login(request, user, redirect_url=redirect_url)
