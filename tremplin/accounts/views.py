from __future__ import annotations

from functools import wraps

from allauth.account import views as allauth_views
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_codes_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_cas_ng.models import SessionTicket

from tremplin.accounts import cas
from tremplin.accounts.backends import CasUnavailable
from tremplin.accounts.forms import CharterForm, DeleteAccountForm, StaffLdapLoginForm
from tremplin.accounts.models import ExternalIdentity, User
from tremplin.accounts.rights import (
    deletion_date,
    request_deletion,
    start_download,
    summary,
)
from tremplin.accounts.services import (
    AudienceRefused,
    accept_document,
    current_charter,
    must_accept_charter,
)
from tremplin.accounts.sign_in import (
    SIGNED_IN_WITH,
    open_directory_session,
    record_failed_sign_in,
)
from tremplin.accounts.staff_sign_in import WINDOW_SECONDS, LdapUnavailable, SignInThrottle
from tremplin.lib.ratelimit import RateLimited
from tremplin.lib.urls import client_ip, safe_next


def _with_language(response: HttpResponse, user) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        max_age=365 * 24 * 3600,
    )
    return response


@method_decorator(csrf_exempt, name="dispatch")  # the CAS server's single-logout POST
class CasLoginView(View):
    """Send the browser to the ENT, then validate the ticket it comes back with."""

    default_next = "pages:home"

    def get(self, request: HttpRequest) -> HttpResponse:
        next_url = safe_next(request, self.default_next)
        if not cas.is_enabled():
            return render(request, "accounts/cas_unavailable.html", status=503)
        ticket = request.GET.get("ticket")
        if not ticket:
            if request.user.is_authenticated:
                return redirect(next_url)
            if not cas.server_is_up():
                return render(request, "accounts/cas_unavailable.html", status=503)
            return redirect(cas.login_url(request, next_url))
        try:
            user = authenticate(request, ticket=ticket, service=cas.service_url(request, next_url))
        except CasUnavailable:
            cas.forget_server_state()
            return render(request, "accounts/cas_unavailable.html", status=503)
        except AudienceRefused:
            return render(request, "accounts/cas_refused.html", status=403)
        if user is None:
            return render(request, "accounts/cas_failed.html", {"next": next_url}, status=403)
        open_directory_session(request, user, method="cas", ent_mfa=user.ent_mfa)
        request.session.save()
        SessionTicket.objects.update_or_create(
            session_key=request.session.session_key, defaults={"ticket": ticket}
        )
        return _with_language(redirect(next_url), user)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Single logout: the CAS server says a ticket's session has ended."""
        try:
            cas.end_sessions(request)
        except cas.MalformedLogoutRequest:
            return HttpResponseBadRequest("Malformed logoutRequest", content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")


class StaffLoginView(CasLoginView):
    default_next = "backoffice:dashboard"


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """The icon next to the user's name. CAS users may also end their ENT session."""
    signed_in_with = request.session.get(SIGNED_IN_WITH)
    if request.session.session_key:
        SessionTicket.objects.filter(session_key=request.session.session_key).delete()
    logout(request)
    if signed_in_with == "cas" and cas.is_enabled():
        return render(
            request, "accounts/signed_out.html", {"cas_logout_url": cas.logout_url(request)}
        )
    messages.success(request, _("You are signed out."))
    return redirect("pages:home")


@login_required
def charter(request: HttpRequest) -> HttpResponse:
    document = current_charter()
    next_url = safe_next(request, "backoffice:dashboard")
    if document is None or not must_accept_charter(request.user):
        return redirect(next_url)
    form = CharterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirmed"]:
            accept_document(request.user, document, ip_address=client_ip(request))
            messages.success(request, _("Thank you: you have accepted the charter."))
            return redirect(next_url)
        # Without JavaScript there is no dialog: the confirmation is a page of its own.
        return render(
            request, "accounts/charter_confirm.html", {"document": document, "next": next_url}
        )
    return render(
        request, "accounts/charter.html", {"document": document, "form": form, "next": next_url}
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {"composantes": user.composantes.all(), "vets": user.vets.select_related("composante")},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """ "Mes données": what is held, its download, the deletion of the account."""
    return render(
        request,
        "accounts/my_data.html",
        {
            "parts": summary(request.user),
            "form": DeleteAccountForm(),
            "may_delete": request.user.kind != User.Kind.STAFF,
            "deletion_date": deletion_date(request.user),
            "grace_days": settings.RETENTION_DAYS["account_deletion_grace"],
        },
    )


@login_required
@require_POST
def my_data_download(request: HttpRequest) -> HttpResponse:
    try:
        stream = start_download(request.user, ip_address=client_ip(request))
    except RateLimited:
        return render(request, "429.html", status=429)
    response = StreamingHttpResponse(stream, content_type="application/zip")
    name = f"tremplin-{timezone.now():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.user.kind == User.Kind.STAFF:
        raise Http404
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the deletion."))
        return redirect("accounts:my_data")
    user = request_deletion(acting_user=request.user, ip_address=client_ip(request))
    date = deletion_date(user)
    logout(request)
    messages.success(
        request,
        _(
            "Your account will be deleted on %(date)s. Changed your mind? Sign in before"
            " then: the deletion is cancelled. A mail says the same."
        )
        % {"date": date_format(date, "DATE_FORMAT")},
    )
    return redirect("pages:home")


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
class StaffLdapLoginView(View):
    """Staff type their ENT username and password into Tremplin, checked by a bind to the
    university's directory. Only with STAFF_LOGIN_METHOD=ldap: otherwise there is no page."""

    template_name = "accounts/staff_ldap_login.html"
    default_next = "backoffice:dashboard"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if settings.STAFF_LOGIN_METHOD != "ldap":
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        next_url = safe_next(request, self.default_next)
        if request.user.is_authenticated:
            return redirect(next_url)
        return self._page(request, StaffLdapLoginForm(), next_url)

    def post(self, request: HttpRequest) -> HttpResponse:
        next_url = safe_next(request, self.default_next)
        form = StaffLdapLoginForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, next_url)
        username = form.cleaned_data["username"]
        throttle = SignInThrottle(username, client_ip(request))
        if not throttle.take_attempt():
            message = _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.")
            form.add_error(None, message % {"minutes": WINDOW_SECONDS // 60})
            response = self._page(request, form, next_url, status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        try:
            user = authenticate(
                request, ldap_username=username, password=form.cleaned_data["password"]
            )
        except LdapUnavailable:
            throttle.give_back()
            form.add_error(
                None, _("The university directory is not answering; try again in a few minutes.")
            )
            return self._page(request, form, next_url, status=503)
        except AudienceRefused:
            throttle.give_back()
            form.add_error(
                None,
                _(
                    "This sign-in is for university staff, and the directory does not list you"
                    " as staff. Students sign in from the “Student” entry of the home page;"
                    " graduates and companies from their own entries."
                ),
            )
            return self._page(request, form, next_url, status=403)
        if user is None:
            record_failed_sign_in(request, method="ldap", account=_ldap_account(username))
            # One message whether the username exists or not.
            form.add_error(None, _("Wrong username or password."))
            return self._page(request, form, next_url)
        throttle.succeeded()
        open_directory_session(request, user, method="ldap")
        return _with_language(redirect(next_url), user)

    def _page(
        self, request: HttpRequest, form: StaffLdapLoginForm, next_url: str, *, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "next": next_url}, status=status)


def _ldap_account(username: str) -> User | None:
    """The account behind an LDAP username, for the audit of a failed sign-in."""
    identity = ExternalIdentity.objects.filter(
        provider=ExternalIdentity.Provider.LDAP, uid__iexact=username.strip()
    ).first()
    return identity.user if identity else None


# --- allauth's account pages, as Tremplin serves them -----------------------------------


def _not_for_staff(view):
    """Staff have no local password (they sign in through the ENT): allauth's pages to
    choose or change one do not exist for them."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not request.user.may_have_password:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


password_change = _not_for_staff(allauth_views.password_change)
password_set = _not_for_staff(allauth_views.password_set)

AFTER_TOTP_SET_UP = "tremplin_after_totp_set_up"


def activate_totp(request: HttpRequest) -> HttpResponse:
    """allauth's TOTP activation, which then leads back where the person was going (the
    administrators' pages send them here first, with `next`).

    The form checks a code of the new authenticator: that is a TOTP check, recorded as
    such, so the page they were going to opens without asking again.
    """
    if request.method == "GET" and request.GET.get("next"):
        request.session[AFTER_TOTP_SET_UP] = safe_next(request, "accounts:account")
    response = totp_views.activate_totp(request)
    if (
        request.method == "POST"
        and response.status_code == 302
        and is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
    ):
        record_authentication(
            request, request.user, method="mfa", type="totp", reauthenticated=True
        )
        next_url = request.session.pop(AFTER_TOTP_SET_UP, "")
        if next_url and response.url == reverse("mfa_view_recovery_codes"):
            return redirect(f"{response.url}?{urlencode({'next': next_url})}")
        if next_url:
            return redirect(next_url)
    return response


class RecoveryCodesView(recovery_codes_views.ViewRecoveryCodesView):
    """allauth's recovery codes, shown once TOTP is set up, with a way on to the page the
    person was going to."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("next"):
            context["continue_url"] = safe_next(self.request, "accounts:account")
        return context


recovery_codes = RecoveryCodesView.as_view()
