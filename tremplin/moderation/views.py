"""The moderation pages, written once: the queue of what waits in the moderator's scope,
an object's page with the decision form, and the decision.

Each moderated kind subclasses `ModerationPages`, says what differs (its model, its right,
its templates and URL names, its services, its words) and takes its three views from
`as_views()`. Views stay thin: the scope is the model's `in_scope_of`, the decision is the
kind's service, which locks the row (`ModeratedQuerySet.locked`) and refuses what is
already decided with `TransitionRefused`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import Permission, may, right_required
from tremplin.lib.urls import client_ip
from tremplin.moderation.forms import RejectForm
from tremplin.moderation.models import Moderated, ModeratedQuerySet, TransitionRefused
from tremplin.moderation.targeting import part_states, scope_covers, waiting_parts

View = Callable[..., HttpResponse]


class ModerationPages:
    """One kind's moderation pages. A subclass sets the attributes and writes the methods
    that raise NotImplementedError; `as_views()` gives its queue, detail and decide views."""

    # What each kind declares.
    model: type[Moderated]
    right: Permission
    title: str  # the queue's: "Offers to moderate"…
    context_name: str  # the object's name in the kind's templates ("claim", "offer"…)
    queue_template: str  # extends "moderation/queue.html"
    detail_template: str  # extends "moderation/detail.html"
    queue_url: str  # the URL names of the three views
    detail_url: str
    decide_url: str
    accept_label: str  # the accept button: "Validate", "Accept", "Publish"
    base_template = "staff/base.html"  # the layout the pages stand in
    reason_label: str | None = None  # who the reason is sent to, when not "the person"
    reason_missing = _("Give the reason of the rejection: it is sent to the person.")
    # The field saying since when an object waits (`tremplin.moderation.deadlines`).
    waiting_since = "created_at"
    queue_related: tuple[str, ...] = ()
    detail_related: tuple[str, ...] = ()
    page_size = 50

    def accept(self, pk: int, *, acting_user, ip_address: str | None) -> Moderated:
        """The kind's service that accepts the object (a staticmethod of it will do)."""
        raise NotImplementedError

    def reject(self, pk: int, *, acting_user, reason: str, ip_address: str | None) -> Moderated:
        """The kind's service that rejects the object with a reason."""
        raise NotImplementedError

    def accepted_message(self, obj: Moderated) -> str:
        raise NotImplementedError

    def rejected_message(self, obj: Moderated) -> str:
        raise NotImplementedError

    def refused_message(self, obj: Moderated) -> str:
        """Why the decision was refused: `obj` as it is now (decided by someone else…)."""
        raise NotImplementedError

    def detail_context(self, request: HttpRequest, obj: Moderated) -> dict:
        """What else the kind's detail page shows."""
        return {}

    def waiting_message(self, count: int) -> str:
        """How many wait, for the back office's dashboard."""
        raise NotImplementedError

    def waiting_for(self, user) -> ModeratedQuerySet:
        """What waits for this moderator's decision: the queue, and its count."""
        return self.model.objects.in_scope_of(user).pending()

    def dashboard_entry(self, user) -> dict | None:
        """The queue's entry on the back office's dashboard, for those who hold the right."""
        if not may(user, self.right):
            return None
        from tremplin.moderation.deadlines import late_count

        count = self.waiting_for(user).count()
        return {
            "url": reverse(self.queue_url),
            "title": self.title,
            "description": self.waiting_message(count),
            "late": late_count(self, user, timezone.now()) if count else 0,
            "late_url": f"{reverse(self.queue_url)}?late=1",
        }

    # --- The views ------------------------------------------------------------------

    @classmethod
    def access(cls) -> Callable[[View], View]:
        """The decorator that guards the three views: the kind's right."""
        return right_required(cls.right)

    @classmethod
    def as_views(cls) -> tuple[View, View, View]:
        """The queue, detail and decision views, each behind `access()`."""
        pages = cls()
        guard = cls.access()
        return guard(pages.queue), guard(pages.detail), guard(require_POST(pages.decide))

    def in_scope(self, request: HttpRequest) -> ModeratedQuerySet:
        return self.model.objects.in_scope_of(request.user)

    def queue(self, request: HttpRequest) -> HttpResponse:
        from tremplin.moderation.deadlines import late

        waiting = self.waiting_for(request.user).select_related(*self.queue_related)
        only_late = request.GET.get("late") == "1"
        if only_late:
            waiting = late(self, waiting, timezone.now())
        page = Paginator(waiting, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            self.queue_template,
            {
                "title": self.title,
                "page": page,
                "base_template": self.base_template,
                "only_late": only_late,
                "query": "late=1" if only_late else "",
                "late_days": settings.MODERATION_REMINDER_DAYS,
            },
        )

    def detail(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.in_scope(request).select_related(*self.detail_related), pk=pk)
        context = {
            "object": obj,
            self.context_name: obj,
            "queue_url": reverse(self.queue_url),
            "decide_url": reverse(self.decide_url, args=[obj.pk]),
            "accept_value": obj.ACCEPT,
            "accept_label": self.accept_label,
            "reject_form": RejectForm(reason_label=self.reason_label),
            "base_template": self.base_template,
            **self.detail_context(request, obj),
        }
        return render(request, self.detail_template, context)

    def decide(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.in_scope(request), pk=pk)
        accepting = request.POST.get("decision") == self.model.ACCEPT
        form = RejectForm(request.POST)
        if not accepting and not form.is_valid():
            messages.error(request, self.reason_missing)
            return redirect(self.detail_url, pk=pk)
        who = {"acting_user": request.user, "ip_address": client_ip(request)}
        try:
            if accepting:
                obj = self.accept(pk, **who)
            else:
                obj = self.reject(pk, reason=form.cleaned_data["reason"], **who)
        except TransitionRefused as refused:
            messages.warning(request, self.refused_message(refused.obj))
            return redirect(self.detail_url, pk=pk)
        done = self.accepted_message(obj) if accepting else self.rejected_message(obj)
        messages.success(request, done)
        return redirect(self.queue_url)


