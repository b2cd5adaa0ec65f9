"""What the alerts app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.alerts.models import Digest, SavedSearch, SentOffer
from tremplin.alerts.retention import KEPT_DAYS
from tremplin.lib.personal_data import (
    Holding,
    Processing,
    exporting,
    move,
    move_unless_kept_has,
)

HOLDINGS = [
    Holding(
        "alerts.SavedSearch",
        "user",
        exporting(
            lambda user: SavedSearch.objects.filter(user=user),
            "name",
            "query",
            "frequency",
            "created_at",
        ),
        move("alerts.SavedSearch", "user"),
    ),
    Holding(
        "alerts.Digest",
        "user",
        exporting(lambda user: Digest.objects.filter(user=user), "day", "created_at"),
        move_unless_kept_has("alerts.Digest", "user", "day"),
        rule=_("Both received an alert mail the same day: the kept account's record stays."),
    ),
    Holding(
        "alerts.SentOffer",
        "user",
        exporting(
            lambda user: SentOffer.objects.filter(user=user), "offer_id", "digest_id", "rank"
        ),
        move_unless_kept_has("alerts.SentOffer", "user", "offer_id"),
        rule=_("An offer both accounts were sent is remembered once."),
    ),
]

PROCESSINGS = [
    Processing(
        "alerts",
        _("Saved searches and job alerts"),
        _("The searches you saved and which offers each alert mail sent you."),
        _("To send you the new offers you asked for, never the same one twice."),
        lambda days: (
            _("Saved searches: until you delete them; what was sent: %(days)d days.")
            % {"days": KEPT_DAYS}
        ),
        rules=("alert_mails",),
        order=38,
    ),
]
