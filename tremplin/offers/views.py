from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import (
    Permission,
    candidate_required,
    is_candidate,
    may,
    recruiter_required,
    right_required,
)
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.urls import client_ip, safe_next
from tremplin.moderation.models import TransitionRefused
from tremplin.moderation.views import PartApprovalPages, waits_for_others
from tremplin.offers import jsonld, services
from tremplin.offers.forms import (
    ApplicationForm,
    ApplicationStatusForm,
    OfferForm,
    StaffOfferForm,
)
from tremplin.offers.models import (
    Application,
    ApplicationStatusUnchanged,
    Favourite,
    Offer,
)
from tremplin.offers.search.form import SearchForm, panel
from tremplin.offers.search.query import CAP
from tremplin.offers.search.query import search as run_search
from tremplin.profiles.services import resume_of

PAGE_SIZE = 50


# --- Candidates: search, offer, favourites, applications -----------------------------


def search(request: HttpRequest) -> HttpResponse:
    """The offers aimed at the person (the public offers for a visitor who is not signed
    in, a recruiter or a staff member: `Offer.objects.listed_for`), found by words and
    filters. The URL holds the whole search (shareable); htmx asks for the results alone,
    which carry the new filter counts out of band."""
    form = SearchForm(request.GET)
    criteria = form.criteria()
    results = run_search(request.user, criteria)
    query = request.GET.copy()
    query.pop("page", None)
    organisation = None
    if "organisation" in criteria.filters:
        organisation = (
            Offer.objects.listed_for(request.user)
            .filter(organisation=criteria.filters["organisation"])
            .values_list("organisation__name", flat=True)
            .first()
        )
    context = {
        "form": form,
        "criteria": criteria,
        "results": results,
        "cap": CAP,
        "filters": panel(criteria, results.facets),
        "query": query.urlencode(),
        "organisation_name": organisation,
        "favourite_ids": set(
            Favourite.objects.filter(
                user=request.user, offer__in=[o.pk for o in results.offers]
            ).values_list("offer_id", flat=True)
        )
        if is_candidate(request.user)
        else set(),
        "filtered": any(
            request.GET.get(name) for name in form.fields if name not in ("q", "sort", "page")
        ),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "offers/_search_update.html" if partial else "offers/search.html", context
    )
    patch_vary_headers(response, ["HX-Request"])  # a cache never mixes the two
    return response


