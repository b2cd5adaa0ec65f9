"""What the newsletters app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import Holding, Processing, exporting, move, move_unless_kept_has
from tremplin.newsletters.models import Delivery

HOLDINGS = [
    Holding(
        "newsletters.Delivery",
        "user",
        exporting(
            lambda user: Delivery.objects.filter(user=user).select_related("newsletter"),
            "newsletter",
            "status",
            "done_at",
        ),
        move_unless_kept_has("newsletters.Delivery", "user", "newsletter_id"),
        rule=_("A newsletter both accounts received is kept once in the archive."),
    ),
    Holding(
        "newsletters.Newsletter",
        "author",
        None,
        move("newsletters.Newsletter", "author"),
        why="newsletters this person wrote, as staff",
    ),
]

PROCESSINGS = [
    Processing(
        "newsletters",
        _("Newsletters received"),
        _("Which newsletters of the careers service were sent to you."),
        _("To show you the archive of the newsletters you received."),
        lambda days: _("With your account."),
        order=40,
    ),
]
