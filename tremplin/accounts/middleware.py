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


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.kind == User.Kind.STAFF:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("Your session ended after a period of inactivity."))
                return redirect("pages:home")
            request.session[LAST_SEEN] = now
        return self.get_response(request)


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
