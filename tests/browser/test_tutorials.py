"""The help pages' video tutorials: every journey is walked in Chromium as `build_tutorials`
walks it (so a change of a page that breaks a tutorial fails here), a short one is filmed
and encoded with ffmpeg, and the help page plays it, checked with axe."""

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin import testing
from tremplin.accounts.models import Acceptance, LegalDocument, RoleAssignment
from tremplin.demo.tutorials import build, video, webvtt
from tremplin.demo.tutorials.camera import Camera
from tremplin.demo.tutorials.journeys import JOURNEYS, Cast, Graduate, Scene
from tremplin.offers.models import Application, Offer
from tremplin.offers.search import indexing
from tremplin.pages import tutorials
from tremplin.recruiters.models import Recruiter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Stage en cristallographie des protéines"
LEA = Graduate(
    last_name="Moreau-Dupuis",
    first_name="Léa",
    born=date(1998, 3, 12),
    registry_name="Léa Marie MOREAU-DUPUIS",
)


@pytest.fixture
def ffmpeg():
    missing = video.tools_missing()
    if missing:
        reason = f"the tutorials need Debian's {' and '.join(missing)} (apt-get install ffmpeg)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def demo(settings, tmp_path, run_jobs):
    """What the journeys find in the demo: its people, an offer, the outbox of /demo/mails/."""
    settings.EMAIL_BACKEND = "tremplin.lib.mail.OutboxBackend"
    settings.MAIL_OUTBOX_DIR = tmp_path / "mail"
    testing.vet("L3INF", "SCI")  # alice.martin's, as the ENT says
    testing.administrator("paul.admin")
    testing.staff("nina.conseil", (RoleAssignment.Role.CAREER_ADVISER, None))
    testing.registry_entry(
        birth_name="MOREAU-DUPUIS",
        first_names="Léa Marie",
        birth_date=LEA.born,
        vet_code="L3INF",
        year=2020,
    )
    now = timezone.now()
    offer = Offer.objects.create(
        title=TITLE,
        kind=Offer.Kind.INTERNSHIP,
        organisation=testing.organisation("BioLab Auvergne"),
        description="<p>Cristaux de protéines.</p>",
        city="Aubière",
        postcode="63170",
        departement="63",
        domain=Offer.Domain.SCIENCE,
        level=Offer.Level.BAC_5,
        status=Offer.Status.PUBLISHED,
        publish_from=now - timedelta(days=1),
        publish_until=now + timedelta(days=30),
        published_at=now - timedelta(days=1),
    )
    indexing.reindex([offer.pk])
    return Cast(search_words=("cristallographie",), graduate=LEA)


def rehearse(audience, page, live_server, demo, run_jobs) -> Camera:
    """Walk the journey as the build does, without filming it."""
    camera = Camera(page, None)
    JOURNEYS[audience](Scene(camera, live_server.url, demo, "t1", wait_for_jobs=run_jobs))
    return camera


def test_the_student_journey_signs_in_searches_and_applies(page, live_server, cas, demo, run_jobs):
    camera = rehearse("etudiant", page, live_server, demo, run_jobs)
    application = Application.objects.get()
    assert (application.offer.title, application.candidate.username) == (TITLE, "cas:alice.martin")
    assert len(camera.steps) == 8


def test_the_graduate_journey_registers_chooses_the_diploma_and_signs_in(
    page, live_server, cas, demo, run_jobs
):
    rehearse("diplome", page, live_server, demo, run_jobs)
    expect(page.get_by_role("main")).to_contain_text("lea.moreau.dupuis.t1@exemple.fr")
    expect(page.get_by_role("main")).to_contain_text("Diplôme L3INF")


def test_the_recruiter_journey_registers_is_accepted_and_submits_an_offer(
    page, live_server, cas, demo, run_jobs
):
    rehearse("recruteur", page, live_server, demo, run_jobs)
    camille = Recruiter.objects.get(user__email="camille.roux.t1@ateliers-du-puy.fr")
    assert camille.status == Recruiter.Status.ACCEPTED
    offer = Offer.objects.get(organisation=camille.organisation)
    assert offer.status == Offer.Status.SUBMITTED


