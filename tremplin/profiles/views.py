from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import candidate_required
from tremplin.profiles import services
from tremplin.profiles.forms import CvForm


@candidate_required
@require_POST
def cv(request: HttpRequest) -> HttpResponse:
    """Upload a new CV or remove it, from the profile page."""
    if request.POST.get("remove"):
        services.remove_cv(acting_user=request.user)
        messages.success(request, _("Your CV is removed."))
        return redirect("accounts:account")
    form = CvForm(request.POST, request.FILES)
    if not form.is_valid():
        # The profile page again, with the error next to the field.
        user = request.user
        context = {
            "composantes": user.composantes.all(),
            "vets": user.vets.select_related("composante"),
            "cv_form": form,
        }
        return render(request, "accounts/account.html", context, status=400)
    services.set_cv(form.cleaned_data["cv"], acting_user=request.user)
    messages.success(request, _("Your CV is saved: you can apply with it."))
    return redirect("accounts:account")


@login_required
def cv_download(request: HttpRequest) -> HttpResponse:
    """The person's own CV, and nobody else's."""
    resume = services.resume_of(request.user)
    if resume is None or not resume.cv:
        raise Http404
    response = FileResponse(
        resume.cv.open("rb"),
        as_attachment=True,
        filename="cv.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
