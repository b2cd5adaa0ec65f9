"""One function per e-mail of Stages & Jobs, each in its recipient's language (run by
the worker when the mail leaves: see `tremplin.lib.mail`). A mail to an organisation
goes to each of its recruiters whose account is open then, in their own language."""

from __future__ import annotations

from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_open_recruiter
from tremplin.lib.mail import Message, email
from tremplin.offers.models import Application, Offer
from tremplin.recruiters.models import Recruiter


def recruiters_of(offer: Offer) -> list[User]:
    """Who hears about an offer: the recruiters of its organisation whose account is open."""
    profiles = Recruiter.objects.filter(organisation=offer.organisation_id)
    return [p.user for p in profiles.select_related("user") if is_open_recruiter(p.user)]


def _to_recruiters(template: str, offer: Offer, **context) -> list[Message]:
    return [
        Message(
            template,
            to=[user.email],
            language=user.language,
            context={
                "first_name": user.first_name,
                "offer": offer,
                "organisation": offer.organisation,
                "offers_url": reverse("offers:recruiter_offers"),
                **context,
            },
        )
        for user in recruiters_of(offer)
    ]


@email
def send_offer_published(offer: Offer) -> list[Message]:
    return _to_recruiters(
        "offers/emails/offer_published", offer, offer_url=reverse("offers:detail", args=[offer.pk])
    )


@email
def send_offer_rejected(offer: Offer) -> list[Message]:
    return _to_recruiters(
        "offers/emails/offer_rejected",
        offer,
        reason=offer.rejection_reason,
        edit_url=reverse("offers:edit", args=[offer.pk]),
    )


@email
def send_offer_expiring(offer: Offer) -> list[Message]:
    return _to_recruiters(
        "offers/emails/offer_expiring", offer, edit_url=reverse("offers:edit", args=[offer.pk])
    )


@email
def send_offer_expired(offer: Offer) -> list[Message]:
    return _to_recruiters("offers/emails/offer_expired", offer)


@email
def send_application_received(application: Application) -> list[Message]:
    """To the organisation's recruiters: somebody applied to one of their offers."""
    return _to_recruiters(
        "offers/emails/application_received",
        application.offer,
        candidate=application.candidate.get_full_name(),
        application_url=reverse("offers:application", args=[application.pk]),
    )


@email
def send_application_sent(application: Application) -> Message:
    """To the candidate: the confirmation that their application left."""
    candidate = application.candidate
    return Message(
        "offers/emails/application_sent",
        to=[candidate.email],
        language=candidate.language,
        context={
            "first_name": candidate.first_name,
            "offer": application.offer,
            "organisation": application.offer.organisation,
            "applications_url": reverse("offers:my_applications"),
        },
    )


@email
def send_application_status(application: Application) -> Message:
    """To the candidate: the recruiter shortlisted or declined their application."""
    candidate = application.candidate
    return Message(
        "offers/emails/application_status",
        to=[candidate.email],
        language=candidate.language,
        context={
            "first_name": candidate.first_name,
            "offer": application.offer,
            "organisation": application.offer.organisation,
            "application": application,
            "applications_url": reverse("offers:my_applications"),
        },
    )
