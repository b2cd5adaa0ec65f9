from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import (
    Permission,
    candidate_required,
    events_organiser_required,
    is_candidate,
    is_open_recruiter,
    recruiter_required,
    right_required,
)
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.events import calendar, exports, jsonld, services
from tremplin.events.forms import (
    BookForm,
    CheckInForm,
    EventForm,
    OrganisationForm,
    SlotsForm,
    StaffEventForm,
    StandForm,
)
from tremplin.events.models import Booking, Event, Participation, Registration, Slot
from tremplin.events.qr import qr_data_uri
from tremplin.lib.ratelimit import RateLimit
from tremplin.lib.urls import client_ip
from tremplin.moderation.views import ModerationPages, PartApprovalPages
from tremplin.profiles.services import resume_of

PAGE_SIZE = 30
# The feed's address is a secret: a few tries per client address. At the door, wrong codes
# are counted per organiser and event (the right ones are not: a door lets hundreds in).
FEED_LIMIT = RateLimit("event-feed-ip", limit=120, period=3600, per_address=True)
CHECK_IN_LIMIT = RateLimit("event-check-in-misses", limit=100, period=600)


# --- Everybody: the listing, an event's page, its .ics ---------------------------------


def _listing(request: HttpRequest, *, archive: bool) -> HttpResponse:
    events = Event.objects.visible_to(request.user)
    events = events.past().order_by("-starts_at", "-pk") if archive else events.upcoming()
    page = Paginator(events.select_related("organisation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if is_candidate(request.user):
        mine = {
            r.event_id: r
            for r in Registration.objects.of(request.user)
            .filter(event__in=[e.pk for e in page.object_list])
            .active()
        }
        for event in page.object_list:
            event.my_registration = mine.get(event.pk)
    return render(request, "events/list.html", {"page": page, "archive": archive})


def listing(request: HttpRequest) -> HttpResponse:
    """Recruitment events to come: those open to everyone for anybody, the others for the
    people they are aimed at once signed in."""
    return _listing(request, archive=False)


def archive(request: HttpRequest) -> HttpResponse:
    return _listing(request, archive=True)


def _viewable(request: HttpRequest, pk: int) -> Event:
    """The event if this person may see it; an anonymous visitor signs in first (the
    event may be aimed at them), anybody else gets a 404."""
    found = Event.objects.viewable_by(request.user).select_related("organisation").filter(pk=pk)
    event = found.first()
    if event is None:
        if not request.user.is_authenticated:
            raise _SignInFirst
        raise Http404
    return event


class _SignInFirst(Exception):
    pass


def _sign_in_first(view):
    """An anonymous visitor asking for an event not open to everyone signs in first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapped


@_sign_in_first
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _viewable(request, pk)
    user = request.user
    registration = (
        Registration.objects.of(user)
        .filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    participations = event.participations.accepted().select_related("organisation")
    own_participation = None
    if is_open_recruiter(user):
        own_participation = event.participations.filter(
            organisation=user.recruiter.organisation
        ).first()
    public = Event.objects.open_to_everyone().filter(pk=event.pk).exists()
    context = {
        "event": event,
        "registration": registration,
        "can_register": registration is None
        and Event.objects.registrable_by(user).filter(pk=event.pk).exists(),
        "participations": participations,
        "seats_taken": event.registrations.registered().count(),
        "waiting_count": event.registrations.waiting().count(),
        "organises": Event.objects.organised_by(user).filter(pk=event.pk).exists(),
        "may_ask_stand": is_open_recruiter(user)
        and own_participation is None
        and event.is_published
        and event.has_stands
        and not event.is_past,
        "own_participation": own_participation,
        "stand_form": StandForm(),
        "event_data": jsonld.script_data(
            jsonld.event_data(event, request.build_absolute_uri(event.get_absolute_url()))
        )
        if public and event.is_published
        else None,
    }
    return render(request, "events/detail.html", context)


@_sign_in_first
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _viewable(request, pk)
    registered = Registration.objects.of(request.user).filter(event=event).registered().exists()
    body = calendar.calendar_of([event], linked={event.pk} if registered else set())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(event.title) or "event"}.ics"'
    )
    return response


# --- Students and graduates: register, their registrations, their calendar --------------


@candidate_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    try:
        registration = services.register(event.pk, acting_user=request.user)
    except services.NotRegistrable:
        messages.warning(request, _("Registration to this event is not open."))
        return redirect(event)
    except services.AlreadyRegistered as already:
        return redirect(already.registration)
    if registration.is_registered:
        messages.success(request, _("You are registered. A confirmation is on its way."))
    else:
        messages.info(
            request,
            _(
                "All seats are taken: you are on the waiting list. We will tell you by e-mail "
                "if a seat is freed."
            ),
        )
    return redirect(registration)


@candidate_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.of(request.user)
        .active()
        .select_related("event")
        .order_by("-event__starts_at")
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/my_registrations.html",
        {
            "page": page,
            "has_feed": hasattr(request.user, "event_feed"),
            "feed_url": None,
        },
    )


@candidate_required
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Registration.objects.of(request.user).active().select_related("event"), pk=pk
    )
    event = found.event
    bookings = Booking.objects.filter(event=event, candidate=request.user).select_related(
        "slot", "organisation"
    )
    return render(
        request,
        "events/registration.html",
        {
            "registration": found,
            "event": event,
            "qr": qr_data_uri(found) if found.is_registered else None,
            "position": found.event.registrations.waiting()
            .filter(
                Q(registered_at__lt=found.registered_at)
                | Q(registered_at=found.registered_at, pk__lt=found.pk)
            )
            .count()
            + 1
            if found.is_waiting
            else None,
            "bookings": bookings,
            "may_cancel": event.starts_at > timezone.now(),
        },
    )


@candidate_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Registration.objects.of(request.user).active(), pk=pk)
    try:
        services.cancel_registration(found.pk, acting_user=request.user)
    except services.NotCancellable:
        messages.warning(request, _("The event has started: the registration stays."))
        return redirect(found)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:my_registrations")


@candidate_required
@require_POST
def feed_new(request: HttpRequest) -> HttpResponse:
    """A new secret calendar address (the previous one stops working), shown once."""
    token = services.new_feed(acting_user=request.user)
    registrations = (
        Registration.objects.of(request.user)
        .active()
        .select_related("event")
        .order_by("-event__starts_at")
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(1)
    return render(
        request,
        "events/my_registrations.html",
        {
            "page": page,
            "has_feed": True,
            "feed_url": request.build_absolute_uri(reverse("events:feed", args=[token])),
        },
    )


@candidate_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_feed(acting_user=request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("events:my_registrations")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar, read by their calendar application (no session)."""
    if not FEED_LIMIT.hit(client_ip(request)):
        return HttpResponse(status=429)
    person = services.feed_owner(token)
    if person is None:
        raise Http404
    events = [
        r.event
        for r in Registration.objects.filter(person=person)
        .registered()
        .select_related("event")
        .order_by("event__starts_at")
    ]
    body = calendar.calendar_of(
        events, linked={e.pk for e in events}, name=_("My recruitment events")
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Job dating: candidates book, recruiters see their schedule ---------------------------


@candidate_required
def slots(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.visible_to(request.user).filter(kind=Event.Kind.JOB_DATING), pk=pk
    )
    registered = Registration.objects.of(request.user).filter(event=event).registered().exists()
    all_slots = (
        Slot.objects.filter(event=event)
        .select_related("organisation", "booking")
        .order_by("organisation__name", "starts_at")
    )
    booked = set(
        Booking.objects.filter(event=event, candidate=request.user).values_list(
            "organisation_id", flat=True
        )
    )
    return render(
        request,
        "events/slots.html",
        {
            "event": event,
            "registered": registered,
            "slots": all_slots,
            "booked": booked,
            "form": BookForm(),
            "has_cv": bool((p := resume_of(request.user)) and p.cv),
        },
    )


@candidate_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.filter(event__in=Event.objects.visible_to(request.user)), pk=pk
    )
    form = BookForm(request.POST)
    form.is_valid()
    try:
        services.book_slot(
            slot.pk, acting_user=request.user, share_cv=form.cleaned_data.get("share_cv", False)
        )
    except Slot.DoesNotExist:
        messages.warning(request, _("Register to the job dating first."))
    except services.SlotTaken:
        messages.warning(request, _("Somebody booked this slot first: choose another."))
    except services.AlreadyBooked:
        messages.warning(request, _("You already have a slot with this organisation."))
    else:
        messages.success(request, _("Your slot is booked."))
    return redirect("events:slots", pk=slot.event_id)


@candidate_required
@require_POST
def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.filter(candidate=request.user), pk=pk)
    services.cancel_booking(booking.pk, acting_user=request.user)
    messages.success(request, _("Your slot is cancelled."))
    return redirect("events:slots", pk=booking.event_id)


def _recruiters_job_dating(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.published().filter(
            kind=Event.Kind.JOB_DATING,
            participations__organisation=request.user.recruiter.organisation,
            participations__status=Participation.Status.ACCEPTED,
        ),
        pk=pk,
    )


@recruiter_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The recruiter's slots at a job dating, who booked them, and the CVs shared."""
    event = _recruiters_job_dating(request, pk)
    organisation = request.user.recruiter.organisation
    form = SlotsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.open_slots(event.pk, acting_user=request.user, **form.cleaned_data)
        messages.success(
            request,
            ngettext("%(count)d slot opened.", "%(count)d slots opened.", len(made))
            % {"count": len(made)},
        )
        return redirect("events:schedule", pk=event.pk)
    mine = (
        Slot.objects.filter(event=event, organisation=organisation)
        .select_related("booking__candidate")
        .order_by("starts_at")
    )
    return render(request, "events/schedule.html", {"event": event, "slots": mine, "form": form})


@recruiter_required
def booking_cv(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.filter(
            organisation=request.user.recruiter.organisation, share_cv=True
        ).select_related("candidate"),
        pk=pk,
    )
    profile = resume_of(booking.candidate)
    if profile is None or not profile.cv:
        raise Http404
    record(
        Action.EVENT_CV_DOWNLOADED,
        actor=request.user,
        target=booking,
        ip_address=client_ip(request),
    )
    name = slugify(booking.candidate.get_full_name()) or "candidat"
    response = FileResponse(
        profile.cv.open("rb"),
        as_attachment=True,
        filename=f"CV-{name}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Recruiters: their events, proposals, stands ------------------------------------------


@recruiter_required
def recruiter_events(request: HttpRequest) -> HttpResponse:
    organisation = request.user.recruiter.organisation
    proposed = Event.objects.filter(organisation=organisation).order_by("-starts_at")
    stands = Participation.objects.filter(organisation=organisation).select_related("event")
    return render(
        request,
        "events/recruiter_events.html",
        {"proposed": proposed, "stands": stands, "organisation": organisation},
    )


@recruiter_required
def propose(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.create_event(
            form.details(), acting_user=request.user, ip_address=client_ip(request)
        )
        messages.success(
            request,
            _("“%(title)s” is sent to the careers service for moderation.")
            % {"title": event.title},
        )
        return redirect("events:recruiter_events")
    return render(request, "events/event_form.html", {"form": form, "staff": False})


@recruiter_required
@require_POST
def ask_stand(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    form = StandForm(request.POST)
    form.is_valid()
    try:
        services.request_stand(
            event.pk,
            acting_user=request.user,
            message=form.cleaned_data.get("message", ""),
            ip_address=client_ip(request),
        )
    except services.StandNotPossible:
        messages.warning(request, _("Stands are asked at forums and job datings to come."))
    else:
        messages.success(request, _("Your request is sent to the careers service."))
    return redirect(event)


# --- Organisers: create, registrants, check-in, exports -----------------------------------


@right_required(Permission.EVENTS_MANAGE)
def staff_events(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.in_scope_of(request.user)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status="registered")),
            present=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("-starts_at")
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/staff_events.html", {"page": page})


@right_required(Permission.EVENTS_MANAGE)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                form.details(),
                acting_user=request.user,
                organisations=list(form.cleaned_data["organisations"]),
                ip_address=client_ip(request),
            )
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "Your scope does not cover this audience: choose composantes or "
                    "programmes of your scope."
                ),
            )
        else:
            messages.success(request, _("“%(title)s” is published.") % {"title": event.title})
            return redirect("events:registrants", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "staff": True})


