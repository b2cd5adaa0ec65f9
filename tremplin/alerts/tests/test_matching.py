"""Who gets which new offers: the matching in SQL, criterion by criterion, targeting, the
limits, never twice, one mail a day; and the home's condition gives the same answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin.alerts import personal
from tremplin.alerts.matching import Run, matches, write_digests
from tremplin.alerts.models import SavedSearch
from tremplin.alerts.services import save_search
from tremplin.offers.models import Offer
from tremplin.offers.search.query import matching as search_matching

pytestmark = pytest.mark.django_db


def run(day: date | None = None) -> Run:
    now = timezone.now()
    if day is not None:
        now = now.replace(year=day.year, month=day.month, day=day.day)
    return Run(day=timezone.localdate(now), now=now)


def offers_for(user, at: Run | None = None) -> list[int]:
    return [offer for person, offer, _rank in matches(at or run()) if person == user.pk]


def same_as_home(user, profile) -> list[int]:
    """The home's condition (one person, the ORM) over the same offers."""
    since = timezone.now() - timedelta(hours=30)
    return [o.pk for o in personal.new_offers(user, profile, since)]


@pytest.mark.parametrize(
    ("criteria", "matching_fields", "other_fields"),
    [
        ({"kinds": ["cdi"]}, {"kind": "cdi"}, {"kind": "stage"}),
        ({"domains": ["droit"]}, {"domain": "droit"}, {"domain": "informatique"}),
        ({"departements": ["75"]}, {"departement": "75"}, {"departement": "63"}),
        ({"cities": ["lyon"]}, {"city": "Lyon", "departement": "69"}, {"city": "Paris"}),
        (
            {"abroad": True, "departements": ["69"]},
            {"country": "Allemagne", "city": "Berlin", "departement": ""},
            {"departement": "63"},
        ),
        ({"remote": ["full"]}, {"remote": "full"}, {"remote": "none"}),
        ({"level": "bac3"}, {"level": "bac2"}, {"level": "bac5"}),
        ({"level": "bac3"}, {"level": "any"}, {"level": "bac8"}),
        (
            {"start_from": date(2027, 3, 1), "start_until": date(2027, 4, 30)},
            {"start_date": date(2027, 4, 1)},
            {"start_date": date(2027, 6, 1)},
        ),
        ({"max_duration_months": 6}, {"duration_months": 4}, {"duration_months": 12}),
        ({"languages": ["fr", "en"]}, {"languages": ["en"]}, {"languages": ["de"]}),
    ],
    ids=[
        "type",
        "domain",
        "departement",
        "city",
        "abroad",
        "remote",
        "level-lower",
        "level-any",
        "start-period",
        "duration",
        "languages",
    ],
)
def test_each_criterion_of_the_profile(
    alice, offer, search_profile, criteria, matching_fields, other_fields
):
    profile = search_profile(alice, **criteria)
    wanted = offer("Celle-ci", **matching_fields)
    offer("Pas celle-là", **other_fields)
    assert offers_for(alice) == [wanted.pk]
    assert same_as_home(alice, profile) == [wanted.pk]


def test_an_empty_profile_matches_every_offer_aimed_at_the_person(alice, offer, search_profile):
    search_profile(alice)
    offers = {offer(kind=kind).pk for kind in ("stage", "cdi", "these")}
    assert set(offers_for(alice)) == offers


def test_no_alert_no_offers(alice, offer, search_profile):
    search_profile(alice, alert_frequency="")
    offer()
    assert offers_for(alice) == []


def test_targeting_is_respected(alice, bob, gaelle, sci, drt, l3inf, offer, search_profile):
    for person in (alice, bob, gaelle):
        search_profile(person)
    for_sci = offer("SCI", composantes=[sci])
    for_drt = offer("DRT", composantes=[drt])
    for_l3inf = offer("L3INF", vets=[l3inf])
    for_graduates = offer("Diplômés", audience="graduate")
    for_students = offer("Étudiants", audience="student")
    everyone = offer("Tous")
    expected = {
        alice: {for_sci.pk, for_l3inf.pk, for_students.pk, everyone.pk},
        bob: {for_drt.pk, for_students.pk, everyone.pk},
        gaelle: {for_sci.pk, for_l3inf.pk, for_graduates.pk, everyone.pk},
    }
    for person, offers in expected.items():
        assert set(offers_for(person)) == offers, person
        # exactly what the person may open
        visible = set(Offer.objects.visible_to(person).values_list("pk", flat=True))
        assert set(offers_for(person)) <= visible


def test_unpublished_expired_and_old_offers_are_left_out(alice, offer, search_profile):
    search_profile(alice)
    now = timezone.now()
    offer("Brouillon", status=Offer.Status.DRAFT)
    offer("Finie", publish_until=now - timedelta(hours=1))
    offer("Ancienne", published_at=now - timedelta(days=3))
    fresh = offer("Nouvelle", published_at=now - timedelta(hours=2))
    assert offers_for(alice) == [fresh.pk]


