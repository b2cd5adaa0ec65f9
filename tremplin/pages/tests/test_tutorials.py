"""The help pages with and without a built video tutorial, and the files they link to.

The files here are stand-ins written by the test; tests/browser/test_tutorials.py builds
real ones and plays them."""

import pytest
from django.urls import reverse

from tremplin.pages import tutorials
from tremplin.pages.tutorials import Cue, Tutorial

pytestmark = pytest.mark.django_db

CUES = {
    "fr": [Cue(0, 4.2, "Sur la page d’accueil, choisissez « Étudiant »."), Cue(4.2, 9, "Entrez.")],
    "en": [Cue(0, 4.2, "On the home page, choose “Student”."), Cue(4.2, 9, "Come in.")],
}


def build(audience: str = "etudiant", **changes) -> Tutorial:
    """A tutorial as `build_tutorials` leaves it, with stand-in files."""
    tutorial = Tutorial(
        audience=audience,
        version="abc123",
        duration=9.0,
        width=1280,
        height=720,
        university="Université de Démonstration",
        cues=CUES,
        sizes={tutorials.MP4: 1_500_000},
        **changes,
    )
    folder = tutorials.folder(audience)
    folder.mkdir(parents=True, exist_ok=True)
    for name in tutorial.file_names():
        (folder / name).write_bytes(f"{name} of {audience}".encode())
    tutorial.save(folder)
    return tutorial


def help_page(client, audience: str = "etudiant") -> str:
    return client.get(reverse("pages:help", args=[audience])).content.decode()


def test_without_a_video_the_page_says_so_and_gives_the_steps(client):
    page = help_page(client)
    assert "La vidéo de ce tutoriel n’est pas encore disponible : voici les étapes." in page
    assert "<video" not in page
    assert "Sur la page d’accueil, choisissez « Étudiant »." in page  # the text steps


def test_with_a_video_the_page_plays_it_with_captions_and_its_transcript(client):
    build()
    page = help_page(client)
    base = "/aide/etudiant/tutoriel/"
    assert '<video controls preload="metadata"' in page
    assert "autoplay" not in page
    assert f'poster="{base}poster.jpg?v=abc123"' in page
    assert f'<source src="{base}tutorial.webm?v=abc123" type="video/webm">' in page
    assert f'<source src="{base}tutorial.mp4?v=abc123" type="video/mp4">' in page
    assert (
        f'<track kind="captions" src="{base}captions.fr.vtt?v=abc123" srclang="fr" '
        'label="français" default>' in page
    )
    assert f'src="{base}captions.en.vtt?v=abc123" srclang="en" label="English">' in page
    assert "<li>Sur la page d’accueil, choisissez « Étudiant ».</li>" in page  # transcript
    assert f'href="{base}transcript.fr.txt?v=abc123" download' in page
    assert "la vidéo (MP4, 1,4\xa0Mio)" in page
    assert "pas encore disponible" not in page
    assert "Les étapes" in page  # the text steps stay


def test_in_english_the_english_captions_are_the_default_and_the_transcript_is_english(
    client,
):
    build()
    client.post(reverse("pages:set_language"), {"language": "en", "next": "/"})
    page = help_page(client)
    assert 'srclang="en" label="English" default>' in page
    assert 'srclang="fr" label="français">' in page
    assert "<li>On the home page, choose “Student”.</li>" in page
    assert "transcript.en.txt" in page


def test_each_profile_shows_its_own_video_only(client):
    build("recruteur")
    assert "<video" in help_page(client, "recruteur")
    assert "<video" not in help_page(client, "etudiant")


def test_a_tutorial_missing_a_file_is_not_shown(client):
    build()
    (tutorials.folder("etudiant") / tutorials.captions_name("en")).unlink()
    assert "<video" not in help_page(client)


def test_an_unreadable_manifest_is_not_shown(client):
    build()
    (tutorials.folder("etudiant") / tutorials.MANIFEST).write_text("{not json")
    assert "<video" not in help_page(client)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("tutorial.webm", "video/webm"),
        ("tutorial.mp4", "video/mp4"),
        ("poster.jpg", "image/jpeg"),
        ("captions.fr.vtt", "text/vtt; charset=utf-8"),
        ("transcript.en.txt", "text/plain; charset=utf-8"),
    ],
)
def test_the_files_of_a_tutorial_are_served_with_their_type(client, name, content_type):
    build()
    response = client.get(reverse("pages:tutorial_file", args=["etudiant", name]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == f"{name} of etudiant".encode()
    assert response["Accept-Ranges"] == "bytes"


def test_a_video_is_served_by_byte_ranges(client):
    build()
    url = reverse("pages:tutorial_file", args=["etudiant", "tutorial.webm"])
    response = client.get(url, headers={"Range": "bytes=0-7"})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"tutorial"


@pytest.mark.parametrize(
    "path",
    [
        "/aide/etudiant/tutoriel/tutorial.json",  # the manifest is not one of the files
        "/aide/etudiant/tutoriel/..%2F..%2Fsecret_key",
        "/aide/pirate/tutoriel/tutorial.webm",
        "/aide/diplome/tutoriel/tutorial.webm",  # not built
    ],
)
def test_nothing_else_is_served(client, path):
    build()
    assert client.get(path).status_code == 404
