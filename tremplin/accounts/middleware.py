from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.accounts.services import must_accept_charter
from tremplin.lib.middleware import Handler

LAST_SEEN = "tremplin_last_seen"
STARTED = "tremplin_session_started"
# The last request is written down at most this often: not one session write per request.
LAST_SEEN_EVERY_SECONDS = 60
# The session's own expiry comes this long after the middleware's deadlines, so the
# middleware still finds the session and can say why it ended.
EXPIRY_GRACE_SECONDS = 5 * 60


class SessionLifetimeMiddleware:
    """A signed-in session ends after an idle time without a request and, whatever
    happens, after a maximum age (a stolen session cookie does not last): staff after
    STAFF_SESSION_IDLE_MINUTES and STAFF_SESSION_MAX_HOURS, everybody else after
    SESSION_IDLE_MINUTES and SESSION_MAX_HOURS.

    The session's expiry in PostgreSQL (and the cookie's) follows the nearer deadline,
    so an ended session is refused by the session store too, and the nightly
    `clear_expired_sessions` job deletes it.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        if request.user.is_authenticated:
            ended = self._ended(request, now)
            if ended:
                logout(request)
                messages.info(request, ended)
                return redirect("pages:home")
        response = self.get_response(request)
        if request.user.is_authenticated:  # after the view: a sign-in starts the clock
            self._record(request, now)
        return response

    @staticmethod
    def _limits(user) -> tuple[int, int]:
        """Idle time and maximum age, in seconds."""
        if user.kind == User.Kind.STAFF:
            return (
                settings.STAFF_SESSION_IDLE_MINUTES * 60,
                settings.STAFF_SESSION_MAX_HOURS * 3600,
            )
        return settings.SESSION_IDLE_MINUTES * 60, settings.SESSION_MAX_HOURS * 3600

    def _ended(self, request: HttpRequest, now: float) -> str | None:
        idle, max_age = self._limits(request.user)
        session = request.session
        if now - session.get(STARTED, now) > max_age:
            return _("Your session has reached its maximum length: please sign in again.")
        if now - session.get(LAST_SEEN, now) > idle:
            return _("Your session ended after a period of inactivity.")
        return None

    def _record(self, request: HttpRequest, now: float) -> None:
        session = request.session
        started = session.setdefault(STARTED, now)
        if now - session.get(LAST_SEEN, 0) < LAST_SEEN_EVERY_SECONDS:
            return
        session[LAST_SEEN] = now
        idle, max_age = self._limits(request.user)
        session.set_expiry(int(min(idle, started + max_age - now)) + EXPIRY_GRACE_SECONDS)


class CharterMiddleware:
    """A staff member who has not accepted the current charter reaches only the charter
    (and the pages needed to read it or leave)."""

    open_prefixes = ("/static/", "/media/", "/langue/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if must_accept_charter(request.user) and not self._is_open(request.path):
            url = reverse("accounts:charter")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        open_paths = {
            reverse("accounts:charter"),
            reverse("accounts:logout"),
            reverse("pages:charte"),
            reverse("pages:accessibilite"),
        }
        return path in open_paths or path.startswith(self.open_prefixes)
