"""The search profile (its first-sign-in step and its page), saved searches and alerts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import candidate_required
from tremplin.alerts import services
from tremplin.alerts.forms import (
    MAX_SAVED_SEARCHES,
    FrequencyForm,
    SaveSearchForm,
    SearchProfileForm,
    may_save_another,
)
from tremplin.alerts.models import SavedSearch
from tremplin.lib.urls import safe_next
from tremplin.mailings.forms import ConsentForm
from tremplin.mailings.services import set_consents


@candidate_required
def welcome(request: HttpRequest) -> HttpResponse:
    """The step offered once, at the first sign-in: the search profile and the kinds of
    mail the person wants (`tremplin.mailings`), or skip it (no mail of those kinds)."""
    user = request.user
    next_url = safe_next(request, "pages:home")
    profile = services.search_profile_of(user)
    consent = ConsentForm.for_user(user, request.POST or None, prefix="mail")
    if request.method == "POST":
        if request.POST.get("skip"):
            services.skip_search_profile_step(acting_user=user)
            messages.info(request, _("You can describe what you look for later, on your profile."))
            return redirect(next_url)
        form = SearchProfileForm(request.POST)
        if form.is_valid() and consent.is_valid():
            services.set_search_profile(form.cleaned_data, acting_user=user)
            set_consents(user, consent.cleaned_data["kinds"], acting_user=user, via="welcome")
            messages.success(request, _("Your search profile is saved."))
            return redirect(next_url)
    elif profile is not None:  # seen already: the profile page edits it
        return redirect(next_url)
    else:
        form = SearchProfileForm.for_profile(None)
    context = {"form": form, "consent": consent, "next": next_url}
    return render(request, "alerts/welcome.html", context)


@candidate_required
def search_profile(request: HttpRequest) -> HttpResponse:
    """The search profile, from the profile page."""
    profile = services.search_profile_of(request.user)
    form = SearchProfileForm.for_profile(profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_search_profile(form.cleaned_data, acting_user=request.user)
        messages.success(request, _("Your search profile is saved."))
        return redirect("accounts:account")
    return render(request, "alerts/search_profile.html", {"form": form})


@candidate_required
def alert_settings(request: HttpRequest) -> HttpResponse:
    profile = services.search_profile_of(request.user)
    searches = SavedSearch.objects.of(request.user)[:MAX_SAVED_SEARCHES]
    return render(
        request,
        "alerts/settings.html",
        {
            "profile": profile,
            "max_offers": settings.ALERT_MAX_OFFERS,
            "profile_form": FrequencyForm(
                initial={"frequency": profile.alert_frequency if profile else ""}
            ),
            "searches": [
                (search, FrequencyForm(initial={"frequency": search.frequency}))
                for search in searches
            ],
        },
    )


@candidate_required
@require_POST
def profile_alert(request: HttpRequest) -> HttpResponse:
    form = FrequencyForm(request.POST)
    if form.is_valid():
        services.set_alert_frequency(form.cleaned_data["frequency"], acting_user=request.user)
        messages.success(request, _("Your alert is saved."))
    return redirect(safe_next(request, "alerts:settings"))


@candidate_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    """Save the search of the search page under a name, with its alert."""
    form = SaveSearchForm(request.POST)
    query = request.POST.get("query", "")[:2000]
    back = reverse("offers:search") + (f"?{query}" if query else "")
    if not form.is_valid():
        messages.error(request, _("Give this search a name (80 characters at most)."))
        return redirect(back)
    name = form.cleaned_data["name"]
    if not may_save_another(request.user, name):
        messages.error(
            request,
            _("You have %(count)d saved searches: delete one to save another.")
            % {"count": MAX_SAVED_SEARCHES},
        )
        return redirect(back)
    search = services.save_search(
        name, form.cleaned_data["query"], form.cleaned_data["frequency"], acting_user=request.user
    )
    messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return redirect(search.get_absolute_url())


@candidate_required
@require_POST
def search_alert(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.of(request.user), pk=pk)
    form = FrequencyForm(request.POST)
    if form.is_valid():
        services.set_search_frequency(
            search, form.cleaned_data["frequency"], acting_user=request.user
        )
        messages.success(request, _("Your alert is saved."))
    return redirect("alerts:settings")


@candidate_required
@require_POST
def delete_search(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.of(request.user), pk=pk)
    services.delete_search(search, acting_user=request.user)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": search.name})
    return redirect("alerts:settings")
