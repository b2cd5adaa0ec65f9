"""What the profiles app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import Holding, Processing, exporting
from tremplin.profiles.models import Resume


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

PROCESSINGS = [
    Processing(
        "cv",
        _("CV"),
        _("The CV you put on your profile, in PDF."),
        _("To apply to offers with it."),
        lambda days: _("Until you replace or delete it; with your account."),
        order=35,
    ),
]
