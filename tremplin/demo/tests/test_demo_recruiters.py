"""The demo's recruiters: one accepted, one in the administrators' queue, loaded once."""

import pytest
from django.urls import reverse

from tremplin.demo.recruiters import PASSWORD, load_demo_recruiters
from tremplin.recruiters.models import Organisation, Recruiter

pytestmark = pytest.mark.django_db


def test_the_demo_recruiters_are_loaded_once(client, admin):
    assert load_demo_recruiters() == 2
    assert load_demo_recruiters() == 2
    assert Organisation.objects.count() == 2
    [waiting] = Recruiter.objects.pending()
    assert (waiting.user.email, waiting.organisation.name) == (
        "contact@atelier-numerique.fr",
        "Atelier Numérique",
    )
    assert not waiting.user.is_active

    response = client.post(
        reverse("account_login"), {"login": "rh@biolab-auvergne.fr", "password": PASSWORD}
    )
    assert response["Location"] == reverse("recruiters:home")
    assert "BioLab Auvergne" in client.get(reverse("recruiters:home")).content.decode()