def _detail(request: HttpRequest, offer: Offer, application_form=None, status=200):
    user = request.user
    candidate = is_candidate(user)
    applied = Application.objects.sent_by(user).filter(offer=offer).first() if candidate else None
    resume = resume_of(user) if candidate else None
    has_profile_cv = bool(resume and resume.cv)
    visible = candidate and Offer.objects.visible_to(user).filter(pk=offer.pk).exists()
    public = Offer.objects.public().filter(pk=offer.pk).exists()
    context = {
        "offer": offer,
        "public": public,
        "listed": visible or (public and not candidate),  # in this person's search
        "can_apply": visible and offer.takes_applications_here and applied is None,
        "visible": visible,
        "applied": applied,
        "has_profile_cv": has_profile_cv,
        "application_form": application_form or ApplicationForm(has_profile_cv=has_profile_cv),
        "is_favourite": candidate and Favourite.objects.filter(user=user, offer=offer).exists(),
        "is_own": Offer.objects.of_organisation_of(user).filter(pk=offer.pk).exists(),
        "moderates": Offer.objects.in_scope_of(user).filter(pk=offer.pk).exists(),
        # Only where a search engine may read it: on the page of a public offer.
        "job_posting": jsonld.script_data(
            jsonld.job_posting(offer, request.build_absolute_uri(offer.get_absolute_url()))
        )
        if public
        else None,
    }
    return render(request, "offers/detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An offer's page: anybody's while it is public; otherwise a visitor who is not
    signed in is sent to sign in, whether the offer exists or not (nothing is told of
    it), and comes back here; a signed-in person who may not read it gets a 404."""
    offer = (
        Offer.objects.viewable_by(request.user)
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return _detail(request, offer)


@candidate_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    resume = resume_of(request.user)
    form = ApplicationForm(request.POST, request.FILES, has_profile_cv=bool(resume and resume.cv))
    if not form.is_valid():
        return _detail(request, offer, application_form=form, status=400)
    try:
        services.apply(
            offer.pk,
            acting_user=request.user,
            message=form.cleaned_data["message"],
            cv=form.cleaned_data["cv"],
        )
    except services.AlreadyApplied:
        messages.warning(request, _("You have already applied to this offer."))
    except services.NotAppliedHere:
        messages.warning(request, _("This offer takes applications outside Tremplin."))
    except services.NoCv:
        messages.error(request, _("Add a CV to your profile, or choose a PDF."))
    else:
        messages.success(
            request,
            _("Your application is sent to %(organisation)s. A confirmation is on its way.")
            % {"organisation": offer.organisation.name},
        )
    return redirect(offer)


@candidate_required
@require_POST
def favourite(request: HttpRequest, pk: int) -> HttpResponse:
    """Add to or remove from the favourites; htmx swaps the button, else back to the page."""
    adding = request.POST.get("favourite") == "on"
    if adding:
        offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=pk)
        services.add_favourite(offer.pk, acting_user=request.user)
    else:  # also an offer no longer published, from the favourites page
        kept = Q(pk__in=Offer.objects.visible_to(request.user).values("pk")) | Q(
            favourites__user=request.user
        )
        offer = get_object_or_404(Offer.objects.filter(kept).distinct(), pk=pk)
        services.remove_favourite(offer.pk, acting_user=request.user)
    if request.htmx:
        return render(request, "offers/_favourite.html", {"offer": offer, "is_favourite": adding})
    return redirect(safe_next(request, offer.get_absolute_url()))


@candidate_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = Application.objects.sent_by(request.user).select_related("offer__organisation")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = set(
        Offer.objects.visible_to(request.user)
        .filter(pk__in=[a.offer_id for a in page.object_list])
        .values_list("pk", flat=True)
    )
    return render(request, "offers/my_applications.html", {"page": page, "visible": visible})


@candidate_required
def favourites(request: HttpRequest) -> HttpResponse:
    kept = Favourite.objects.filter(user=request.user).select_related("offer__organisation")
    page = Paginator(kept, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = set(
        Offer.objects.visible_to(request.user)
        .filter(pk__in=[f.offer_id for f in page.object_list])
        .values_list("pk", flat=True)
    )
    return render(request, "offers/favourites.html", {"page": page, "visible": visible})


# --- Recruiters: their organisation's offers and the applications they receive ------


@recruiter_required
def recruiter_offers(request: HttpRequest) -> HttpResponse:
    offers = (
        Offer.objects.of_organisation_of(request.user)
        .annotate(application_count=Count("applications"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/recruiter_offers.html",
        {"page": page, "organisation": request.user.recruiter.organisation},
    )


@recruiter_required
def create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        offer = services.create_offer(
            form.details(),
            acting_user=request.user,
            submit=submit,
            ip_address=client_ip(request),
        )
        messages.success(request, _saved_message(offer))
        return redirect("offers:recruiter_offers")
    return render(
        request,
        "offers/offer_form.html",
        {"form": form, "organisation": request.user.recruiter.organisation},
    )


def _saved_message(offer: Offer) -> str:
    if offer.is_published:
        return _("“%(title)s” is published.") % {"title": offer.title}
    if offer.is_pending and offer.approvals.exists():
        return waits_for_others(offer)
    if offer.is_pending:
        return _("“%(title)s” is sent to the careers service for moderation.") % {
            "title": offer.title
        }
    return _("“%(title)s” is saved as a draft.") % {"title": offer.title}


@recruiter_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.of_organisation_of(request.user).select_related("organisation"), pk=pk
    )
    if not offer.may_edit:
        messages.warning(request, _("This offer is closed: it can no longer be changed."))
        return redirect("offers:recruiter_offers")
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        offer = services.update_offer(
            offer.pk, form.details(), acting_user=request.user, ip_address=client_ip(request)
        )
        if "submit" in request.POST and offer.may_submit:
            offer = services.submit_offer(
                offer.pk, acting_user=request.user, ip_address=client_ip(request)
            )
        messages.success(request, _saved_message(offer))
        return redirect("offers:recruiter_offers")
    return render(
        request,
        "offers/offer_form.html",
        {"form": form, "offer": offer, "organisation": offer.organisation},
    )


def _recruiter_action(verb, done_message=None):
    """A POST that moves one of the recruiter's offers (submit, fill, archive)."""

    @recruiter_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(Offer.objects.of_organisation_of(request.user), pk=pk)
        try:
            offer = verb(pk, acting_user=request.user, ip_address=client_ip(request))
        except TransitionRefused as refused:
            messages.warning(
                request,
                _("This cannot be done to “%(title)s”: it is %(status)s.")
                % {"title": refused.obj.title, "status": refused.obj.get_status_display()},
            )
        else:
            messages.success(
                request,
                done_message % {"title": offer.title} if done_message else _saved_message(offer),
            )
        return redirect("offers:recruiter_offers")

    return view


submit = _recruiter_action(services.submit_offer)
mark_filled = _recruiter_action(
    services.mark_offer_filled,
    gettext_lazy("“%(title)s” is marked as filled and leaves the search."),
)
archive = _recruiter_action(services.archive_offer, gettext_lazy("“%(title)s” is archived."))


@recruiter_required
def offer_applications(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.of_organisation_of(request.user), pk=pk)
    received = (
        Application.objects.received_by(request.user)
        .filter(offer=offer)
        .select_related("candidate")
    )
    page = Paginator(received, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "offers/offer_applications.html", {"offer": offer, "page": page})


@recruiter_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Application.objects.received_by(request.user).select_related(
            "offer__organisation", "candidate"
        ),
        pk=pk,
    )
    form = ApplicationStatusForm(request.POST or None, initial={"status": found.status})
    if request.method == "POST" and form.is_valid():
        try:
            found = services.set_application_status(
                found.pk, form.cleaned_data["status"], acting_user=request.user
            )
        except ApplicationStatusUnchanged:
            messages.info(request, _("The application already had this status."))
        else:
            messages.success(
                request,
                _("The application is now “%(status)s”; %(name)s is told by e-mail.")
                % {"status": found.get_status_display(), "name": found.candidate.get_full_name()},
            )
        return redirect("offers:application", pk=found.pk)
    return render(request, "offers/application.html", {"application": found, "form": form})


