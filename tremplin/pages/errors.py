"""The error pages: the site's layout and language, the right status.

The root URLconf names them (handler400, 403, 404, 429, 500) and so does CSRF_FAILURE_VIEW;
allauth's rate limits answer with `handler429` too. A server error caused by a database
that cannot be reached becomes a 503. The 400, 500 and 503 pages are rendered without the
request, from the settings alone: the request may have failed before the middleware that
reads its session and user, or because the database is down, so those pages ask it nothing.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from tremplin.pages.context_processors import site_settings

RETRY_AFTER_SECONDS = 60


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _without_request(400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without this site's token: usually one left open too long."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "429.html", status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500, or a 503 when the database is unreachable (Django calls this view while the
    exception is being handled, so sys.exc_info() holds it)."""
    if database_unreachable(sys.exc_info()[1]):
        response = _without_request(503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _without_request(500)


def _without_request(status: int) -> HttpResponse:
    context = {**site_settings(), "LANGUAGE_CODE": get_language()}
    return HttpResponse(render_to_string(f"{status}.html", context), status=status)


def database_unreachable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached (refused or lost connection),
    rather than the fault of one statement, which leaves the connection open."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    return any(
        wrapper.connection is None
        or getattr(wrapper.connection, "closed", False)
        or getattr(wrapper.connection, "broken", False)
        for wrapper in connections.all(initialized_only=True)
    )
