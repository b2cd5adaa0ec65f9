"""The personal home of each kind of person once signed in (the anonymous home shows the
ways in). Every list is bounded; each reads through the scoped querysets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.timesince import timesince

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_candidate, is_open_recruiter, may
from tremplin.alerts import personal
from tremplin.alerts.models import SavedSearch
from tremplin.graduates.views import ClaimModeration
from tremplin.offers.models import Application, Favourite, Offer
from tremplin.offers.views import OfferModeration
from tremplin.profiles.models import SearchProfile
from tremplin.recruiters.views import RecruiterModeration

LIST_SIZE = 10
EXPIRES_WITHIN = timedelta(days=7)
# Each queue with the date its items wait from.
QUEUES = (
    (ClaimModeration(), "created_at"),
    (RecruiterModeration(), "created_at"),
    (OfferModeration(), "submitted_at"),
)


@dataclass
class Home:
    template: str
    context: dict = field(default_factory=dict)


def home_of(user) -> Home | None:
    if is_candidate(user):
        return _candidate(user)
    if is_open_recruiter(user):
        return _recruiter(user)
    if user.kind == User.Kind.STAFF:
        return _staff(user)
    return None


def _candidate(user) -> Home:
    profile = SearchProfile.objects.filter(user=user).first()
    offers, since = [], None
    if profile is not None:
        since = personal.visit(profile)
        offers = personal.new_offers(user, profile, since)
    applications = Application.objects.sent_by(user).select_related("offer__organisation")
    favourites = (
        Favourite.objects.filter(user=user, offer__in=Offer.objects.visible_to(user))
        .select_related("offer__organisation")
        .order_by("-created_at")
    )
    return Home(
        "pages/home_candidate.html",
        {
            "profile": profile,
            "new_offers": offers,
            "since": since,
            "applications": applications[:LIST_SIZE],
            "applications_count": applications.count(),
            "favourites": favourites[:LIST_SIZE],
            "favourites_count": favourites.count(),
            "saved_searches": SavedSearch.objects.of(user)[:LIST_SIZE],
        },
    )


def _recruiter(user) -> Home:
    now = timezone.now()
    offers = Offer.objects.of_organisation_of(user)
    new_applications = Count(
        "applications", filter=Q(applications__status=Application.Status.RECEIVED)
    )
    published = (
        offers.filter(status=Offer.Status.PUBLISHED)
        .annotate(new_applications=new_applications)
        .order_by("-published_at", "-pk")
    )
    return Home(
        "pages/home_recruiter.html",
        {
            "published": published[:LIST_SIZE],
            "published_count": published.count(),
            "waiting": offers.filter(status=Offer.Status.SUBMITTED).order_by("-submitted_at")[
                :LIST_SIZE
            ],
            "drafts": offers.filter(
                status__in=[Offer.Status.DRAFT, Offer.Status.REJECTED]
            ).order_by("-updated_at")[:LIST_SIZE],
            "expiring": offers.filter(
                status=Offer.Status.PUBLISHED, publish_until__lte=now + EXPIRES_WITHIN
            ).order_by("publish_until")[:LIST_SIZE],
        },
    )


def _staff(user) -> Home:
    now = timezone.now()
    queues = []
    for pages, since in QUEUES:
        if not may(user, pages.right):
            continue
        waiting = pages.waiting_for(user).aggregate(count=Count("pk"), oldest=Min(since))
        queues.append(
            {
                "title": pages.title,
                "url": pages.queue_url,
                "count": waiting["count"],
                "oldest_age": timesince(waiting["oldest"], now) if waiting["oldest"] else None,
            }
        )
    return Home("pages/home_staff.html", {"queues": queues})
