from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "pages:home", field: str = "next") -> str:
    """The `next` URL of the request if it is a path of this site, else `default`.

    Only a path is followed (`/offres/?page=2`), never an address with a host, even ours:
    Django's own check then handles the tricky forms (`//evil`, `/\\evil`, control
    characters…), and what is left (`%2F%2Fevil`, ` /x`) is not a path. Every redirect
    after a sign-in, a sign-out or a form goes through here.
    """
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the web server saw it (set REMOTE_ADDR right at the proxy)."""
    return request.META.get("REMOTE_ADDR") or None