@right_required(Permission.EVENTS_MANAGE)
def organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisations taking part: staff of the event's scope add them, with a stand."""
    event = get_object_or_404(Event.objects.in_scope_of(request.user), pk=pk)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participation = services.add_organisation(
            event.pk,
            form.cleaned_data["organisation"],
            acting_user=request.user,
            stand=form.cleaned_data["stand"],
        )
        messages.success(
            request,
            _("%(organisation)s takes part in “%(title)s”.")
            % {"organisation": participation.organisation.name, "title": event.title},
        )
        return redirect("events:organisations", pk=event.pk)
    taking_part = event.participations.select_related("organisation")
    return render(
        request,
        "events/organisations.html",
        {"event": event, "form": form, "participations": taking_part},
    )


# Staff with the right and recruiters whose account is open; the event itself is looked up
# in `Event.objects.organised_by` (out of scope: 404).
_organiser_required = events_organiser_required


def _organised(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(Event.objects.organised_by(request.user), pk=pk)


@_organiser_required
def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised(request, pk)
    listed = (
        Registration.objects.filter(event=event)
        .active()
        .select_related("person")
        .order_by("status", "person__last_name", "pk")
    )
    page = Paginator(listed, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registrants.html",
        {
            "event": event,
            "page": page,
            "registered": event.registrations.registered().count(),
            "waiting": event.registrations.waiting().count(),
            "present": event.registrations.filter(checked_in_at__isnull=False).count(),
        },
    )


@_organiser_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door, on a phone: the code typed, or the QR code's address opened by the
    phone's camera (its code is filled in, the organiser confirms)."""
    event = _organised(request, pk)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    outcome = None
    status = 200
    if request.method == "POST" and form.is_valid():
        misses = CHECK_IN_LIMIT.counter(f"{request.user.pk}:{event.pk}")
        if misses.add(0) >= CHECK_IN_LIMIT.limit:
            return HttpResponse(status=429)
        try:
            found = services.check_in(
                event.pk, form.cleaned_data["code"], acting_user=request.user
            )
        except services.UnknownCode:
            misses.add(1)
            outcome, status = ("error", _("No registration with this code.")), 400
        except services.AlreadyCheckedIn as already:
            outcome = (
                "warning",
                _("%(name)s was checked in already, at %(time)s.")
                % {
                    "name": already.registration.person.get_full_name(),
                    "time": timezone.localtime(already.registration.checked_in_at).strftime(
                        "%H:%M"
                    ),
                },
            )
        else:
            outcome = ("ok", _("Welcome, %(name)s!") % {"name": found.person.get_full_name()})
            form = CheckInForm()
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "outcome": outcome,
            "present": event.registrations.filter(checked_in_at__isnull=False).count(),
            "registered": event.registrations.registered().count(),
        },
        status=status,
    )


