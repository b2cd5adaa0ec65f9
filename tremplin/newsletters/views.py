from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import Permission, right_required
from tremplin.lib.urls import client_ip
from tremplin.newsletters import services
from tremplin.newsletters.forms import NewsletterForm, ScheduleForm
from tremplin.newsletters.models import Newsletter

PAGE_SIZE = 30


def _mine(request: HttpRequest, pk: int) -> Newsletter:
    """The newsletter if the writer's scope covers it, else 404."""
    return get_object_or_404(Newsletter.objects.in_scope_of(request.user), pk=pk)


@right_required(Permission.NEWSLETTERS_SEND)
def newsletters(request: HttpRequest) -> HttpResponse:
    listed = Newsletter.objects.in_scope_of(request.user).select_related("author")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletters/list.html", {"page": page})


@right_required(Permission.NEWSLETTERS_SEND)
def create(request: HttpRequest) -> HttpResponse:
    form = NewsletterForm(request.POST or None, writer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.create(
                form.draft(), acting_user=request.user, ip_address=client_ip(request)
            )
        except services.OutOfScope:
            raise Http404 from None
        messages.success(request, _("The newsletter is saved. Check it, then schedule it."))
        return redirect("newsletters:detail", pk=newsletter.pk)
    return render(
        request,
        "newsletters/form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@right_required(Permission.NEWSLETTERS_SEND)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _mine(request, pk)
    if not newsletter.is_editable:
        return redirect("newsletters:detail", pk=pk)
    form = NewsletterForm(request.POST or None, instance=newsletter, writer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(
                newsletter, form.draft(), acting_user=request.user, ip_address=client_ip(request)
            )
        except services.OutOfScope:
            raise Http404 from None
        except services.NotEditable:
            messages.error(request, _("This newsletter has left: it can no longer change."))
        return redirect("newsletters:detail", pk=pk)
    return render(
        request,
        "newsletters/form.html",
        {"form": form, "newsletter": newsletter},
        status=400 if form.is_bound else 200,
    )


def _detail(request, newsletter, schedule_form=None, status=200) -> HttpResponse:
    previews = [("fr", *newsletter.in_language("fr"))]
    if newsletter.subject_en and newsletter.body_en:
        previews.append(("en", *newsletter.in_language("en")))
    return render(
        request,
        "newsletters/detail.html",
        {
            "newsletter": newsletter,
            "previews": previews,
            "recipients": services.recipients(newsletter).count(),
            "audience": services.audience_of(newsletter).count(),
            "counts": services.counts(newsletter),
            "parts": newsletter.parts(),
            "schedule_form": schedule_form
            or ScheduleForm(initial={"send_at": newsletter.send_at}),
        },
        status=status,
    )


@right_required(Permission.NEWSLETTERS_SEND)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _mine(request, pk))


@require_POST
@right_required(Permission.NEWSLETTERS_SEND)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _mine(request, pk)
    form = ScheduleForm(request.POST, now="now" in request.POST)
    if not form.is_valid():
        return _detail(request, newsletter, form, status=400)
    try:
        services.schedule(
            newsletter,
            form.cleaned_data["send_at"],
            acting_user=request.user,
            ip_address=client_ip(request),
        )
    except services.OutOfScope:
        raise Http404 from None
    except services.NotEditable:
        messages.error(request, _("This newsletter has left: it can no longer change."))
    else:
        messages.success(request, _("The newsletter is scheduled."))
    return redirect("newsletters:detail", pk=pk)


@require_POST
@right_required(Permission.NEWSLETTERS_SEND)
def unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _mine(request, pk)
    try:
        services.unschedule(newsletter, acting_user=request.user, ip_address=client_ip(request))
    except services.OutOfScope:
        raise Http404 from None
    except services.NotEditable:
        messages.error(request, _("This newsletter is not scheduled."))
    else:
        messages.success(request, _("The newsletter is back to draft: it will not be sent."))
    return redirect("newsletters:detail", pk=pk)


@login_required
def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.received_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletters/archive.html", {"page": page})


@login_required
def received(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = get_object_or_404(services.received_by(request.user), pk=pk)
    subject, _markdown, html = newsletter.in_language()
    return render(
        request,
        "newsletters/received.html",
        {"newsletter": newsletter, "subject": subject, "html": html},
    )
