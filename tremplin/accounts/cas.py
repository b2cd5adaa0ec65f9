"""The CAS server as the sign-in views see it: its URLs, whether it answers, and its
single-logout requests."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import requests
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django_cas_ng.utils import get_cas_client
from django_cas_ng.views import clean_sessions

_UP_KEY = "cas-server-up"


def is_enabled() -> bool:
    return bool(settings.CAS_SERVER_URL)


def service_url(request: HttpRequest, next_url: str) -> str:
    """This site's CAS entry point, with where to go afterwards."""
    path = reverse("accounts:cas_login")
    return request.build_absolute_uri(f"{path}?{urlencode({'next': next_url})}")


def login_url(request: HttpRequest, next_url: str) -> str:
    return get_cas_client(service_url=service_url(request, next_url)).get_login_url()


def logout_url(request: HttpRequest) -> str:
    return get_cas_client().get_logout_url(request.build_absolute_uri(reverse("pages:home")))


def server_is_up() -> bool:
    """Ask the CAS server for its login page, remembering the answer a little while so a
    failing server is not hammered and a working one is not asked at every click."""
    known = cache.get(_UP_KEY)
    if known is not None:
        return known
    try:
        response = requests.get(f"{settings.CAS_SERVER_URL}login", timeout=3)
        up = response.status_code < 500
    except requests.RequestException:
        up = False
    cache.set(_UP_KEY, up, 30 if up else 5)
    return up


def forget_server_state() -> None:
    cache.delete(_UP_KEY)


SAML_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"


class MalformedLogoutRequest(ValueError):
    """A single-logout request that is not one: not XML, not a LogoutRequest, no ticket."""


def logout_tickets(logout_request: str) -> list[str]:
    """The service tickets whose sessions a CAS single-logout request ends.

    The body comes from anyone who can reach the URL: it is read with defusedxml, which
    refuses a DTD, so no entity is ever declared or expanded (no entity bomb, no external
    file), and anything but a LogoutRequest naming a SessionIndex is refused.
    """
    try:
        root = defusedxml.ElementTree.fromstring(logout_request, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise MalformedLogoutRequest(str(error)) from None
    if root.tag != f"{{{SAML_PROTOCOL}}}LogoutRequest":
        raise MalformedLogoutRequest(f"expected a LogoutRequest, got {root.tag!r}")
    tickets = [
        index.text.strip()
        for index in root.iter(f"{{{SAML_PROTOCOL}}}SessionIndex")
        if index.text and index.text.strip()
    ]
    if not tickets:
        raise MalformedLogoutRequest("no SessionIndex")
    return tickets


def end_sessions(request: HttpRequest) -> None:
    """Single logout: end the Tremplin sessions of the tickets the CAS server names.

    django-cas-ng's `clean_sessions` ends them, given the tickets read here: its own parser
    (lxml, which answers a malformed body with a crash) never sees the body.
    Raises MalformedLogoutRequest.
    """
    tickets = logout_tickets(request.POST.get("logoutRequest", ""))
    parsed = SimpleNamespace(
        get_saml_slos=lambda _body: [SimpleNamespace(text=ticket) for ticket in tickets]
    )
    clean_sessions(parsed, request)
