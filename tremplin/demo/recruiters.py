"""The demo's recruiters: one whose company is accepted, one waiting in the administrators'
queue (Gestion → Recruteurs). Loading them twice changes nothing."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.db import transaction

from tremplin.accounts.models import ExternalIdentity, LegalDocument, User
from tremplin.accounts.services import accept_document
from tremplin.recruiters.models import Organisation, Recruiter

PASSWORD = "Recruteur-demo-2026"  # noqa: S105 (printed in the README for the demo)
Status = Recruiter.Status

RECRUITERS = [
    {
        "email": "rh@biolab-auvergne.fr",
        "first_name": "Sophie",
        "last_name": "Morel",
        "job_title": "Responsable des ressources humaines",
        "phone": "04 73 28 14 50",
        "status": Status.ACCEPTED,
        "organisation": {
            "name": "BioLab Auvergne",
            "siret": "41852963200014",
            "address": "28 rue de la Découverte",
            "postcode": "63170",
            "city": "Aubière",
            "sector": Organisation.Sector.PROFESSIONAL,
            "size": Organisation.Size.MEDIUM,
            "website": "https://biolab-auvergne.example",
        },
    },
    {
        "email": "contact@atelier-numerique.fr",
        "first_name": "Julien",
        "last_name": "Faure",
        "job_title": "Gérant",
        "phone": "+33 6 12 34 56 78",
        "status": Status.PENDING,
        "organisation": {
            "name": "Atelier Numérique",
            "siret": "85296374300020",
            "address": "4 place de Jaude",
            "postcode": "63000",
            "city": "Clermont-Ferrand",
            "sector": Organisation.Sector.INFORMATION,
            "size": Organisation.Size.MICRO,
        },
    },
]


@transaction.atomic
def load_demo_recruiters() -> int:
    """Create the demo recruiters that do not exist yet; return how many there are."""
    terms = LegalDocument.objects.current(LegalDocument.Kind.TERMS)
    administrator = (
        ExternalIdentity.objects.filter(provider="cas", uid="paul.admin")
        .select_related("user")
        .first()
    )
    for person in RECRUITERS:
        if User.objects.filter(email=person["email"]).exists():
            continue
        details = dict(person["organisation"])
        organisation, _created = Organisation.objects.get_or_create(
            siret=details.pop("siret"), defaults=details
        )
        user = User(
            username=f"local:{secrets.token_hex(10)}",
            kind=User.Kind.RECRUITER,
            email=person["email"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            is_active=person["status"] == Status.ACCEPTED,
        )
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        recruiter = Recruiter(
            user=user,
            organisation=organisation,
            job_title=person["job_title"],
            phone=person["phone"],
        )
        recruiter.email_confirmed()
        if person["status"] == Status.ACCEPTED:
            recruiter.accept(by=administrator.user if administrator else None)
        recruiter.save()
        if terms is not None:
            accept_document(user, terms, ip_address=None)
    return User.objects.filter(email__in=[p["email"] for p in RECRUITERS]).count()
