"""What the offers app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import (
    Holding,
    Processing,
    exporting,
    move,
    move_unless_kept_has,
)
from tremplin.offers.models import Application, Favourite

HOLDINGS = [
    Holding(
        "offers.Application",
        "candidate",
        exporting(
            lambda user: Application.objects.filter(candidate=user).select_related("offer"),
            "offer",
            "offer_id",
            "message",
            "status",
            "cv",
            "created_at",
            "status_changed_at",
        ),
        # Both accounts applied to one offer: the kept account's application stays (the
        # recruiter may have answered it), the other's goes with its CV.
        move_unless_kept_has("offers.Application", "candidate", "offer_id"),
        rule=_(
            "Both accounts applied to one offer: the kept account's application stays, the"
            " other one is deleted with its CV."
        ),
    ),
    Holding(
        "offers.Favourite",
        "user",
        exporting(
            lambda user: Favourite.objects.filter(user=user).select_related("offer"),
            "offer",
            "offer_id",
            "created_at",
        ),
        move_unless_kept_has("offers.Favourite", "user", "offer_id"),
        rule=_("An offer both kept as favourite stays once."),
    ),
    Holding(
        "offers.Offer",
        "decided_by",
        None,
        move("offers.Offer", "decided_by"),
        why="offers this person moderated, as staff: in the audit log's part",
    ),
    Holding(
        "offers.Offer",
        "created_by",
        None,
        move("offers.Offer", "created_by"),
        why="offers this person wrote for their organisation: the organisation's",
    ),
    Holding(
        "offers.OfferApproval",
        "approved_by",
        None,
        move("offers.OfferApproval", "approved_by"),
        why="parts of offers this person approved, as staff: in the audit log's part",
    ),
]

PROCESSINGS = [
    Processing(
        "applications",
        _("Applications"),
        _("Your message, the CV sent with it and the recruiter's answer."),
        _("To send your application to the recruiter of the offer."),
        lambda days: (
            _(
                "Deleted with their CV %(days)d days after the offer was last changed while out"
                " of the search (expired, filled, archived, rejected…); with your account."
            )
            % {"days": days["application_after_offer"]}
        ),
        keys=("application_after_offer",),
        rules=("applications",),
        order=40,
    ),
    Processing(
        "favourites",
        _("Favourite offers"),
        _("The offers you kept."),
        _("To find them again."),
        lambda days: _("Deleted with the offer, or with your account."),
        order=41,
    ),
]
