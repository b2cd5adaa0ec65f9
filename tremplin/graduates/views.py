from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from tremplin.accounts.forms import PasswordForm
from tremplin.accounts.models import User
from tremplin.accounts.permissions import Permission, right_required
from tremplin.accounts.sign_in import open_local_session
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.graduates import services
from tremplin.graduates.forms import AbsentForm, DiplomaChoiceForm, RegistrationForm
from tremplin.graduates.models import GraduateClaim, RegistrationLink
from tremplin.graduates.transition import user_for_token
from tremplin.lib.links import LinkExpired, LinkInvalid
from tremplin.lib.urls import client_ip
from tremplin.moderation.views import ModerationPages


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_registration(
                **form.cleaned_data, language=get_language(), ip_address=client_ip(request)
            )
        except services.RateLimited:
            return render(request, "graduates/too_many.html", status=429)
        return redirect("graduates:sent")
    return render(
        request,
        "graduates/register.html",
        {"form": form, "institutional_domains": settings.INSTITUTIONAL_EMAIL_DOMAINS},
    )


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "graduates/sent.html")


def next_step(request: HttpRequest, token: str) -> HttpResponse:
    """Where the e-mailed link leads: the page depends on what the registry said."""
    try:
        link = services.open_link(token)
    except LinkExpired:
        return render(request, "graduates/link_problem.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "graduates/link_problem.html", {"expired": False}, status=404)
    handler = {
        RegistrationLink.FOUND: _choose_diploma,
        RegistrationLink.ABSENT: _complete_request,
        RegistrationLink.INSTITUTIONAL: _institutional,
    }[link.route]
    try:
        return handler(request, link)
    except services.LinkUsed:
        return render(request, "graduates/link_problem.html", {"expired": False}, status=404)
    except services.AccountExists:
        return render(request, "graduates/account_exists.html", status=409)


def _choose_diploma(request: HttpRequest, link: RegistrationLink) -> HttpResponse:
    entries = services.diplomas_of(link)
    form = DiplomaChoiceForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.chosen_entry is not None:
            claim = services.claim_diploma(link, form.chosen_entry, password=data["password1"])
        else:
            claim = services.claim_other_diploma(
                link,
                composante=data["composante"],
                diploma_title=data["diploma_title"],
                year_obtained=data["year_obtained"],
                message=data["message"],
                password=data["password1"],
            )
        return render(request, "graduates/claim_received.html", {"claim": claim})
    return render(request, "graduates/choose_diploma.html", {"form": form, "link": link})


def _complete_request(request: HttpRequest, link: RegistrationLink) -> HttpResponse:
    initial = {
        "last_name": link.last_name,
        "first_name": link.first_name,
        "birth_date": link.birth_date,
    }
    form = AbsentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        claim = services.claim_absent(
            link,
            last_name=data["last_name"],
            first_name=data["first_name"],
            birth_date=data["birth_date"],
            composante=data["composante"],
            diploma_title=data["diploma_title"],
            year_obtained=data["year_obtained"],
            message=data["message"],
            proof=data["proof"],
            password=data["password1"],
        )
        return render(request, "graduates/claim_received.html", {"claim": claim})
    return render(request, "graduates/complete_request.html", {"form": form, "link": link})


def _institutional(request: HttpRequest, link: RegistrationLink) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.complete_institutional(link, password=form.cleaned_data["password1"])
        messages.success(request, _("Your graduate account is validated. Welcome!"))
        return open_local_session(request, user, redirect_url=reverse("accounts:account"))
    return render(request, "graduates/institutional.html", {"form": form, "link": link})


def set_password(request: HttpRequest, token: str) -> HttpResponse:
    """A student who graduated chooses the password of their account."""
    user = user_for_token(token)
    if user is None:
        return render(request, "graduates/link_problem.html", {"expired": False}, status=404)
    form = PasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["password1"])
        user.save(update_fields=["password"])
        messages.success(
            request, _("Your password is set: from now on, sign in with your e-mail address.")
        )
        return open_local_session(request, user, redirect_url=reverse("accounts:account"))
    return render(request, "graduates/set_password.html", {"form": form, "person": user})


# --- Moderation ---------------------------------------------------------------------


class ClaimModeration(ModerationPages):
    model = GraduateClaim
    right = Permission.GRADUATES_VALIDATE
    title = gettext_lazy("Graduate registrations to validate")
    context_name = "claim"
    queue_template = "graduates/claims.html"
    detail_template = "graduates/claim_detail.html"
    queue_url, detail_url, decide_url = (
        "graduates:claims",
        "graduates:claim",
        "graduates:claim_decide",
    )
    accept_label = gettext_lazy("Validate")
    queue_related = ("composante", "vet", "declared_composante")
    detail_related = (
        "user",
        "composante",
        "vet",
        "declared_composante",
        "registry_entry__vet",
        "decided_by",
    )

    def accept(self, pk: int, *, acting_user: User, ip_address: str | None) -> GraduateClaim:
        return services.decide_claim(
            pk, acting_user=acting_user, validate=True, ip_address=ip_address
        )

    def reject(
        self, pk: int, *, acting_user: User, reason: str, ip_address: str | None
    ) -> GraduateClaim:
        return services.decide_claim(
            pk, acting_user=acting_user, validate=False, reason=reason, ip_address=ip_address
        )

    def accepted_message(self, claim: GraduateClaim) -> str:
        return _("%(name)s is validated.") % {"name": f"{claim.first_name} {claim.last_name}"}

    def rejected_message(self, claim: GraduateClaim) -> str:
        return _("%(name)s is rejected.") % {"name": f"{claim.first_name} {claim.last_name}"}

    def refused_message(self, claim: GraduateClaim) -> str:
        return _("This request was already decided by %(who)s: %(status)s.") % {
            "who": claim.decided_by,
            "status": claim.get_status_display(),
        }

    def detail_context(self, request: HttpRequest, claim: GraduateClaim) -> dict:
        return {"duplicates": services.possible_duplicates(claim)}

    def waiting_message(self, count: int) -> str:
        return ngettext(
            "%(count)d registration is waiting in your scope.",
            "%(count)d registrations are waiting in your scope.",
            count,
        ) % {"count": count}


claims, claim_detail, claim_decide = ClaimModeration.as_views()


@right_required(Permission.GRADUATES_VALIDATE)
def claim_proof(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(GraduateClaim.objects.in_scope_of(request.user), pk=pk)
    if not claim.proof:
        raise Http404
    record(
        Action.GRADUATE_PROOF_DOWNLOADED,
        actor=request.user,
        target=claim,
        ip_address=client_ip(request),
    )
    response = FileResponse(
        claim.proof.open("rb"),
        as_attachment=True,
        filename=f"justificatif-{claim.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
