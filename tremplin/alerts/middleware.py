from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from tremplin.accounts.permissions import is_candidate
from tremplin.accounts.sign_in import JUST_SIGNED_IN
from tremplin.lib.middleware import Handler
from tremplin.profiles.models import SearchProfile


class SearchProfileStepMiddleware:
    """The first page a student or a graduate opens after signing in, the first time
    (they have no search profile yet, not even a skipped one), is the search profile's
    step, which then sends them on to that page (`next`). Once per sign-in at most: the
    flag the sign-in sets is removed by the first page, whatever it is."""

    open_prefixes = ("/static/", "/media/", "/langue/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and request.method == "GET"
            and session.get(JUST_SIGNED_IN)
            and not request.headers.get("HX-Request")
            and not request.path.startswith(self.open_prefixes)
            and request.path != reverse("accounts:logout")
        ):
            del session[JUST_SIGNED_IN]
            user = request.user
            step = reverse("alerts:welcome")
            if (
                is_candidate(user)
                and request.path != step
                and not SearchProfile.objects.filter(user=user).exists()
            ):
                return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
