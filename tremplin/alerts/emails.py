"""The alert mail: a person's new offers of the day, in their language (run by the worker
when the mail leaves: see `tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse

from tremplin.alerts.models import Digest
from tremplin.lib.mail import Message, email
from tremplin.offers.models import Offer


def _may_mail(user) -> bool:
    """THE ONE CALL POINT of consent and budget for alert mails.

    Today: always yes. At the merge with the `mailings` app, this asks it whether this
    person opted into alert mails, whether their weekly budget of such mails allows one
    more (alerts first) and whether their address still takes mail (undeliverable), and
    counts this mail in the budget; the message then gets the List-Unsubscribe headers
    `mailings` adds to every mail that is not transactional."""
    return True


@email
def send_alert_digest(digest: Digest) -> Message | None:
    """The offers of `digest`, newest first. Those the person may not open any more (the
    offer closed, its targeting changed) are left out; nothing left, no mail."""
    user = digest.user
    if not user.is_active or not user.email or not _may_mail(user):
        return None
    ids = list(digest.offers.order_by("rank").values_list("offer_id", flat=True))
    visible = Offer.objects.visible_to(user).filter(pk__in=ids).select_related("organisation")
    by_id = {offer.pk: offer for offer in visible}
    offers = [by_id[pk] for pk in ids if pk in by_id]
    if not offers:
        return None
    return Message(
        "alerts/emails/digest",
        to=[user.email],
        language=user.language,
        context={
            "first_name": user.first_name,
            "offers": offers,
            "count": len(offers),
            "alerts_url": reverse("alerts:settings"),
        },
    )
