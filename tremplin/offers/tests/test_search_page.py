"""Students and graduates search the offers aimed at them, in French or in English, with
filters and facet counts; an offer not aimed at them is neither listed nor reachable."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing
from tremplin.offers.search.filters import FILTERS

pytestmark = pytest.mark.django_db
S = Offer.Status


def listed(client, **query) -> str:
    return client.get(reverse("offers:search"), query).content.decode()


def offer_page(client, offer):
    return client.get(reverse("offers:detail", args=[offer.pk]))


# --- Targeting -----------------------------------------------------------------------


def test_an_offer_for_another_composante_is_neither_listed_nor_reachable(
    client, alice, bob, make_offer, drt
):
    for_drt = make_offer("Stage juriste en cabinet", composantes=[drt])
    client.force_login(alice)
    assert "Stage juriste en cabinet" not in listed(client)
    assert "Stage juriste en cabinet" not in listed(client, q="juriste")
    assert offer_page(client, for_drt).status_code == 404

    client.force_login(bob)
    assert "Stage juriste en cabinet" in listed(client, q="juriste")
    assert offer_page(client, for_drt).status_code == 200


def test_an_offer_for_a_vet_reaches_its_students_only(client, alice, bob, make_offer):
    for_l3 = make_offer("Stage réservé aux L3", vets=[testing.vet("L3INF", "SCI")])
    client.force_login(alice)
    assert offer_page(client, for_l3).status_code == 200
    client.force_login(bob)
    assert offer_page(client, for_l3).status_code == 404
    assert "Stage réservé aux L3" not in listed(client)


@pytest.mark.parametrize(
    ("audience", "alice_sees", "gaelle_sees"),
    [
        (Offer.Audience.EVERYONE, True, True),
        (Offer.Audience.STUDENTS, True, False),
        (Offer.Audience.GRADUATES, False, True),
    ],
)
def test_the_audience_decides_between_students_and_graduates(
    client, alice, gaelle, make_offer, audience, alice_sees, gaelle_sees
):
    offer = make_offer("Stage ciblé", audience=audience)
    for person, sees in ((alice, alice_sees), (gaelle, gaelle_sees)):
        client.force_login(person)
        assert ("Stage ciblé" in listed(client)) is sees
        assert offer_page(client, offer).status_code == (200 if sees else 404)


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.SUBMITTED, S.REJECTED, S.EXPIRED, S.FILLED, S.ARCHIVED]
)
def test_an_unpublished_offer_is_not_reachable_by_candidates(client, alice, make_offer, status):
    offer = make_offer("Stage non publié", status=status)
    client.force_login(alice)
    assert offer_page(client, offer).status_code == 404


def test_an_offer_outside_its_window_is_not_reachable(client, alice, make_offer):
    later = make_offer("Stage à venir", publish_from=timezone.now() + timedelta(days=2))
    client.force_login(alice)
    assert "Stage à venir" not in listed(client)
    assert offer_page(client, later).status_code == 404


def test_the_recruiter_and_the_moderator_see_an_unpublished_offer_others_do_not(
    client, sophie, marc, nina, make_offer
):
    offer = make_offer("Stage en attente", status=S.SUBMITTED)
    for person, status in ((sophie, 200), (nina, 200), (marc, 404)):
        client.force_login(person)
        assert offer_page(client, offer).status_code == status


def test_a_signed_out_visitor_is_asked_to_sign_in_for_a_private_offer(client, make_offer):
    """The search lists the public offers only (`test_public_offers`); a private one sends
    to the sign-in page."""
    offer = make_offer()
    page = listed(client)
    assert offer.title not in page
    assert "/compte/etudiant/?next=/offres/" in page
    assert offer_page(client, offer)["Location"].startswith("/compte/login/")


def test_staff_and_recruiters_find_only_the_public_offers_and_are_told_why(
    client, nina, make_offer
):
    make_offer("Stage chimiste")
    make_offer("Stage biologiste public", public=True)
    client.force_login(nina)
    page = listed(client)
    assert "Stage chimiste" not in page
    assert "Stage biologiste public" in page
    assert "vous voyez les offres publiques seulement" in page


# --- Words ---------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_offer):
    return {
        "dev": make_offer(
            "Développeurs Python H/F",
            kind=Offer.Kind.PERMANENT,
            description="<p>Nous recrutons des développeurs pour notre équipe produit.</p>",
        ),
        "lab": make_offer(
            "Stage en laboratoire de biologie",
            domain=Offer.Domain.SCIENCE,
            departement="69",
            city="Lyon",
            postcode="69003",
            remote=Offer.Remote.PARTIAL,
            description="<p>Analyses en laboratoires et prélèvements.</p>",
        ),
        "en": make_offer(
            "Software engineering intern",
            remote=Offer.Remote.FULL,
            description="<p>Build software used by thousands of customers. Fluent English.</p>",
        ),
    }


def titles_in(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/offres/\d+/">([^<]+)</a></h3>', page)


def test_a_query_without_accents_finds_the_accented_plural(client, alice, catalogue):
    client.force_login(alice)
    assert titles_in(listed(client, q="developpeur")) == ["Développeurs Python H/F"]


def test_singular_and_plural_find_each_other(client, alice, catalogue):
    client.force_login(alice)
    assert titles_in(listed(client, q="laboratoires")) == ["Stage en laboratoire de biologie"]
    assert titles_in(listed(client, q="développeur")) == ["Développeurs Python H/F"]


def test_an_english_query_finds_the_english_offer(client, alice, catalogue):
    client.force_login(alice)
    assert titles_in(listed(client, q="software engineer")) == ["Software engineering intern"]


def test_a_query_with_no_hit_says_so_and_suggests_other_words(client, alice, catalogue):
    client.force_login(alice)
    page = listed(client, q="astronaute")
    assert titles_in(page) == []
    assert "0 offre pour « astronaute »" in page
    assert "Aucune offre ne correspond à votre recherche." in page


def test_an_empty_result_with_filters_suggests_removing_them(client, alice, catalogue):
    client.force_login(alice)
    page = listed(client, q="développeur", departement="69")
    assert "Aucune offre ne correspond à votre recherche." in page
    assert "Retirez des filtres" in page
    assert 'href="?q=d%C3%A9veloppeur"' in page


# --- Filters, facets, sort, pages -----------------------------------------------------


def test_filters_narrow_the_results_and_facets_count_the_matches(client, alice, catalogue):
    client.force_login(alice)
    page = listed(client)
    assert "3 offres" in page
    assert re.search(
        r'id="filter-type-stage"[^>]*><label[^>]*>Stage <span class="count">\(2\)', page
    )
    assert re.search(r'id="filter-type-cdi"[^>]*><label[^>]*>[^<]+<span class="count">\(1\)', page)
    assert "69 — Rhône (1)" in page and "63 — Puy-de-Dôme (2)" in page

    page = listed(client, type="stage", remote="full")
    assert titles_in(page) == ["Software engineering intern"]
    assert "1 offre" in page
    assert 'id="filter-type-stage" checked' in page


def test_the_filters_of_a_shared_url_are_kept(client, alice, catalogue):
    client.force_login(alice)
    page = listed(client, q="stage", departement="69", sort="newest")
    assert titles_in(page) == ["Stage en laboratoire de biologie"]
    assert '<option value="69" selected>' in page
    assert '<option value="newest" selected>' in page
    assert 'value="stage"' in page


@pytest.mark.parametrize("name", [f.name for f in FILTERS if not f.field.widget.is_hidden])
def test_every_filter_has_its_control_on_the_page(client, alice, catalogue, name):
    client.force_login(alice)
    assert f'name="{name}"' in listed(client)


def test_a_departement_typed_in_small_letters_is_read_in_capitals(client, alice, make_offer):
    make_offer("Stage à Ajaccio", city="Ajaccio", postcode="20000", departement="2A")
    client.force_login(alice)
    page = listed(client, departement="2a")
    assert titles_in(page) == ["Stage à Ajaccio"]
    assert '<option value="2A" selected>' in page


def test_nonsense_in_the_query_string_is_ignored(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(
        reverse("offers:search"),
        {"type": "fusée", "max_duration": "beaucoup", "since": "99", "page": "-3", "sort": "x"},
    )
    assert response.status_code == 200
    assert "3 offres" in response.content.decode()


def test_an_organisations_other_offers(client, alice, catalogue, make_offer, marc):
    make_offer("Stage ailleurs", organisation=marc.recruiter.organisation)
    client.force_login(alice)
    page = listed(client, organisation=catalogue["dev"].organisation_id)
    assert "Stage ailleurs" not in page and "3 offres" in page
    assert "Organisation : BioLab Auvergne" in page


def test_sorting_by_start_date(client, alice, make_offer):
    today = timezone.localdate()
    make_offer("Stage de printemps", start_date=today + timedelta(days=90))
    make_offer("Stage d’hiver", start_date=today + timedelta(days=10))
    client.force_login(alice)
    assert titles_in(listed(client, sort="start")) == ["Stage d’hiver", "Stage de printemps"]


def test_pages_keep_the_query(client, alice, make_offer):
    for n in range(23):
        make_offer(f"Stage numéro {n}")
    client.force_login(alice)
    page = listed(client, q="stage", type="stage")
    assert "Page 1 sur 2" in page
    assert 'href="?q=stage&amp;type=stage&amp;page=2"' in page
    page = listed(client, q="stage", type="stage", page=2)
    assert len(titles_in(page)) == 3


def test_htmx_asks_for_the_results_alone_with_the_new_counts(client, alice, catalogue):
    client.force_login(alice)
    response = client.get(reverse("offers:search"), {"q": "stage"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page
    assert titles_in(page) == ["Stage en laboratoire de biologie"]
    assert '<p id="results-count" hx-swap-oob="innerHTML">1 offre pour « stage »' in page
    assert '<div id="filters" hx-swap-oob="innerHTML">' in page


def test_the_full_page_is_an_htmx_form_with_a_live_count(client, alice, catalogue):
    client.force_login(alice)
    page = listed(client)
    assert 'hx-get="/offres/" hx-trigger="change, submit" hx-target="#results"' in page
    assert 'hx-push-url="true"' in page
    assert 'id="results-count" class="results-count" aria-live="polite"' in page


# --- The offer's page ------------------------------------------------------------------


def job_posting(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found[1])


def made_public(offer: Offer) -> Offer:
    """The JSON-LD is on the pages of public offers only, where search engines read it."""
    Offer.objects.filter(pk=offer.pk).update(public=True)
    indexing.reindex([offer.pk])
    return offer


def test_the_offer_page_describes_the_offer_for_search_engines(client, alice, catalogue):
    offer = made_public(catalogue["en"])
    client.force_login(alice)
    data = job_posting(offer_page(client, offer).content.decode())
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Software engineering intern"
    assert "thousands of customers" in data["description"]
    assert data["datePosted"] == timezone.localtime(offer.published_at).date().isoformat()
    assert data["validThrough"] == timezone.localtime(offer.publish_until).isoformat()
    assert data["employmentType"] == "INTERN"
    assert data["hiringOrganization"]["name"] == "BioLab Auvergne"
    assert data["hiringOrganization"]["sameAs"] == "https://biolab-auvergne.example"
    address = data["jobLocation"]["address"]
    assert (address["addressLocality"], address["postalCode"], address["addressCountry"]) == (
        "Clermont-Ferrand",
        "63000",
        "FR",
    )
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["url"] == f"http://testserver/offres/{offer.pk}/"


def test_the_json_ld_cannot_close_its_script(client, alice, make_offer):
    offer = make_offer("Stage </script><script>alert(1)</script> & co", public=True)
    client.force_login(alice)
    page = offer_page(client, offer).content.decode()
    data = job_posting(page)
    assert data["title"] == "Stage </script><script>alert(1)</script> & co"
    assert "<script>alert(1)" not in page
    assert data["employmentType"] == "INTERN"


def test_a_permanent_job_on_site_is_full_time_without_telecommute(client, alice, catalogue):
    client.force_login(alice)
    data = job_posting(offer_page(client, made_public(catalogue["dev"])).content.decode())
    assert data["employmentType"] == "FULL_TIME"
    assert "jobLocationType" not in data


def test_the_offer_text_is_sanitised_when_shown(client, alice, make_offer):
    offer = make_offer(description='<p onclick="x()">Bonjour</p><script>alert(1)</script>')
    client.force_login(alice)
    page = offer_page(client, offer).content.decode()
    assert "<p>Bonjour</p>" in page
    assert "alert(1)" not in page and "onclick" not in page


def test_the_search_speaks_english_to_an_english_reader(client, alice, catalogue, settings):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = listed(client, q="stage")
    assert "<h1>Internships and jobs</h1>" in page
    assert "1 offer for “stage”" in page
    assert 'Internship <span class="count">(1)</span>' in page
    page = offer_page(client, catalogue["lab"]).content.decode()
    assert "Send my application" in page and "Partly remote" in page
