"""The person's choice of mails: signed in (`preferences`), or from a mail's signed link,
without signing in (`link_preferences`, `unsubscribe`: RFC 8058's one-click POST).

The links carry a signed random key (`services.link_token`); a wrong one is a 404, and a
client address that tries too many wrong ones is refused for an hour (429), valid links
included."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tremplin.lib.links import LinkInvalid
from tremplin.lib.ratelimit import RateLimit
from tremplin.lib.urls import client_ip
from tremplin.mailings import services
from tremplin.mailings.forms import ConsentForm
from tremplin.mailings.models import MailKind


def _wrong_links() -> RateLimit:
    return RateLimit(
        "mailings-wrong-link",
        limit=settings.MAIL_LINK_FAILURES_PER_HOUR,
        period=3600,
        per_address=True,
    )


class TooMany(Exception):
    pass


def _person(request: HttpRequest, token: str):
    """The person the link is for; Http404 if it is wrong, TooMany past the limit."""
    counter = _wrong_links().counter(client_ip(request))
    if counter.add(0) >= settings.MAIL_LINK_FAILURES_PER_HOUR:
        raise TooMany
    try:
        return services.person_for(token)
    except LinkInvalid:
        counter.add(1)
        raise Http404 from None


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            services.set_consents(
                user,
                form.cleaned_data["kinds"],
                acting_user=user,
                ip_address=client_ip(request),
            )
            messages.success(request, _("Your choice of e-mails is saved."))
            return redirect("mailings:preferences")
    else:
        form = ConsentForm.for_user(user)
    return render(
        request,
        "mailings/preferences.html",
        {"form": form, "deliverable": services.is_deliverable(user.email), "person": user},
        status=400 if form.is_bound else 200,
    )


@never_cache
def link_preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person = _person(request, token)
    except TooMany:
        return _too_many(request)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            services.set_consents(
                person,
                form.cleaned_data["kinds"],
                acting_user=None,
                via="link",
                ip_address=client_ip(request),
            )
            messages.success(request, _("Your choice of e-mails is saved."))
            return redirect("mailings:link_preferences", token=token)
    else:
        form = ConsentForm.for_user(person)
    return render(
        request,
        "mailings/preferences.html",
        {
            "form": form,
            "deliverable": services.is_deliverable(person.email),
            "person": person,
            "by_link": True,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@csrf_exempt  # RFC 8058: mail clients post with no session nor token; the link is the secret
def unsubscribe(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    """GET: a page with one button (a link scanner that opens it changes nothing). POST:
    the one-click unsubscribe of RFC 8058, from the mail client or that button."""
    if kind not in MailKind.values:
        raise Http404
    try:
        person = _person(request, token)
    except TooMany:
        return _too_many(request)
    done = request.method == "POST"
    if done:
        services.unsubscribe(person, kind, ip_address=client_ip(request))
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "mailings/unsubscribe.html",
        {
            "kind_label": MailKind(kind).label,
            "done": done,
            "token": token,
        },
    )
