"""The alert mail: a person's new offers of the day, in their language (run by the worker
when the mail leaves: see `tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse

from tremplin.alerts.models import Digest
from tremplin.lib.mail import Message, email
from tremplin.mailings.models import MailKind
from tremplin.mailings.services import message_for
from tremplin.offers.models import Offer


@email
def send_alert_digest(digest: Digest) -> Message | None:
    """The offers of `digest`, newest first. Those the person may not open any more (the
    offer closed, its targeting changed) are left out; nothing left, no mail. The mail
    goes only to a person who opted into alerts, whose address takes mail and whose weekly
    budget allows it (`mailings.services.message_for` spends the budget and adds the
    one-click unsubscribe headers)."""
    user = digest.user
    if not user.is_active or not user.email:
        return None
    ids = list(digest.offers.order_by("rank").values_list("offer_id", flat=True))
    visible = Offer.objects.visible_to(user).filter(pk__in=ids).select_related("organisation")
    by_id = {offer.pk: offer for offer in visible}
    offers = [by_id[pk] for pk in ids if pk in by_id]
    if not offers:
        return None
    return message_for(
        user,
        MailKind.ALERTS,
        "alerts/emails/digest",
        context={
            "first_name": user.first_name,
            "offers": offers,
            "count": len(offers),
            "alerts_url": reverse("alerts:settings"),
        },
    )
