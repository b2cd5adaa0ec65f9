from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tremplin.accounts.models import LegalDocument
from tremplin.accounts.permissions import Permission, recruiter_required, right_required
from tremplin.lib.links import LinkExpired, LinkInvalid
from tremplin.lib.urls import client_ip, safe_next
from tremplin.moderation.views import ModerationPages
from tremplin.recruiters import services
from tremplin.recruiters.forms import RegistrationForm
from tremplin.recruiters.models import (
    COLLEAGUES_DAYS,
    ConfirmationLink,
    JoinRequest,
    Organisation,
    Recruiter,
)

JOINED = "recruiters.joined"  # session key: the known organisation the person joins


@sensitive_post_parameters("password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joined = services.register(
                form.organisation(),
                form.person(),
                language=get_language(),
                ip_address=client_ip(request),
            )
        except services.RateLimited:
            return render(request, "recruiters/too_many.html", status=429)
        request.session[JOINED] = joined.name if joined else ""
        return redirect("recruiters:sent")
    terms = LegalDocument.objects.current(LegalDocument.Kind.TERMS)
    return render(request, "recruiters/register.html", {"form": form, "terms": terms})


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "recruiters/sent.html", {"joined": request.session.pop(JOINED, "")})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: a page with a button (mail scanners follow links, not forms)."""
    try:
        link = ConfirmationLink.objects.for_token(token)
        recruiter = services.recruiter_for_link(link)
        if request.method == "POST":
            recruiter = services.confirm_email(link, request=request)
    except LinkExpired:
        return render(request, "recruiters/link_problem.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "recruiters/link_problem.html", {"expired": False}, status=404)
    if not recruiter.allows("confirm_email"):
        return render(request, "recruiters/confirmed.html", {"recruiter": recruiter})
    return render(request, "recruiters/confirm.html", {"recruiter": recruiter})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The recruiter's space: their organisation (offers come here next)."""
    recruiter = get_object_or_404(
        Recruiter.objects.select_related("organisation"), user=request.user
    )
    waiting = JoinRequest.objects.in_scope_of(request.user).pending().count()
    return render(
        request, "recruiters/home.html", {"recruiter": recruiter, "join_requests": waiting}
    )


# --- The organisation's recruiters answer the requests to join it ------------------------


class JoinRequestPages(ModerationPages):
    """A recruiter of the organisation confirms or refuses, in their space, that somebody
    who registered for it works with them."""

    model = JoinRequest
    title = gettext_lazy("Requests to join your organisation")
    context_name = "join_request"
    queue_template = "recruiters/join_requests.html"
    detail_template = "recruiters/join_request.html"
    queue_url = "recruiters:join_requests"
    detail_url = "recruiters:join_request"
    decide_url = "recruiters:join_decide"
    accept_label = gettext_lazy("Confirm: this person works with us")
    reason_missing = gettext_lazy("Give the reason of the refusal: it is sent to the person.")
    base_template = "base.html"
    queue_related = ("recruiter__user",)
    detail_related = ("recruiter__user", "recruiter__organisation", "decided_by")

    accept = staticmethod(services.confirm_colleague)
    reject = staticmethod(services.refuse_colleague)

    @classmethod
    def access(cls):
        return recruiter_required

    def accepted_message(self, join: JoinRequest) -> str:
        return _("Thank you: the careers service now decides on %(name)s's registration.") % {
            "name": join.recruiter.user.get_full_name()
        }

    def rejected_message(self, join: JoinRequest) -> str:
        return _("%(name)s's registration is refused; the reason is mailed.") % {
            "name": join.recruiter.user.get_full_name()
        }

    def refused_message(self, join: JoinRequest) -> str:
        return _("This request was already answered: %(status)s.") % {
            "status": join.get_status_display()
        }

    def detail_context(self, request: HttpRequest, join: JoinRequest) -> dict:
        return {
            "person": join.recruiter.user,
            "recruiter": join.recruiter,
            "days": COLLEAGUES_DAYS,
        }


join_requests, join_request, join_decide = JoinRequestPages.as_views()


# --- Validation by the administrators --------------------------------------------------


class RecruiterModeration(ModerationPages):
    model = Recruiter
    right = Permission.RECRUITERS_VALIDATE
    title = gettext_lazy("Recruiter registrations to validate")
    context_name = "recruiter"
    queue_template = "recruiters/queue.html"
    detail_template = "recruiters/detail.html"
    queue_url = "recruiters:queue"
    detail_url = "recruiters:detail"
    decide_url = "recruiters:decide"
    accept_label = gettext_lazy("Accept")
    queue_related = ("user", "organisation", "join_request")
    detail_related = ("user", "organisation", "decided_by")

    accept = staticmethod(services.accept)
    reject = staticmethod(services.reject)

    def accepted_message(self, recruiter: Recruiter) -> str:
        return _("%(name)s is accepted.") % {"name": self._name(recruiter)}

    def rejected_message(self, recruiter: Recruiter) -> str:
        return _("%(name)s is rejected.") % {"name": self._name(recruiter)}

    def _name(self, recruiter: Recruiter) -> str:
        return f"{recruiter.user.get_full_name()} ({recruiter.organisation})"

    def refused_message(self, recruiter: Recruiter) -> str:
        if recruiter.decided_by is not None:
            return _("This registration was already decided by %(who)s: %(status)s.") % {
                "who": recruiter.decided_by,
                "status": recruiter.get_status_display(),
            }
        return _("This registration cannot be decided: %(status)s.") % {
            "status": recruiter.get_status_display()
        }

    def detail_context(self, request: HttpRequest, recruiter: Recruiter) -> dict:
        terms = recruiter.user.acceptances.filter(document__kind=LegalDocument.Kind.TERMS)
        return {
            "person": recruiter.user,
            "organisation": recruiter.organisation,
            "colleagues": services.colleagues(recruiter),
            "join_request": JoinRequest.objects.filter(recruiter=recruiter)
            .select_related("decided_by")
            .first(),
            "days": COLLEAGUES_DAYS,
            "acceptance": terms.select_related("document").first(),
        }

    def waiting_message(self, count: int) -> str:
        return ngettext(
            "%(count)d recruiter registration is waiting.",
            "%(count)d recruiter registrations are waiting.",
            count,
        ) % {"count": count}


queue, detail, decide = RecruiterModeration.as_views()


@right_required(Permission.ORGANISATIONS_TRUST)
@require_POST
def trust(request: HttpRequest, pk: int) -> HttpResponse:
    """Trust an organisation (its offers skip moderation), or stop trusting it."""
    trusted = request.POST.get("trusted") == "on"
    organisation = services.set_trusted(
        get_object_or_404(Organisation, pk=pk).pk,
        trusted,
        acting_user=request.user,
        ip_address=client_ip(request),
    )
    messages.success(
        request,
        (
            _("%(name)s is trusted: its offers are published without moderation.")
            if trusted
            else _("%(name)s is no longer trusted: its offers are moderated.")
        )
        % {"name": organisation.name},
    )
    return redirect(safe_next(request, "recruiters:queue"))
