"""The development ENT's few views of its own (django-cas-server provides the CAS ones)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def switch_language(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Remember the language `code` and go back to `next` (a page of this server)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


def demo_accounts(request: HttpRequest) -> dict[str, object]:
    """Context processor: the directory, listed on the sign-in page for the demo's visitors,
    and the university's name for the banner."""
    from devcas.directory import people

    return {"devcas_people": people, "university_name": settings.UNIVERSITY_NAME}
