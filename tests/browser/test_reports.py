"""The figures and exports pages of a responsable, in French and in English, checked with
axe: the charts, their tables, the filters, an export model saved, a CSV downloaded."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.graduates.models import GraduateClaim
from tremplin.offers.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {
        "figures": "Statistiques",
        "show": "Afficher",
        "chart": "Inscriptions par type de personne",
        "people": "Étudiants et diplômés",
        "save": "Enregistrer comme modèle d’export",
        "name": "Nom du modèle d’export",
        "download": "Télécharger",
    },
    "en": {
        "figures": "Figures",
        "show": "Show",
        "chart": "Registrations by kind of person",
        "people": "Students and graduates",
        "save": "Save as an export model",
        "name": "Name of the export model",
        "download": "Download",
    },
}


@pytest.fixture
def claire():
    sci = testing.composante("SCI")
    testing.vet("M1DPR", "DRT")
    for _ in range(3):
        testing.student(composante_code="SCI", vet_code="L3INF")
    student = testing.student(composante_code="DRT", vet_code="M1DPR")
    GraduateClaim.objects.create(
        user=student, route=GraduateClaim.Route.ABSENT, last_name="Roux", first_name="Gaëlle"
    )
    offer = Offer.objects.create(
        title="Stage Python",
        kind=Offer.Kind.INTERNSHIP,
        organisation=testing.organisation(),
        description="<p>x</p>",
        city="Clermont-Ferrand",
        domain=Offer.Domain.IT,
        status=Offer.Status.PUBLISHED,
        publish_until=timezone.now() + timedelta(days=30),
    )
    offer.composantes.set([sci])
    return testing.staff("claire.resp", (RoleAssignment.Role.COMPOSANTE_MANAGER, sci))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_claire_reads_her_figures_and_exports_her_students(
    page, live_server, axe, claire, language, settings
):
    words = WORDS[language]
    testing.signed_in_as(page, live_server, claire)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + "/gestion/")
    page.get_by_role("link", name=words["figures"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["figures"])
    expect(page.get_by_role("img", name=words["chart"])).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    assert axe(page, context=f"figures ({language})") == []

    page.get_by_label("Composante", exact=True).select_option(label="UFR SCI")
    page.get_by_role("button", name=words["show"]).click()
    expect(page).to_have_url(re.compile("composante="))
    assert axe(page, context=f"figures narrowed ({language})") == []

    page.goto(live_server.url + "/gestion/exports/")
    assert axe(page, context=f"exports ({language})") == []
    page.get_by_role("link", name=words["people"]).click()
    assert axe(page, context=f"people export ({language})") == []
    page.get_by_label(words["name"]).fill("Mes étudiants")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator(".messages")).to_contain_text("Mes étudiants")
    assert axe(page, context=f"export model saved ({language})") == []

    with page.expect_download() as download:
        page.get_by_role("button", name=words["download"]).click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert len(content.strip().splitlines()) == 1 + 3  # the headings, SCI's three students

    settings.EXPORT_XLSX_MAX_ROWS = 1  # longer: a worker writes it
    page.get_by_label("XLSX").check()
    page.get_by_role("button", name=words["download"]).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    assert axe(page, context=f"XLSX written by a worker ({language})") == []
