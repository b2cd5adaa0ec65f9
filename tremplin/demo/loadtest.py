"""The people of `make loadtest` that the large demo data lacks: recruiters of the
organisations that publish the most offers, each with a password (the demo's), accepted.
Loading them twice changes nothing."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count

from tremplin.accounts.models import LegalDocument, User
from tremplin.accounts.services import accept_document
from tremplin.demo.recruiters import PASSWORD
from tremplin.recruiters.models import Organisation, Recruiter

RECRUITERS = 16
EMAIL = "recrutement{}@charge.example"


def recruiter_emails(count: int = RECRUITERS) -> list[str]:
    return [EMAIL.format(number) for number in range(1, count + 1)]


@transaction.atomic
def load_loadtest_recruiters(count: int = RECRUITERS) -> int:
    """Create the recruiters that do not exist yet; return how many were created."""
    emails = recruiter_emails(count)
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [email for email in emails if email not in existing]
    if not missing:
        return 0
    organisations = list(
        Organisation.objects.annotate(offer_count=Count("offers")).order_by("-offer_count", "pk")[
            :count
        ]
    )
    terms = LegalDocument.objects.current(LegalDocument.Kind.TERMS)
    hashed = User(username="-")
    hashed.set_password(PASSWORD)  # one Argon2 hash for all: they share the password
    for number, email in enumerate(emails):
        if email not in missing:
            continue
        user = User.objects.create(
            username=f"local:{secrets.token_hex(10)}",
            kind=User.Kind.RECRUITER,
            email=email,
            first_name="Recruteur",
            last_name=f"Charge {number + 1}",
            password=hashed.password,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        recruiter = Recruiter(
            user=user,
            organisation=organisations[number % len(organisations)],
            job_title="Chargé·e de recrutement",
            phone="04 73 00 00 00",
        )
        recruiter.email_confirmed()
        recruiter.accept(by=None)
        recruiter.save()
        if terms is not None:
            accept_document(user, terms, ip_address=None)
    return len(missing)
