"""The public face of Stages & Jobs: the offers aimed at everybody whose recruiter made them
public are read without signing in (search, page with its JSON-LD, Atom feed, sitemap);
a targeted or private offer is never shown to a visitor, who is sent to sign in and comes
back to the page; the next page after a sign-in is always a path of the site."""

import json
import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.lib.urls import safe_next
from tremplin.offers.forms import OfferForm
from tremplin.offers.models import Offer

from .test_recruiter_offers import typed

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def offers(make_offer, sci, l3inf):
    """One public offer, and four that a visitor must never see: private, public but aimed
    at a composante, a VET or the students only (written past the form, which refuses
    these pairs), and public but no longer published."""
    return {
        "public": make_offer("Stage data analyst ouvert à tous", public=True),
        "private": make_offer("Stage chimiste réservé aux inscrits"),
        "composante": make_offer("Stage ciblé composante", public=True, composantes=[sci]),
        "vet": make_offer("Stage ciblé VET", public=True, vets=[l3inf]),
        "students": make_offer(
            "Stage pour les étudiants seulement", public=True, audience=Offer.Audience.STUDENTS
        ),
        "archived": make_offer("Stage archivé public", public=True, status=Offer.Status.ARCHIVED),
    }


def page_of(client, offer, **query):
    return client.get(reverse("offers:detail", args=[offer.pk]), query)


def json_ld(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def meta_description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no meta description"
    return match.group(1)


# --- Listing and reading without signing in -------------------------------------------


@pytest.mark.parametrize("q", ["", "stage"])
def test_a_visitor_lists_the_public_offers_only(client, offers, q):
    page = client.get(reverse("offers:search"), {"q": q}).content.decode()
    assert "Stage data analyst ouvert à tous" in page
    for hidden in ("private", "composante", "vet", "students", "archived"):
        assert offers[hidden].title not in page, hidden


def test_the_search_by_organisation_names_it_for_a_visitor(client, offers, biolab):
    page = client.get(reverse("offers:search"), {"organisation": biolab.pk}).content.decode()
    assert "BioLab Auvergne" in page
    assert "Stage data analyst ouvert à tous" in page
    assert "Stage chimiste réservé aux inscrits" not in page


def test_a_visitor_reads_a_public_offer_and_is_offered_to_sign_in_to_apply(client, offers):
    response = page_of(client, offers["public"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stage data analyst ouvert à tous" in page
    here = reverse("offers:detail", args=[offers["public"].pk])
    student = re.search(r'href="(/compte/etudiant/\?next=[^"]+)"', page).group(1)
    graduate = re.search(r'href="(/compte/login/\?next=[^"]+)"', page).group(1)
    for link in (student, graduate):
        assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["next"] == [f"{here}#apply"]
    assert 'action="/offres/' not in page  # no application form


@pytest.mark.parametrize("hidden", ["private", "composante", "vet", "students", "archived"])
def test_a_visitor_asking_for_another_offer_is_sent_to_sign_in_and_back(client, offers, hidden):
    here = reverse("offers:detail", args=[offers[hidden].pk])
    response = client.get(here)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [here]


def test_an_offer_that_does_not_exist_answers_a_visitor_as_a_private_one(client, offers):
    """The redirect tells nothing: a missing offer and a private one look alike."""
    missing = Offer.objects.order_by("pk").last().pk + 1000
    response = client.get(reverse("offers:detail", args=[missing]))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")


def test_a_signed_in_person_who_is_not_a_candidate_sees_the_public_offers(client, offers, marc):
    client.force_login(marc)  # a recruiter of another organisation
    page = client.get(reverse("offers:search")).content.decode()
    assert "Stage data analyst ouvert à tous" in page
    assert "Stage chimiste réservé aux inscrits" not in page
    assert page_of(client, offers["public"]).status_code == 200
    assert page_of(client, offers["composante"]).status_code == 404  # signed in: 404


def test_a_student_still_sees_what_is_aimed_at_them(client, offers, alice, bob):
    client.force_login(bob)  # DRT: not the SCI nor the L3INF offers
    page = client.get(reverse("offers:search")).content.decode()
    assert "Stage data analyst ouvert à tous" in page
    assert "Stage chimiste réservé aux inscrits" in page  # private, aimed at everybody
    assert "Stage ciblé composante" not in page
    assert page_of(client, offers["vet"]).status_code == 404


def test_the_menu_offers_stages_and_jobs_to_everybody(client, offers):
    page = client.get(reverse("pages:home")).content.decode()
    menu = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<a href="/offres/"\s*>Stages (&amp;|&) Jobs</a>', menu)


# --- The signed-in person comes back; never elsewhere ---------------------------------


def test_after_signing_in_the_person_comes_back_to_the_offer(client, offers, sophie):
    here = reverse("offers:detail", args=[offers["private"].pk])
    login = client.get(here)["Location"]
    response = client.post(
        login, {"login": sophie.email, "password": testing.RECRUITER_PASSWORD, "next": here}
    )
    assert response.status_code == 302
    assert response["Location"] == here


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/offres/1/",
        "//evil.example/offres/1/",
        "/\\evil.example",
        "http://testserver/offres/1/",  # even ours: only a path is followed
        "javascript:alert(1)",
        " /offres/1/",
    ],
)
def test_an_off_site_next_is_never_followed_after_signing_in(client, sophie, next_url):
    response = client.post(
        reverse("account_login"),
        {"login": sophie.email, "password": testing.RECRUITER_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiters:home")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example"]
)
def test_the_student_entry_drops_an_off_site_next(client, next_url):
    """The link to the ENT sign-in carries `next` from the sign-in page; whatever it
    holds, the ENT sends back to a path of the site only."""
    page = client.get(reverse("account_login"), {"next": next_url}).content.decode()
    link = re.search(r'href="(/compte/etudiant/[^"]*)"', page).group(1).replace("&amp;", "&")
    request = RequestFactory().get(link)
    assert safe_next(request) == reverse("pages:home")


# --- The recruiter's choice -------------------------------------------------------------


def test_a_recruiter_makes_an_offer_public(client, sophie, biolab):
    biolab.trusted = True  # published at once
    biolab.save()
    client.force_login(sophie)
    response = client.post(reverse("offers:create"), typed(submit="1", public="on"))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.status, offer.public) == (Offer.Status.PUBLISHED, True)
    mine = client.get(reverse("offers:recruiter_offers")).content.decode()
    assert "Stage · Aubière · offre publique" in mine
    client.logout()
    assert offer.title in client.get(reverse("offers:search")).content.decode()
    assert page_of(client, offer).status_code == 200