def _export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    event = _organised(request, pk)
    record(Action.EVENT_EXPORTED, actor=request.user, target=event, ip_address=client_ip(request))
    name = f"inscrits-{slugify(event.title) or event.pk}"
    if kind == "csv":
        response = HttpResponse(exports.as_csv(event), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            exports.as_xlsx(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@_organiser_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "csv")


@_organiser_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx")


# --- Moderation: recruiters' proposals and stand requests ---------------------------------


class EventModeration(PartApprovalPages):
    model = Event
    right = Permission.EVENTS_MODERATE
    waiting_since = "submitted_at"
    title = gettext_lazy("Events to moderate")
    context_name = "event"
    queue_template = "events/queue.html"
    detail_template = "events/moderation.html"
    queue_url = "events:queue"
    detail_url = "events:moderation"
    decide_url = "events:decide"
    reason_label = gettext_lazy("Reason, sent to the recruiter")
    reason_missing = gettext_lazy("Give the reason of the rejection: it is sent to the recruiter.")
    queue_related = ("organisation",)
    detail_related = ("organisation", "decided_by", "created_by")

    accept = staticmethod(services.publish_event)
    reject = staticmethod(services.reject_event)
    already_approved = gettext_lazy("Your part of this event is approved already.")
    no_longer_waiting = gettext_lazy(
        "This event is no longer waiting for moderation: it is %(status)s."
    )

    def waiting_message(self, count: int) -> str:
        return ngettext(
            "%(count)d event is waiting in your scope.",
            "%(count)d events are waiting in your scope.",
            count,
        ) % {"count": count}


queue, moderation, decide = EventModeration.as_views()


class StandModeration(ModerationPages):
    model = Participation
    right = Permission.EVENTS_MODERATE
    title = gettext_lazy("Stand requests")
    context_name = "participation"
    queue_template = "events/stand_queue.html"
    detail_template = "events/stand_moderation.html"
    queue_url = "events:stand_queue"
    detail_url = "events:stand"
    decide_url = "events:stand_decide"
    accept_label = gettext_lazy("Accept")
    reason_label = gettext_lazy("Reason, sent to the recruiter")
    reason_missing = gettext_lazy("Give the reason of the rejection: it is sent to the recruiter.")
    queue_related = ("organisation", "event")
    detail_related = ("organisation", "event", "decided_by", "requested_by")

    accept = staticmethod(services.accept_stand)
    reject = staticmethod(services.reject_stand)

    def accepted_message(self, participation: Participation) -> str:
        return _("%(organisation)s takes part in “%(title)s”.") % {
            "organisation": participation.organisation.name,
            "title": participation.event.title,
        }

    def rejected_message(self, participation: Participation) -> str:
        return _("The request of %(organisation)s is declined.") % {
            "organisation": participation.organisation.name
        }

    def refused_message(self, participation: Participation) -> str:
        return _("This request is no longer waiting: it is %(status)s.") % {
            "status": participation.get_status_display()
        }

    def waiting_message(self, count: int) -> str:
        return ngettext(
            "%(count)d stand request is waiting in your scope.",
            "%(count)d stand requests are waiting in your scope.",
            count,
        ) % {"count": count}


stand_queue, stand, stand_decide = StandModeration.as_views()