def test_the_staff_journey_is_asked_the_charter_even_on_a_second_run(
    page, live_server, cas, demo, run_jobs
):
    nina = RoleAssignment.objects.get(role=RoleAssignment.Role.CAREER_ADVISER).user
    first = LegalDocument.objects.current(LegalDocument.Kind.CHARTER)
    assert Acceptance.objects.filter(user=nina, document=first).exists()  # as after a first run

    rehearse("personnel", page, live_server, demo, run_jobs)
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres à modérer")
    charter = LegalDocument.objects.current(LegalDocument.Kind.CHARTER)
    assert charter.version == first.version + 1
    assert charter.body_fr.replace("\r\n", "\n").strip() == first.body_fr.strip()  # unchanged
    assert Acceptance.objects.filter(user=nina, document=charter).exists()


def test_a_short_tutorial_is_filmed_encoded_and_played_on_the_help_page(
    page, browser, live_server, cas, demo, run_jobs, ffmpeg, settings, axe
):
    [tutorial] = build.build(
        ["etudiant"],
        base_url=live_server.url,
        output=settings.TUTORIALS_DIR,
        cast=demo,
        max_steps=3,
        browser=browser,
    )
    folder = tutorials.folder("etudiant")
    assert tutorials.load("etudiant") == tutorial

    webm, mp4 = video.probe(folder / tutorials.WEBM), video.probe(folder / tutorials.MP4)
    assert (webm.codec, mp4.codec) == ("vp9", "h264")
    assert webm.pix_fmt == mp4.pix_fmt == "yuv420p"
    assert (mp4.width, mp4.height) == (1280, 720)
    for probe in (webm, mp4):
        assert probe.size <= 5_000_000
        assert 6 < probe.duration <= 120
    assert tutorial.sizes[tutorials.WEBM] == webm.size

    captions = {
        code: webvtt.parse((folder / tutorials.captions_name(code)).read_text())
        for code in ("fr", "en")
    }
    assert [len(cues) for cues in captions.values()] == [3, 3]
    assert [(c.start, c.end) for c in captions["fr"]] == [(c.start, c.end) for c in captions["en"]]
    assert captions["fr"][0].text == "Sur la page d’accueil, choisissez « Étudiant »."
    assert captions["en"][0].text == "On the home page, choose “Student”."
    assert captions["fr"][0].start == 0
    for probe in (webm, mp4):  # the video lasts until the last caption has been read
        assert abs(probe.duration - captions["fr"][-1].end) < 0.2
    for code, first_step in [("fr", "1. [0:00] Sur la page"), ("en", "1. [0:00] On the home")]:
        transcript = (folder / tutorials.transcript_name(code)).read_text()
        assert first_step in transcript
    assert (folder / tutorials.POSTER).read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG

    # The help page plays it, with both captions tracks, the page's language first.
    page.goto(live_server.url + "/aide/etudiant/")
    player = page.locator("video")
    tracks = player.locator("track")
    expect(tracks).to_have_count(2)
    assert tracks.evaluate_all("(ts) => ts.map((t) => [t.srclang, t.default])") == [
        ["fr", True],
        ["en", False],
    ]
    assert player.get_attribute("autoplay") is None
    player.evaluate("(video) => { video.muted = true; return video.play(); }")
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.5", timeout=15_000
    )
    assert player.evaluate("(video) => video.readyState") >= 2
    assert player.evaluate("(video) => video.currentSrc").endswith(
        f"tutorial.webm?v={tutorial.version}"
    )
    assert player.evaluate("(video) => video.textTracks[0].mode") == "showing"
    expect(page.locator(".transcript li").first).to_have_text(captions["fr"][0].text)
    assert axe(page, context="fr help page with its video") == []

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert tracks.evaluate_all("(ts) => ts.map((t) => [t.srclang, t.default])") == [
        ["fr", False],
        ["en", True],
    ]
    expect(page.locator(".transcript li").first).to_have_text(captions["en"][0].text)
    assert axe(page, context="en help page with its video") == []