def test_an_offer_is_private_unless_the_recruiter_ticks_the_box(client, sophie):
    client.force_login(sophie)
    client.post(reverse("offers:create"), typed(draft="1"))
    assert Offer.objects.get().public is False


@pytest.mark.parametrize(
    "targeting",
    [{"audience": "student"}, {"audience": "graduate"}, {"composantes": "sci"}, {"vets": "l3inf"}],
)
def test_only_an_offer_aimed_at_everybody_can_be_public(sci, l3inf, targeting):
    values = {"sci": [sci.pk], "l3inf": [l3inf.pk]}
    data = typed(public="on", **{k: values.get(v, v) for k, v in targeting.items()})
    form = OfferForm(data)
    assert not form.is_valid()
    assert form.errors["public"] == [
        "Seule une offre destinée à tous les étudiants et diplômés, sans composante ni VET "
        "choisie, peut être publique."
    ]
    assert OfferForm(typed(public="on")).is_valid()


# --- What search engines read ---------------------------------------------------------


def test_a_public_offer_page_carries_a_valid_job_posting(client, offers):
    page = page_of(client, offers["public"]).content.decode()
    [posting] = json_ld(page)
    # schema.org's JobPosting as search engines require it.
    assert posting["@context"].rstrip("/") == "https://schema.org"
    assert posting["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "hiringOrganization"):
        assert posting.get(required), required
    assert posting["title"] == "Stage data analyst ouvert à tous"
    assert posting["hiringOrganization"]["@type"] == "Organization"
    assert posting["hiringOrganization"]["name"] == "BioLab Auvergne"
    date.fromisoformat(posting["datePosted"])
    assert datetime.fromisoformat(posting["validThrough"]) > timezone.now()
    location = posting["jobLocation"]
    assert location["@type"] == "Place"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["addressLocality"] == "Clermont-Ferrand"
    assert location["address"]["addressCountry"] == "FR"
    assert posting["employmentType"] in {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "INTERN",
        "VOLUNTEER",
        "PER_DIEM",
        "OTHER",
    }
    assert (
        posting["url"]
        == f"http://testserver{reverse('offers:detail', args=[offers['public'].pk])}"
    )


def test_a_fully_remote_public_offer_says_where_candidates_may_live(client, make_offer):
    offer = make_offer("Stage télétravail", public=True, remote=Offer.Remote.FULL)
    [posting] = json_ld(page_of(client, offer).content.decode())
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "FR"}


