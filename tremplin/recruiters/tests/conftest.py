"""What the recruiters' tests share: the registration as typed, and the mails queued."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin import testing


@dataclass
class Mail:
    to: list[str]
    subject: str
    text: str
    html: str

    def link(self, name: str = "confirmation") -> str:
        """The path of the first link of the text that contains `name`."""
        return re.search(rf"https?://[^/\s]+(/\S*{name}\S*)", self.text)[1]


@pytest.fixture
def mails():
    """The mails deferred so far (each is a `send_email` job), oldest first."""

    def read() -> list[Mail]:
        jobs = ProcrastinateJob.objects.filter(task_name="send_email").order_by("id")
        return [Mail(**job.args) for job in jobs]

    return read


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


@pytest.fixture
def admin():
    return testing.administrator()
