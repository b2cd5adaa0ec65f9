"""What the recruiters' tests share: the registration as typed."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def registration():
    """What Léa Durand types to register Atelier Numérique, as the form posts it."""
    return {
        "name": "Atelier Numérique",
        "siret": "852 963 743 00020",
        "address": "4 place de Jaude",
        "postcode": "63000",
        "city": "Clermont-Ferrand",
        "country": "France",
        "sector": "J",
        "size": "10-49",
        "website": "atelier-numerique.example",
        "first_name": "Léa",
        "last_name": "Durand",
        "job_title": "Responsable des ressources humaines",
        "phone": "+33 4 73 00 00 00",
        "email": "Lea.Durand@atelier-numerique.example",
        "password1": "Un-stage-à-Clermont-2026",
        "password2": "Un-stage-à-Clermont-2026",
        "terms": "on",
    }


@pytest.fixture
def register(client, registration):
    """Post the registration form (with changes); return the response."""

    def post(**changes):
        return client.post(
            reverse("recruiters:register"), {**registration, **changes}, REMOTE_ADDR="192.0.2.7"
        )

    return post
