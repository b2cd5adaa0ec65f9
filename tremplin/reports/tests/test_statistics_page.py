"""The figures page (`reports:statistics`): who opens it, its charts and tables, the
filters, and nothing of another scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tremplin import testing

URL = reverse("reports:statistics")


def test_nobody_but_staff_with_the_right_opens_it(client, world):
    assert client.get(URL).status_code == 302
    client.force_login(world.people[0])
    assert client.get(URL).status_code == 404
    client.force_login(testing.staff("sans.role"))
    assert client.get(URL).status_code == 404


def test_each_chart_is_an_image_named_for_screen_readers_with_its_table(client, world):
    client.force_login(world.staff["resp_a"])
    page = client.get(URL).content.decode()
    charts = re.findall(r'<svg class="bar-chart" role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) >= 6
    for labelled_by in charts:
        title, desc = labelled_by.split()
        assert f'<title id="{title}">' in page and f'<desc id="{desc}">' in page
    assert page.count("<table>") >= len(charts)
    assert '<caption class="visually-hidden">Inscriptions par type de personne</caption>' in page


def test_the_page_shows_the_scope_and_nothing_of_another(client, world):
    client.force_login(world.staff["resp_a"])
    page = client.get(URL).content.decode()
    assert "Stage Python — BioLab" in page
    assert "Juriste" not in page  # DRT's offer
    client.force_login(world.staff["resp_b"])
    page = client.get(URL).content.decode()
    assert "Juriste — BioLab" in page
    assert "Stage Python" not in page


def test_the_filters_narrow_the_figures(client, world):
    client.force_login(world.staff["admin"])
    page = client.get(URL, {"date_from": "2026-04-01", "date_to": "2026-04-30"}).content.decode()
    # April's applications: to "Job été" (2) and "@Tous" (1); "Stage L3"'s is in May.
    assert "Job été — BioLab" in page and "Stage L3 — BioLab" not in page
    # April's offers: "Stage L3" (the draft is nobody's figure yet).
    figure = re.search(r'id="figure-offers-1".*?</figure>', page, re.S).group(0)
    assert re.search(r"<th scope=\"row\">Stage</th><td class=\"number\">1</td>", figure)


def test_an_impossible_period_says_so(client, world):
    client.force_login(world.staff["admin"])
    page = client.get(URL, {"date_from": "2026-05-01", "date_to": "2026-04-01"}).content.decode()
    assert "La période finit avant de commencer." in page


@pytest.mark.parametrize(("name", "sections"), [("adviser", 3), ("resp_vet", 6)])
def test_sections_follow_the_rights(client, world, name, sections):
    client.force_login(world.staff[name])
    page = client.get(URL).content.decode()
    assert page.count('<section aria-labelledby="section-') == sections


def test_the_claims_per_vet_of_a_responsable_of_a_vet(client, world):
    """The responsable of L3INF sees that VET's row, with its chart, and no other VET."""
    client.force_login(world.staff["resp_vet"])
    page = client.get(URL).content.decode()
    figure = re.search(r'id="figure-claims-3".*?</figure>', page, re.S).group(0)
    assert "<h3>Inscriptions de diplômés par VET</h3>" in figure
    assert '<svg class="bar-chart" role="img"' in figure
    # L3INF's claims: three validated, one not accepted, none waiting.
    row = r'<th scope="row">L3INF-1 — Diplôme L3INF</th><td class="number">3</td>'
    assert re.search(row + r'<td class="number">1</td><td class="number">0</td>', figure)
    assert "L3DRT" not in figure