def test_a_private_offer_page_carries_no_job_posting(client, offers, bob):
    client.force_login(bob)
    response = page_of(client, offers["private"])
    assert response.status_code == 200
    assert json_ld(response.content.decode()) == []


def test_every_public_page_has_its_own_description(client, offers):
    pages = [
        reverse("pages:home"),
        reverse("offers:search"),
        reverse("offers:detail", args=[offers["public"].pk]),
        reverse("pages:help_index"),
        reverse("pages:help", args=["etudiant"]),
        reverse("account_login"),
        reverse("graduates:register"),
        reverse("recruiters:register"),
    ]
    descriptions = [meta_description(client.get(path).content.decode()) for path in pages]
    assert all(50 <= len(text) <= 200 for text in descriptions), [len(t) for t in descriptions]
    assert len(set(descriptions)) == len(descriptions)
    assert descriptions[2].startswith("Stage · BioLab Auvergne · Clermont-Ferrand. Rejoignez")


def test_the_atom_feed_lists_the_public_offers(client, offers):
    response = client.get(reverse("offers:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Stage data analyst ouvert à tous — BioLab Auvergne (Clermont-Ferrand)"
    ]
    [link] = entries[0].findall(f"{ATOM}link")
    assert link.get("href") == (
        f"http://testserver{reverse('offers:detail', args=[offers['public'].pk])}"
    )
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "BioLab Auvergne"
    assert "Rejoignez notre équipe" in entries[0].findtext(f"{ATOM}summary")


def sitemap_locations(client) -> set[str]:
    """Every URL of the sitemap: the index, then each of its sitemaps."""
    response = client.get(reverse("pages:sitemap"))
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = set()
    for sitemap in index.findall(f"{SITEMAP}sitemap"):
        part = client.get(
            urlsplit(sitemap.findtext(f"{SITEMAP}loc"))._replace(scheme="", netloc="").geturl()
        )
        assert part.status_code == 200
        urlset = ElementTree.fromstring(part.content)  # noqa: S314 (our own response)
        assert urlset.tag == f"{SITEMAP}urlset"
        locations |= {u.findtext(f"{SITEMAP}loc") for u in urlset.findall(f"{SITEMAP}url")}
    return locations


def test_the_sitemap_lists_the_public_pages_and_offers(client, offers):
    locations = sitemap_locations(client)
    site = "http://testserver"
    assert {f"{site}/", f"{site}/offres/", f"{site}/aide/etudiant/"} <= locations
    assert f"{site}{offers['public'].get_absolute_url()}" in locations
    for hidden in ("private", "composante", "vet", "students", "archived"):
        assert f"{site}{offers[hidden].get_absolute_url()}" not in locations, hidden


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_private_spaces(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /gestion/" in lines
    assert "Disallow: /compte/" in lines
    assert "Allow: /compte/login/" in lines  # the graduates' and companies' sign-in
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    fields = {line.split(":", 1)[0] for line in lines if line}
    assert fields <= {"User-agent", "Disallow", "Allow", "Sitemap"}


def test_the_moderator_sees_whether_the_offer_is_public(client, make_offer, nina):
    offer = make_offer("Stage soumis public", status=Offer.Status.SUBMITTED, public=True)
    client.force_login(nina)
    page = client.get(reverse("offers:moderation", args=[offer.pk])).content.decode()
    assert "Oui : les visiteurs non connectés peuvent la lire" in page


def test_the_sign_in_page_sends_a_student_through_the_ent_and_back(client, offers):
    here = reverse("offers:detail", args=[offers["private"].pk])
    page = client.get(client.get(here)["Location"]).content.decode()
    link = re.search(r'href="(/compte/etudiant/[^"]*)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query)["next"] == [here]
    assert safe_next(RequestFactory().get(link)) == here
