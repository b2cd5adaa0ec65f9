from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.permissions import (
    administrator_required,
    is_administrator,
    staff_login_url,
)


class TremplinAdminSite(AdminSite):
    """The Django admin, for administrators only, entered through Tremplin's own sign-in."""

    site_header = _("Tremplin — technical administration")
    site_title = _("Tremplin administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        # Like every page only administrators reach: others get a 404, and a recent TOTP
        # check comes first.
        return administrator_required(super().admin_view(view, cacheable))

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            raise Http404
        return redirect(f"{staff_login_url()}?{urlencode({'next': request.get_full_path()})}")