class PartApprovalPages(ModerationPages):
    """The pages of a kind targeted part by part (`tremplin.moderation.targeting`): a
    scoped moderator's queue holds what has a part of their scope nobody approved yet;
    approving their part publishes it once every part is approved. Offers and events."""

    accept_label = _("Publish")
    # In the kind's words: "Your part of this offer is approved already.", and "This offer
    # is no longer waiting for moderation: it is %(status)s."
    already_approved: str
    no_longer_waiting: str

    def waiting_for(self, user) -> ModeratedQuerySet:
        return super().waiting_for(user).awaiting_part_of(user)

    def accepted_message(self, obj: Moderated) -> str:
        if not obj.is_published:
            return waits_for_others(obj)
        return gettext("“%(title)s” is published.") % {"title": obj.title}

    def rejected_message(self, obj: Moderated) -> str:
        return gettext("“%(title)s” is rejected.") % {"title": obj.title}

    def refused_message(self, obj: Moderated) -> str:
        if obj.is_pending:
            return f"{self.already_approved} {waits_for_others(obj)}"
        return str(self.no_longer_waiting) % {"status": obj.get_status_display()}

    def detail_context(self, request: HttpRequest, obj: Moderated) -> dict:
        """The parts of its targeting, who approved each, and what this moderator may do:
        publish (their scope covers all that is left), approve their part, or only
        reject."""
        parts = part_states(obj, request.user)
        left = [state for state in parts if state.approval is None]
        if scope_covers(request.user, obj) or (left and all(s.yours for s in left)):
            accept_label = gettext("Publish")
        elif any(state.yours for state in left):
            accept_label = gettext("Approve for my scope")
        else:
            accept_label = None  # nothing left for this moderator but to reject
        return {"parts": parts, "accept_label": accept_label}


def waits_for_others(obj) -> str:
    """What a part-approved object waits for, in words."""
    return gettext(
        "“%(title)s” waits for the approval of the moderators of: %(parts)s. It is published "
        "once they approve."
    ) % {"title": obj.title, "parts": ", ".join(str(part) for part in waiting_parts(obj))}
