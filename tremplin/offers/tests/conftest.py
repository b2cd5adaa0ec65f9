"""The people of Stages & Jobs and their offers, ready to act.

Alice studies in SCI (VET L3INF), Bob in DRT (M1DPR), Gaëlle graduated from SCI.
Sophie recruits for BioLab Auvergne, Marc for Atelier Numérique (another organisation).
Nina is a career adviser, Claire responsable of SCI, David responsable of DRT, and
marc.resp responsable of the VET L3INF (of SCI).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing
from tremplin.testing import pdf_bytes

Role = RoleAssignment.Role


@pytest.fixture
def sci(db):
    return testing.composante("SCI", "UFR Sciences et Techniques")


@pytest.fixture
def drt(db):
    return testing.composante("DRT", "Faculté de Droit")


@pytest.fixture
def alice(sci):
    return testing.student("alice.martin", composante_code="SCI", vet_code="L3INF")


@pytest.fixture
def bob(drt):
    return testing.student("bob.nguyen", composante_code="DRT", vet_code="M1DPR")


@pytest.fixture
def gaelle(sci):
    person = testing.user(User.Kind.GRADUATE, uid="gaelle.roux", first_name="Gaëlle")
    person.composantes.add(sci)
    person.vets.add(testing.vet("L3INF", "SCI"))
    return person


@pytest.fixture
def biolab(db):
    return testing.organisation("BioLab Auvergne", website="https://biolab-auvergne.example")


@pytest.fixture
def sophie(biolab):
    return testing.recruiter(
        "rh@biolab-auvergne.example",
        organisation_of=biolab,
        first_name="Sophie",
        last_name="Morel",
    )


@pytest.fixture
def marc(db):
    return testing.recruiter(
        "marc@atelier-numerique.example",
        first_name="Marc",
        last_name="Faure",
        organisation_of=testing.organisation("Atelier Numérique"),
    )


@pytest.fixture
def nina(db):
    return testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))


@pytest.fixture
def claire(sci):
    return testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci))


@pytest.fixture
def david(drt):
    return testing.staff("david.drt", (Role.COMPOSANTE_MANAGER, drt))


@pytest.fixture
def l3inf(sci):
    return testing.vet("L3INF", "SCI")


@pytest.fixture
def m1dpr(drt):
    return testing.vet("M1DPR", "DRT")


@pytest.fixture
def marc_resp(l3inf):
    return testing.staff("marc.resp", (Role.VET_MANAGER, l3inf))


@pytest.fixture
def make_offer(biolab):
    """An offer as the database holds it, indexed when published; BioLab's unless told."""

    def make(
        title: str = "Stage développeur web Python",
        *,
        status: str = Offer.Status.PUBLISHED,
        composantes=(),
        vets=(),
        **fields,
    ) -> Offer:
        now = timezone.now()
        values = {
            "kind": Offer.Kind.INTERNSHIP,
            "organisation": biolab,
            "description": "<p>Rejoignez notre équipe pour développer nos applications.</p>",
            "candidate_sought": "<p>Vous préparez un master en informatique.</p>",
            "city": "Clermont-Ferrand",
            "postcode": "63000",
            "departement": "63",
            "domain": Offer.Domain.IT,
            "level": Offer.Level.BAC_5,
            "duration_months": 6,
            "publish_from": now - timedelta(days=1),
            "publish_until": now + timedelta(days=30),
            "submitted_at": now - timedelta(days=2),
            "published_at": now - timedelta(days=1) if status == Offer.Status.PUBLISHED else None,
        }
        values.update(fields)
        offer = Offer.objects.create(title=title, status=status, **values)
        offer.composantes.set(composantes)
        offer.vets.set(vets)
        if status == Offer.Status.PUBLISHED:
            indexing.reindex([offer.pk])
        return offer

    return make


@pytest.fixture
def staff_offer():
    """What a moderator types in the form of an offer for `organisation`."""

    def data(organisation, **changes) -> dict:
        today = timezone.localdate()
        return {
            "organisation": organisation.pk,
            "title": "Job étudiant : accueil du forum",
            "kind": "job",
            "description": "Accueillir les entreprises au **forum**.",
            "city": "Clermont-Ferrand",
            "postcode": "63000",
            "country": "France",
            "remote": "none",
            "level": "any",
            "domain": "enseignement",
            "apply_by": "platform",
            "audience": "student",
            "publish_from": today.isoformat(),
            "publish_until": (today + timedelta(days=30)).isoformat(),
            **changes,
        }

    return data


@pytest.fixture
def offer_details():
    """An offer as the services take it (`OfferDetails`), aimed at everybody unless told."""
    from tremplin.offers.services import OfferDetails

    def details(**changes) -> OfferDetails:
        now = timezone.now()
        values = {
            "title": "Stage assistant·e de laboratoire",
            "kind": Offer.Kind.INTERNSHIP,
            "description": "Analyses en **laboratoire**.",
            "city": "Clermont-Ferrand",
            "domain": Offer.Domain.SCIENCE,
            "publish_from": now,
            "publish_until": now + timedelta(days=30),
        }
        return OfferDetails(**{**values, **changes})

    return details


@pytest.fixture
def cv_upload():
    def make(name: str = "cv.pdf", content: bytes | None = None) -> SimpleUploadedFile:
        return SimpleUploadedFile(
            name, pdf_bytes() if content is None else content, content_type="application/pdf"
        )

    return make
