import pytest

from tremplin.demo.tutorials import webvtt
from tremplin.pages.tutorials import Cue

CUES = [Cue(0, 4.2, "Sur la page d’accueil, choisissez « Étudiant »."), Cue(4.2, 3725.5, "Fin.")]


def test_captions_are_written_as_webvtt_and_read_back_the_same():
    text = webvtt.write(CUES)
    assert text.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.200\nSur la page")
    assert "2\n00:00:04.200 --> 01:02:05.500\nFin.\n" in text
    assert webvtt.parse(text) == CUES


def test_a_caption_never_spreads_over_lines_that_would_end_the_cue():
    text = webvtt.write([Cue(0, 1, "Un\n\ndeux")])
    assert webvtt.parse(text) == [Cue(0, 1, "Un deux")]


def test_what_players_accept_is_read():
    text = (
        "\ufeffWEBVTT - tutoriel\r\n\r\nNOTE écrit à la main\r\n\r\n"
        "00:01.000 --> 00:02.500 align:start\r\nsans identifiant\r\n\r\n"
        "id\r\n00:00:03.000 --> 00:00:04.000\r\nsur\r\ndeux lignes\r\n"
    )
    assert webvtt.parse(text) == [Cue(1, 2.5, "sans identifiant"), Cue(3, 4, "sur\ndeux lignes")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1\n00:00:00.000 --> 00:00:01.000\nNo signature", "does not start with WEBVTT"),
        ("WEBVTT\n\n00:00:00,000 --> 00:00:01,000\nSRT commas", "malformed cue timing"),
        ("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nbackwards", "ends before it starts"),
        (
            "WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nb\n\n00:00:01.000 --> 00:00:02.000\na",
            "out of order",
        ),
        ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n", "empty cue"),
    ],
)
def test_what_a_player_would_refuse_or_misread_is_an_error(text, problem):
    with pytest.raises(webvtt.WebVttError, match=problem):
        webvtt.parse(text)


def test_the_transcript_numbers_the_steps_with_their_time():
    assert webvtt.transcript("Tutoriel", CUES) == (
        "Tutoriel\n\n1. [0:00] Sur la page d’accueil, choisissez « Étudiant ».\n2. [0:04] Fin.\n"
    )
