"""What the profiles app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import Holding, Processing, exporting
from tremplin.profiles.models import Resume, SearchProfile


def merge_resume(kept, other) -> int:
    """One CV per account: the kept account's stays if it has one; otherwise the other's
    moves to it. The CV left over goes with its account (its file with it)."""
    mine = Resume.objects.filter(user=kept).first()
    if mine is not None and mine.cv:
        return 0
    theirs = Resume.objects.filter(user=other).first()
    if theirs is None or not theirs.cv:
        return 0
    if mine is not None:
        mine.delete()
    theirs.user = kept
    theirs.save(update_fields=["user"])
    return 1


HOLDINGS = [
    Holding(
        "profiles.Resume",
        "user",
        exporting(lambda user: Resume.objects.filter(user=user), "cv", "updated_at"),
        merge_resume,
        rule=_(
            "Both accounts have a CV: the kept account's stays, the other one is deleted;"
            " if only the other account has one, it moves."
        ),
    ),
]


def merge_search_profile(kept, other) -> int:
    """One search profile per account: the kept account's stays; without one, the other's
    moves to it."""
    if SearchProfile.objects.filter(user=kept).exists():
        return 0
    return SearchProfile.objects.filter(user=other).update(user=kept)


SEARCH_PROFILE_FIELDS = (
    "kinds",
    "domains",
    "departements",
    "cities",
    "abroad",
    "remote",
    "start_from",
    "start_until",
    "max_duration_months",
    "level",
    "languages",
    "pitch",
    "alert_frequency",
    "updated_at",
)

HOLDINGS.append(
    Holding(
        "profiles.SearchProfile",
        "user",
        exporting(lambda user: SearchProfile.objects.filter(user=user), *SEARCH_PROFILE_FIELDS),
        merge_search_profile,
        rule=_("Both have a search profile: the kept account's stays."),
    )
)

PROCESSINGS = [
    Processing(
        "cv",
        _("CV"),
        _("The CV you put on your profile, in PDF."),
        _("To apply to offers with it."),
        lambda days: _("Until you replace or delete it; with your account."),
        order=35,
    ),
    Processing(
        "search_profile",
        _("Search profile"),
        _("What you look for: offer types, domains, places, dates, level, languages, pitch."),
        _("To show you the offers that match it, and to send the alerts you asked for."),
        lambda days: _("Until you change it; with your account."),
        order=36,
    ),
]