def test_weekly_alerts_look_back_a_week_on_their_day(alice, offer, search_profile, settings):
    search_profile(alice, alert_frequency="weekly")
    offer = offer(published_at=timezone.now() - timedelta(days=3))
    today = timezone.localdate()
    settings.ALERT_WEEKLY_DAY = (today.weekday() + 1) % 7
    assert offers_for(alice) == []  # not its day
    settings.ALERT_WEEKLY_DAY = today.weekday()
    assert offers_for(alice) == [offer.pk]


def test_at_most_two_offers_of_one_organisation_and_ten_in_all(
    alice, make_offer, search_profile, biolab
):
    from tremplin import testing

    search_profile(alice)
    now = timezone.now()
    newest_biolab = [
        make_offer(f"BioLab {n}", published_at=now - timedelta(minutes=n)).pk for n in range(4)
    ]
    others = []
    for n in range(12):
        organisation = testing.organisation(f"Autre {n}")
        offer = make_offer(
            f"Autre {n}", organisation=organisation, published_at=now - timedelta(hours=1 + n)
        )
        others.append(offer.pk)
    found = offers_for(alice)
    assert len(found) == 10
    assert found[:2] == newest_biolab[:2]  # the two newest of BioLab, newest first
    assert found[2:] == others[:8]


def test_limits_are_settings(alice, make_offer, search_profile, settings):
    settings.ALERT_MAX_OFFERS = 3
    settings.ALERT_MAX_PER_ORGANISATION = 1
    search_profile(alice)
    make_offer("Un")
    make_offer("Deux")
    assert len(offers_for(alice)) == 1


def test_never_the_same_offer_twice_and_one_mail_a_day(alice, offer, search_profile):
    search_profile(alice)
    first = offer("Premier")
    today = run()
    assert len(write_digests(today)) == 1
    assert write_digests(today) == []  # run again: nothing more
    second = offer("Second")
    assert offers_for(alice, today) == []  # she has her mail of the day
    tomorrow = Run(day=today.day + timedelta(days=1), now=today.now + timedelta(minutes=1))
    assert offers_for(alice, tomorrow) == [second.pk]
    assert first.pk not in offers_for(alice, tomorrow)


def test_an_offer_matching_the_profile_and_a_search_comes_once(alice, offer, search_profile):
    search_profile(alice, kinds=["stage"])
    save_search("Stages", "type=stage", "daily", acting_user=alice)
    offer = offer(kind="stage")
    assert offers_for(alice) == [offer.pk]


def test_graduates_and_students_only(sophie, offer, search_profile):
    search_profile(sophie)  # a recruiter with a profile row (never offered the step)
    offer()
    assert offers_for(sophie) == []


@pytest.mark.parametrize(
    "query",
    [
        "type=cdi",
        "type=stage&type=cdi&domain=droit",
        "remote=full&level=bac5",
        "departement=75",
        "departement=63&city=clermont-ferrand",
        "start_after=2027-01-01",
        "max_duration=6",
        "q=chimiste",
        "q=chimiste&type=stage",
    ],
)
def test_a_saved_search_finds_what_the_search_page_finds(
    alice, biolab, offer, search_profile, query
):
    """Its filters read by the search's own filter table, applied to everyone in SQL."""
    search_profile(alice, alert_frequency="")
    offer("Stage chimiste", kind="stage", remote="full", level="bac5")
    offer("CDI juriste", kind="cdi", domain="droit", departement="75", city="Paris")
    offer("CDI chimiste", kind="cdi", start_date=date(2027, 2, 1), duration_months=6)
    offer("Stage long", duration_months=12, start_date=date(2026, 12, 1))
    search = save_search("Ma recherche", query, "daily", acting_user=alice)
    from tremplin.alerts.services import criteria_of

    found = set(
        search_matching(alice, criteria_of(search.query)).values_list("offer_id", flat=True)
    )
    assert found, "the case should find something"
    assert set(offers_for(alice)) == found


def test_a_saved_search_of_an_organisation(alice, biolab, make_offer, search_profile):
    from tremplin import testing

    other = testing.organisation("Autre")
    search_profile(alice, alert_frequency="")
    wanted = make_offer("BioLab")
    make_offer("Autre", organisation=other)
    save_search("BioLab", f"organisation={biolab.pk}", "daily", acting_user=alice)
    assert offers_for(alice) == [wanted.pk]


def test_every_filter_of_the_search_has_a_column():
    from tremplin.alerts.services import FILTER_COLUMNS, IGNORED_FILTERS
    from tremplin.offers.search.filters import FILTERS

    names = {f.name for f in FILTERS}
    assert names == set(FILTER_COLUMNS) | IGNORED_FILTERS
    for column in FILTER_COLUMNS.values():
        SavedSearch._meta.get_field(column.removesuffix("_id"))
