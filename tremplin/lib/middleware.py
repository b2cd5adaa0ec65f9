from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

Handler = Callable[[HttpRequest], HttpResponse]


class LanguageMiddleware:
    """French unless the visitor chose otherwise.

    The choice is the language cookie set by the FR/EN switch, then the signed-in user's
    preference. The browser's Accept-Language is not used: the platform is French first,
    and a page must not change language because of a browser nobody configured.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """Responses under NO_STORE_PATH_PREFIXES (the back office and every staff page, the
    Django admin, the accounts' and the recruiters' pages, and so the CV and proof
    downloads) carry other people's personal data: no cache may keep them, the browser's
    included (a shared computer's back button). Keyed on the path, it covers every view
    added under those prefixes, its redirects and its error pages."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.NO_STORE_PATH_PREFIXES):
            add_never_cache_headers(response)
        return response
