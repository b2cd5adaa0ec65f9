"""The alert mails: each person's new offers of the day, in their language (run by the
worker when the mails leave: see `tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tremplin.alerts.matching import still_visible
from tremplin.alerts.models import Digest
from tremplin.lib.mail import Message, email
from tremplin.mailings.models import MailKind
from tremplin.mailings.services import admit_many
from tremplin.offers.models import Offer


@email
def send_alert_digests(digests: list[int]) -> list[Message]:
    """The mails of these digests (ids), one per person, their offers newest first: a
    batch, read in a few statements for all and sent over one connection by one job.
    Offers a person may not open any more (the offer closed, its targeting changed) are
    left out; nothing left, no mail; a digest deleted meanwhile, no mail. A mail goes
    only to a person who opted into alerts, whose address takes mail and whose weekly
    budget allows it (`mailings.services.admit_many` spends the budget and gives the
    one-click unsubscribe headers)."""
    found = Digest.objects.filter(pk__in=digests).select_related("user").order_by("pk")
    visible = still_visible([digest.pk for digest in found], timezone.now())
    found = [digest for digest in found if digest.pk in visible]
    admitted = admit_many([digest.user for digest in found], MailKind.ALERTS)
    offers = Offer.objects.select_related("organisation").in_bulk(
        {pk for digest in found for pk in visible[digest.pk]}
    )
    alerts_url = reverse("alerts:settings")
    messages = []
    for digest in found:
        controls = admitted.get(digest.user_id)
        if controls is None:
            continue
        shown = [offers[pk] for pk in visible[digest.pk]]
        messages.append(
            controls.message(
                digest.user,
                "alerts/emails/digest",
                context={
                    "first_name": digest.user.first_name,
                    "offers": shown,
                    "count": len(shown),
                    "alerts_url": alerts_url,
                },
            )
        )
    return messages
