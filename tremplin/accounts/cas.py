"""The CAS server as the sign-in views see it: its URLs and whether it answers."""

from __future__ import annotations

from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django_cas_ng.utils import get_cas_client

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