@recruiter_required
def application_cv(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Application.objects.received_by(request.user).select_related("candidate"), pk=pk
    )
    record(
        Action.APPLICATION_CV_DOWNLOADED,
        actor=request.user,
        target=found,
        ip_address=client_ip(request),
    )
    name = slugify(found.candidate.get_full_name()) or "candidat"
    response = FileResponse(
        found.cv.open("rb"),
        as_attachment=True,
        filename=f"CV-{name}-{found.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Moderation -----------------------------------------------------------------------


class OfferModeration(PartApprovalPages):
    model = Offer
    right = Permission.OFFERS_MODERATE
    title = gettext_lazy("Offers to moderate")
    context_name = "offer"
    queue_template = "offers/queue.html"
    detail_template = "offers/moderation.html"
    queue_url = "offers:queue"
    detail_url = "offers:moderation"
    decide_url = "offers:decide"
    reason_label = gettext_lazy("Reason, sent to the recruiter")
    reason_missing = gettext_lazy("Give the reason of the rejection: it is sent to the recruiter.")
    waiting_since = "submitted_at"
    queue_related = ("organisation",)
    detail_related = ("organisation", "decided_by", "created_by")

    accept = staticmethod(services.publish_offer)
    reject = staticmethod(services.reject_offer)
    already_approved = gettext_lazy("Your part of this offer is approved already.")
    no_longer_waiting = gettext_lazy(
        "This offer is no longer waiting for moderation: it is %(status)s."
    )

    def detail_context(self, request: HttpRequest, offer: Offer) -> dict:
        return {
            **super().detail_context(request, offer),
            "composantes": offer.composantes.all(),
            "vets": offer.vets.all(),
            "may_trust": may(request.user, Permission.ORGANISATIONS_TRUST),
        }

    def waiting_message(self, count: int) -> str:
        return ngettext(
            "%(count)d offer is waiting in your scope.",
            "%(count)d offers are waiting in your scope.",
            count,
        ) % {"count": count}


queue, moderation, decide = OfferModeration.as_views()


@right_required(Permission.OFFERS_MODERATE)
def staff_create(request: HttpRequest) -> HttpResponse:
    """A moderator posts an offer an organisation sent to the careers service."""
    form = StaffOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = services.create_offer(
            form.details(),
            acting_user=request.user,
            organisation=form.cleaned_data["organisation"],
            ip_address=client_ip(request),
        )
        messages.success(request, _saved_message(offer))
        return redirect("offers:moderation", pk=offer.pk)
    return render(request, "offers/staff_offer_form.html", {"form": form})
