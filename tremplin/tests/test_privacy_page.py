"""The "Données personnelles" page lists every processing the code does, with its
retention written from the settings the purge reads: a retention setting or rule that no
processing cites, or a processing the page does not show, fails here."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from tremplin.lib import personal_data, retention

pytestmark = pytest.mark.django_db


def test_every_retention_setting_is_cited_by_a_processing():
    cited = {key for p in personal_data.processings() for key in p.keys}
    assert set(settings.RETENTION_DAYS) - cited == set()
    assert cited - set(settings.RETENTION_DAYS) == set()


def test_every_retention_rule_is_cited_by_a_processing():
    cited = {name for p in personal_data.processings() for name in p.rules}
    assert {rule.name for rule in retention.rules()} - cited == set()
    assert cited - {rule.name for rule in retention.rules()} == set()


def test_the_page_lists_every_processing_with_its_retention(client, settings):
    from tremplin.accounts.defaults import publish_first_versions
    from tremplin.accounts.models import LegalDocument

    publish_first_versions(LegalDocument)
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "application_after_offer": 400}
    page = client.get(reverse("pages:donnees-personnelles")).content.decode()
    for processing in personal_data.processings():
        assert str(processing.name) in page
        assert escape(str(processing.retention(settings.RETENTION_DAYS))) in page
    assert "400 jours après la dernière modification de l’offre" in page
    assert "CV" in page and "Candidatures" in page
