"""What a student's or a graduate's home shows of their search profile: the offers that
match it, published since their previous visit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from tremplin.offers.models import Offer
from tremplin.offers.search.projection import RECENT_DAYS
from tremplin.profiles.models import SearchProfile

# A visit is a new one after this long without opening the home.
NEW_VISIT_AFTER = timedelta(minutes=30)
HOME_OFFERS = 10


def levels_up_to(level: str) -> list[str]:
    """The offers' levels a person of `level` may apply to: "any" and up to theirs."""
    if not level:
        return []
    levels = Offer.Level.values  # "any" first, then from the lowest
    return levels[: levels.index(level) + 1] if level in levels else []


def profile_condition(profile: SearchProfile) -> Q:
    """The search profile as a condition on offers: what `alerts.matching` says in SQL for
    everyone at once, for one person here (the tests hold them to the same answers)."""
    condition = Q()
    if profile.kinds:
        condition &= Q(kind__in=profile.kinds)
    if profile.domains:
        condition &= Q(domain__in=profile.domains)
    places = Q()
    if profile.departements:
        places |= Q(departement__in=profile.departements)
    for city in profile.cities:
        places |= Q(city__iexact=city)
    if profile.abroad:
        places |= ~Q(country__in=["France", ""])
    if places:
        condition &= places
    if profile.remote:
        condition &= Q(remote__in=profile.remote)
    if profile.level:
        condition &= Q(level__in=levels_up_to(profile.level))
    if profile.start_from:
        condition &= Q(start_date__gte=profile.start_from)
    if profile.start_until:
        condition &= Q(start_date__lte=profile.start_until)
    if profile.max_duration_months:
        condition &= Q(duration_months__lte=profile.max_duration_months)
    if profile.languages:
        condition &= Q(languages__contained_by=profile.languages)
    return condition


def visit(profile: SearchProfile, now: datetime | None = None) -> datetime:
    """Record a visit of the home; answers since when its offers are new (the previous
    visit, or RECENT_DAYS days for a first one)."""
    now = now or timezone.now()
    if profile.visited_at is None or now - profile.visited_at > NEW_VISIT_AFTER:
        profile.previous_visit_at = profile.visited_at
        profile.visited_at = now
        SearchProfile.objects.filter(pk=profile.pk).update(
            visited_at=now, previous_visit_at=profile.previous_visit_at
        )
    return profile.previous_visit_at or now - timedelta(days=RECENT_DAYS)


def new_offers(user, profile: SearchProfile, since: datetime) -> list[Offer]:
    """The newest offers aimed at `user` that match the profile, published since `since`."""
    return list(
        Offer.objects.visible_to(user)
        .filter(profile_condition(profile), published_at__gte=since)
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:HOME_OFFERS]
    )
