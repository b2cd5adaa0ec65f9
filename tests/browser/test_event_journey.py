"""A recruitment event from end to end, in Chromium: an administrator creates a forum, a
recruiter asks for a stand, a career adviser accepts it, Alice registers, downloads the
.ics and is checked in at the door, and the export lists her as present. axe-core checks
every page; the listing, the event and the registration in French and in English."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.events.models import Event, Participation, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FMT = "%Y-%m-%dT%H:%M"


def test_a_forum_from_its_creation_to_the_export_of_who_came(page, live_server, axe, tmp_path):
    paul = testing.administrator()
    nina = testing.staff("nina.conseil", (RoleAssignment.Role.CAREER_ADVISER, None))
    sophie = testing.recruiter("rh@biolab.example", organisation_of=testing.organisation())
    alice = testing.student("alice.martin")
    now = timezone.localtime()

    # The administrator creates the forum, for everybody.
    testing.signed_in_as(page, live_server, paul)
    page.goto(live_server.url + "/gestion/evenements/")
    assert axe(page) == []
    page.get_by_role("link", name="Nouvel événement").click()
    assert axe(page) == []
    page.locator("[name=kind]").select_option("forum")
    page.locator("[name=title]").fill("Forum Stages & Emplois")
    page.locator("textarea[name=description]").fill("Dix entreprises vous **attendent**.")
    page.locator("[name=place]").fill("Campus des Cézeaux")
    page.locator("[name=starts_at]").fill((now + timedelta(days=5)).strftime(FMT))
    page.locator("[name=ends_at]").fill((now + timedelta(days=5, hours=6)).strftime(FMT))
    page.locator("[name=registration_opens_at]").fill((now - timedelta(hours=1)).strftime(FMT))
    page.locator("[name=registration_closes_at]").fill((now + timedelta(days=4)).strftime(FMT))
    page.locator("[name=capacity]").fill("300")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text("est publié")
    assert axe(page) == []
    forum = Event.objects.get()
    event_url = f"{live_server.url}/evenements/{forum.pk}/"

    # A recruiter asks for a stand.
    testing.signed_in_as(page, live_server, sophie)
    page.goto(event_url)
    assert axe(page) == []
    page.get_by_role("button", name="Demander un stand").click()
    expect(page.locator(".messages")).to_contain_text("Votre demande est envoyée")
    assert axe(page) == []

    # A career adviser accepts it.
    testing.signed_in_as(page, live_server, nina)
    page.goto(live_server.url + "/gestion/evenements/stands/")
    assert axe(page) == []
    page.get_by_role("link", name="BioLab Auvergne").click()
    assert axe(page) == []
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator(".messages")).to_contain_text("participe à")
    assert Participation.objects.get().status == Participation.Status.ACCEPTED

    # Alice registers, in one click, and downloads the .ics.
    testing.signed_in_as(page, live_server, alice)
    page.goto(live_server.url + "/evenements/")
    assert axe(page, context="listing (fr)") == []
    page.get_by_role("link", name="Forum Stages & Emplois").click()
    expect(page.locator("main")).to_contain_text("BioLab Auvergne")
    assert axe(page, context="event (fr)") == []
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.locator(".messages")).to_contain_text("Vous êtes inscrit·e")
    expect(page.get_by_role("img", name="QR code de votre inscription")).to_be_visible()
    assert axe(page, context="registration (fr)") == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    ics = tmp_path / "forum.ics"
    download.value.save_as(ics)
    [item] = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(item["summary"]) == "Forum Stages & Emplois"

    # The same pages in English.
    page.get_by_role("button", name="EN — English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum Stages & Emplois")
    assert axe(page, context="registration (en)") == []
    page.goto(event_url)
    expect(page.locator("main")).to_contain_text("You are registered.")
    assert axe(page, context="event (en)") == []
    page.goto(live_server.url + "/evenements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recruitment events")
    assert axe(page, context="listing (en)") == []
    page.get_by_role("button", name="FR — Français").click()

    # At the door, on a phone: the administrator types Alice's code.
    code = Registration.objects.get(person=alice).code
    testing.signed_in_as(page, live_server, paul)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/gestion/evenements/{forum.pk}/accueil/")
    assert axe(page, context="check-in on a phone") == []
    page.get_by_label("Code").fill(code.lower())
    page.get_by_role("button", name="Enregistrer l’arrivée").click()
    expect(page.get_by_role("alert")).to_contain_text("Bienvenue, Alice")
    expect(page.locator(".attendance")).to_contain_text("1 présents sur 1 inscrits")
    assert axe(page, context="check-in done") == []

    # The export lists her as present.
    page.goto(f"{live_server.url}/gestion/evenements/{forum.pk}/inscrits/")
    assert axe(page) == []
    export = page.request.get(f"{live_server.url}/gestion/evenements/{forum.pk}/inscrits.csv")
    line = next(row for row in export.text().splitlines() if alice.email in row)
    assert ";Inscrit;" in line and ";oui;" in line
