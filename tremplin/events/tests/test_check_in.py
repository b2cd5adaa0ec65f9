"""At the door: the QR code and its code, the organiser's check-in page, attendance and
the exports."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse

from tremplin.events import services
from tremplin.events.models import Event


def test_the_registration_page_shows_the_qr_code_and_the_code(client, alice, make_event):
    event = make_event()
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(alice)
    page = client.get(reverse("events:registration", args=[registration.pk])).content.decode()
    assert 'src="data:image/png;base64,' in page
    assert registration.code in page


def test_the_organiser_checks_in_a_typed_code_once(client, alice, claire, sci, make_event):
    event = make_event(composantes=[sci])
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(claire)
    url = reverse("events:check_in", args=[event.pk])
    typed = registration.code.lower()[:4] + "-" + registration.code.lower()[4:]
    page = client.post(url, {"code": typed}).content.decode()
    assert "Bienvenue, Alice" in page
    assert "1 présents sur 1 inscrits" in page
    registration.refresh_from_db()
    assert registration.checked_in_by == claire
    assert "est déjà arrivé·e" in client.post(url, {"code": registration.code}).content.decode()
    unknown = client.post(url, {"code": "ZZZZZZZZ"})
    assert unknown.status_code == 400


def test_the_qr_code_opens_the_check_in_page_with_the_code_filled_in(
    client, alice, nina, make_event
):
    event = make_event()
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(nina)
    page = client.get(
        reverse("events:check_in", args=[event.pk]), {"code": registration.code}
    ).content.decode()
    assert f'value="{registration.code}"' in page


def test_a_responsable_of_another_composante_gets_404_at_the_door(
    client, alice, david, sci, make_event
):
    event = make_event(composantes=[sci])
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(david)
    url = reverse("events:check_in", args=[event.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": registration.code}).status_code == 404
    for name in ("registrants", "export_csv", "export_xlsx"):
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_code_of_another_event_is_unknown_here(alice, nina, make_event):
    here, there = make_event(), make_event("Autre forum")
    registration = services.register(there.pk, acting_user=alice)
    try:
        services.check_in(here.pk, registration.code, acting_user=nina)
    except services.UnknownCode:
        pass
    else:
        raise AssertionError("a code of another event was accepted")


def test_the_recruiters_of_the_proposing_organisation_keep_its_door(
    client, alice, sophie, marc, make_event
):
    event = make_event(kind=Event.Kind.PRESENTATION, organisation=sophie.recruiter.organisation)
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(marc)
    assert client.get(reverse("events:check_in", args=[event.pk])).status_code == 404
    client.force_login(sophie)
    page = client.post(reverse("events:check_in", args=[event.pk]), {"code": registration.code})
    assert "Bienvenue" in page.content.decode()


def test_the_exports_list_registrants_and_who_came(client, alice, bob, gaelle, nina, make_event):
    event = make_event(capacity=2)
    present = services.register(event.pk, acting_user=alice)
    services.register(event.pk, acting_user=gaelle)
    services.register(event.pk, acting_user=bob)  # waiting
    services.check_in(event.pk, present.code, acting_user=nina)
    client.force_login(nina)

    csv = client.get(reverse("events:export_csv", args=[event.pk])).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Nom;Prénom;Adresse électronique;État")
    alice_line = next(line for line in lines if alice.email in line)
    assert alice_line.split(";")[3:6][0] == "Inscrit" and ";oui;" in alice_line
    assert any(bob.email in line and "En liste d’attente" in line for line in lines)

    xlsx = client.get(reverse("events:export_xlsx", args=[event.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert alice.email in strings and "oui" in strings

    page = client.get(reverse("events:registrants", args=[event.pk])).content.decode()
    assert "2 inscrits sur 2 places, 1 en attente, 1 présents." in page


def test_a_name_that_looks_like_a_formula_is_written_as_text(client, nina, make_event):
    from tremplin import testing

    mallory = testing.student("mallory", email="mallory@univ-test.fr")
    mallory.last_name = "=HYPERLINK(1)"
    mallory.save()
    event = make_event()
    services.register(event.pk, acting_user=mallory)
    client.force_login(nina)
    csv = client.get(reverse("events:export_csv", args=[event.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
