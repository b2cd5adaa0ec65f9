"""The offer as a schema.org JobPosting, for search engines and job aggregators.

The JSON-LD goes in a `<script type="application/ld+json">`: data, never executed, so the
site's `script-src 'self'` policy leaves it alone. `<`, `>` and `&` are escaped as JSON
unicode escapes, as Django's `json_script` does, so no text of the offer can close the
script element.
"""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tremplin.lib.markup import sanitize_html
from tremplin.offers.models import Offer

EMPLOYMENT_TYPES = {
    Offer.Kind.INTERNSHIP: "INTERN",
    Offer.Kind.PERMANENT: "FULL_TIME",
    Offer.Kind.FIXED_TERM: "TEMPORARY",
    Offer.Kind.WORK_STUDY: "TEMPORARY",  # a fixed-term apprenticeship contract
    Offer.Kind.VIE: "CONTRACTOR",
    Offer.Kind.PHD: "TEMPORARY",  # a three-year doctoral contract
    Offer.Kind.STUDENT_JOB: "PART_TIME",
}
COUNTRY_CODES = {"france": "FR"}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def job_posting(offer: Offer, url: str) -> dict:
    country = COUNTRY_CODES.get(offer.country.strip().casefold(), offer.country)
    address = {"@type": "PostalAddress", "addressLocality": offer.city, "addressCountry": country}
    if offer.postcode:
        address["postalCode"] = offer.postcode
    organisation = {"@type": "Organization", "name": offer.organisation.name}
    if offer.organisation.website:
        organisation["sameAs"] = offer.organisation.website
    posted = timezone.localtime(offer.published_at or offer.publish_from).date()
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": str(
            sanitize_html(offer.description + offer.candidate_sought)
        ),  # HTML is allowed
        "identifier": {"@type": "PropertyValue", "name": organisation["name"], "value": offer.pk},
        "datePosted": posted.isoformat(),
        "validThrough": timezone.localtime(offer.publish_until).isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(offer.kind, "OTHER"),
        "hiringOrganization": organisation,
        "jobLocation": {"@type": "Place", "address": address},
        "url": url,
        "directApply": offer.apply_by == Offer.Apply.PLATFORM,
    }
    if offer.remote == Offer.Remote.FULL:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": country}
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    return data


def script_data(data: dict) -> SafeString:
    """JSON safe to put between `<script type="application/ld+json">` and `</script>`."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
