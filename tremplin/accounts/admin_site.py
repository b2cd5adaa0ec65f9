from __future__ import annotations

from functools import wraps

from django.contrib.admin import AdminSite
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.mfa import ask_for_mfa, has_recent_mfa
from tremplin.accounts.permissions import is_administrator, staff_login_url


class TremplinAdminSite(AdminSite):
    """The Django admin, for administrators only, entered through Tremplin's own sign-in."""

    site_header = _("Tremplin — technical administration")
    site_title = _("Tremplin administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def signed_in_without_the_right_gets_404(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            if self.has_permission(request) and not has_recent_mfa(request):
                return ask_for_mfa(request)  # the technical administration needs TOTP
            return inner(request, *args, **kwargs)

        return signed_in_without_the_right_gets_404

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            raise Http404
        return redirect(f"{staff_login_url()}?{urlencode({'next': request.get_full_path()})}")
