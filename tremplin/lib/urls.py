from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


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
    """The address of the person's machine: what every limit per address counts and the
    audit log records; allauth reads it here too (`accounts.adapter`).

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appending the address it was reached
    from to X-Forwarded-For, the client is the TRUSTED_PROXY_COUNT-th entry from the
    right: what stands further left was written by the client and proves nothing. With no
    trusted proxy (the default) the header is ignored and REMOTE_ADDR answers. A request
    that passed fewer proxies than configured gets REMOTE_ADDR, which nobody can forge.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
    if len(forwarded) < proxies:
        logger.warning(
            "TRUSTED_PROXY_COUNT=%d but X-Forwarded-For has %d entries: using REMOTE_ADDR.",
            proxies,
            len(forwarded),
        )
        return remote
    return _address(forwarded[-proxies]) or remote


def _address(value: str) -> str | None:
    """An IP address in its normal form (an IPv4-mapped IPv6 address as IPv4), without the
    port some proxies append; None for anything else."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
