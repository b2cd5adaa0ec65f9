from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.permissions import is_administrator


class TremplinAdminSite(AdminSite):
    """The Django admin, for administrators only, entered through Tremplin's own sign-in."""

    site_header = _("Tremplin — technical administration")
    site_title = _("Tremplin administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            raise Http404
        url = reverse("accounts:staff_login")
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
