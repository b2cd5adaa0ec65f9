from io import StringIO

import pytest
from django.core.management import call_command

from tremplin.demo import referential
from tremplin.directory.models import Composante, RegistryEntry, Vet
from tremplin.lib.text import name_key

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("demo_data", "--no-progress", stdout=out)
    return out.getvalue()


def test_the_demo_referential_and_registry_are_loaded_once():
    first = load()
    assert "registry: 5000 rows, 5000 created, 0 updated" in first
    assert Composante.objects.count() == 6
    assert 35 <= Vet.objects.count() <= 45
    assert {"SCI", "DRT"} <= set(Composante.objects.values_list("code", flat=True))
    assert Vet.objects.filter(code="L3INF", composante__code="SCI").exists()
    assert Vet.objects.filter(code="M1DPR", composante__code="DRT").exists()

    second = load()
    assert "registry: 5000 rows, 0 created, 0 updated" in second
    assert RegistryEntry.objects.count() == 5000 + len(referential.DEMO_GRADUATES)


def test_the_registry_looks_like_french_people():
    load()
    names = list(RegistryEntry.objects.values_list("birth_name", "first_names"))
    assert any("-" in last or "'" in last for last, _ in names)  # compound names, N'Diaye…
    assert any(set(first) & set("éèëïôç") for _, first in names)  # accents
    assert RegistryEntry.objects.exclude(usage_name="").exists()  # usage names
    people = {}
    for entry in RegistryEntry.objects.all():
        people.setdefault(
            (entry.birth_name_key, name_key(entry.first_names.split()[0])), set()
        ).add(entry.birth_date)
    assert any(len(dates) > 1 for dates in people.values())  # homonyms born on other days


def test_an_offer_aimed_at_two_composantes_waits_for_their_moderators():
    from tremplin.offers.models import Offer

    first = load()
    assert "offers: one waiting for the moderators of SCI and DRT" in first
    offer = Offer.objects.get(status=Offer.Status.SUBMITTED)
    assert offer.organisation.name == "BioLab Auvergne"
    assert {c.code for c in offer.composantes.all()} == {"SCI", "DRT"}
    assert "waiting for the moderators" not in load()
    assert Offer.objects.filter(status=Offer.Status.SUBMITTED).count() == 1


def test_the_demo_events_are_a_forum_of_ten_a_job_dating_a_presentation_and_a_webinar():
    from tremplin.events.models import Event, Participation

    assert "events: 4 written" in load()
    kinds = dict(Event.objects.values_list("kind", "title"))
    assert set(kinds) == {"forum", "job_dating", "presentation", "webinar"}
    forum = Event.objects.get(kind="forum")
    assert forum.participations.filter(status=Participation.Status.ACCEPTED).count() == 10
    assert Event.objects.open_to_everyone().filter(pk=forum.pk).exists()
    job_dating = Event.objects.get(kind="job_dating")
    assert job_dating.slots.count() == 24
    assert Event.objects.get(kind="presentation").organisation.name == "BioLab Auvergne"
    assert "events: already there" in load()
    assert Event.objects.count() == 4
