from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tremplin.accounts.models import LegalDocument
from tremplin.accounts.permissions import right_required
from tremplin.lib.urls import client_ip, safe_next
from tremplin.recruiters import services
from tremplin.recruiters.forms import RegistrationForm, RejectForm
from tremplin.recruiters.links import ConfirmationLink, LinkExpired, LinkInvalid
from tremplin.recruiters.models import Organisation, RecruiterNotPending, RecruiterProfile

PAGE_SIZE = 50
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
        link = ConfirmationLink.loads(token)
        profile = services.profile_for_link(link)
        if request.method == "POST":
            profile = services.confirm_email(link, request=request)
    except LinkExpired:
        return render(request, "recruiters/link_problem.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "recruiters/link_problem.html", {"expired": False}, status=404)
    if profile.status != RecruiterProfile.Status.AWAITING_EMAIL:
        return render(request, "recruiters/confirmed.html", {"profile": profile})
    return render(request, "recruiters/confirm.html", {"profile": profile})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The recruiter's space: their organisation (offers come here next)."""
    profile = get_object_or_404(
        RecruiterProfile.objects.select_related("organisation"), user=request.user
    )
    return render(request, "recruiters/home.html", {"profile": profile})


# --- Validation by the administrators --------------------------------------------------


@right_required("recruiters.validate")
def queue(request: HttpRequest) -> HttpResponse:
    waiting = (
        RecruiterProfile.objects.in_scope_of(request.user)
        .awaiting_decision()
        .select_related("user", "organisation")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "recruiters/queue.html", {"page": page})


@right_required("recruiters.validate")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(
        RecruiterProfile.objects.in_scope_of(request.user).select_related(
            "user", "organisation", "decided_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "recruiters/detail.html",
        {
            "profile": profile,
            "colleagues": services.colleagues(profile),
            "acceptance": profile.user.acceptances.select_related("document")
            .filter(document__kind=LegalDocument.Kind.TERMS)
            .first(),
            "reject_form": RejectForm(),
        },
    )


@right_required("recruiters.validate")
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(RecruiterProfile.objects.in_scope_of(request.user), pk=pk)
    accepting = request.POST.get("decision") == "accept"
    form = RejectForm(request.POST)
    if not accepting and not form.is_valid():
        messages.error(request, _("Give the reason of the rejection: it is sent to the person."))
        return redirect("recruiters:detail", pk=pk)
    try:
        if accepting:
            profile = services.accept(pk, acting_user=request.user, ip_address=client_ip(request))
        else:
            profile = services.reject(
                pk,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
    except RecruiterNotPending as refused:
        profile = refused.profile
        if profile.decided_by is not None:
            message = _("This registration was already decided by %(who)s: %(status)s.") % {
                "who": profile.decided_by,
                "status": profile.get_status_display(),
            }
        else:
            message = _("This registration cannot be decided: %(status)s.") % {
                "status": profile.get_status_display()
            }
        messages.warning(request, message)
        return redirect("recruiters:detail", pk=pk)
    name = f"{profile.user.get_full_name()} ({profile.organisation})"
    messages.success(
        request,
        (_("%(name)s is accepted.") if accepting else _("%(name)s is rejected.")) % {"name": name},
    )
    return redirect("recruiters:queue")


@right_required("organisations.trust")
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
