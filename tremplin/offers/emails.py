"""One function per e-mail of Stages & Jobs, each in its recipient's language."""

from __future__ import annotations

from django.urls import reverse

from tremplin.accounts.models import User
from tremplin.accounts.permissions import is_open_recruiter
from tremplin.lib.mail import send_templated
from tremplin.offers.models import Application, Offer
from tremplin.recruiters.models import RecruiterProfile


def recruiters_of(offer: Offer) -> list[User]:
    """Who hears about an offer: the recruiters of its organisation whose account is open."""
    profiles = RecruiterProfile.objects.filter(organisation=offer.organisation_id)
    return [p.user for p in profiles.select_related("user") if is_open_recruiter(p.user)]


def _to_recruiters(template: str, offer: Offer, **context) -> None:
    for user in recruiters_of(offer):
        send_templated(
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


def send_offer_published(offer: Offer) -> None:
    _to_recruiters(
        "offers/emails/offer_published", offer, offer_url=reverse("offers:detail", args=[offer.pk])
    )


def send_offer_rejected(offer: Offer) -> None:
    _to_recruiters(
        "offers/emails/offer_rejected",
        offer,
        reason=offer.rejection_reason,
        edit_url=reverse("offers:edit", args=[offer.pk]),
    )


def send_offer_expiring(offer: Offer) -> None:
    _to_recruiters(
        "offers/emails/offer_expiring", offer, edit_url=reverse("offers:edit", args=[offer.pk])
    )


def send_offer_expired(offer: Offer) -> None:
    _to_recruiters("offers/emails/offer_expired", offer)


def send_application_received(application: Application) -> None:
    """To the organisation's recruiters: somebody applied to one of their offers."""
    _to_recruiters(
        "offers/emails/application_received",
        application.offer,
        candidate=application.candidate.get_full_name(),
        application_url=reverse("offers:application", args=[application.pk]),
    )


def send_application_sent(application: Application) -> None:
    """To the candidate: the confirmation that their application left."""
    candidate = application.candidate
    send_templated(
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


def send_application_status(application: Application) -> None:
    """To the candidate: the recruiter shortlisted or declined their application."""
    candidate = application.candidate
    send_templated(
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
