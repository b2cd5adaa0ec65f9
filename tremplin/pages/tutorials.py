"""The help pages' video tutorials, as a build leaves them in TUTORIALS_DIR.

`manage.py build_tutorials` (tremplin/demo/tutorials/) films each audience's journey on a
running demo and writes, in `TUTORIALS_DIR/<audience>/`, the files named here: the video in
WebM and MP4, a poster, captions and a transcript per language, and `tutorial.json`, the
manifest, last. A tutorial whose manifest is there is complete; the help page shows it
and its transcript, and the project serves its files itself (`views.tutorial_file`), so
that a copy of the folder is all a production server needs.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info

logger = logging.getLogger(__name__)

MANIFEST = "tutorial.json"
WEBM = "tutorial.webm"
MP4 = "tutorial.mp4"
POSTER = "poster.jpg"
CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def captions_name(language: str) -> str:
    return f"captions.{language}.vtt"


def transcript_name(language: str) -> str:
    return f"transcript.{language}.txt"


def folder(audience: str) -> Path:
    return Path(settings.TUTORIALS_DIR) / audience


@dataclass(frozen=True)
class Cue:
    """One caption: a step of the journey, from `start` to `end` seconds."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Tutorial:
    """What the manifest says of a built tutorial."""

    audience: str
    version: str  # changes with every build: the files' URLs carry it, caches follow
    duration: float  # seconds
    width: int
    height: int
    university: str
    cues: dict[str, list[Cue]]  # by language code
    sizes: dict[str, int]  # bytes, by file name

    def file_names(self) -> list[str]:
        """Every file of the tutorial, the manifest aside."""
        return [
            WEBM,
            MP4,
            POSTER,
            *(captions_name(code) for code in self.cues),
            *(transcript_name(code) for code in self.cues),
        ]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Tutorial:
        data = json.loads(text)
        data["cues"] = {code: [Cue(**cue) for cue in cues] for code, cues in data["cues"].items()}
        return cls(**data)

    def save(self, directory: Path) -> None:
        """Write the manifest, atomically: the files it names must be there already."""
        missing = [name for name in self.file_names() if not (directory / name).is_file()]
        if missing:
            raise FileNotFoundError(f"{directory}: missing {', '.join(missing)}")
        temporary = directory / f".{MANIFEST}.tmp"
        temporary.write_text(self.to_json(), encoding="utf-8")
        os.replace(temporary, directory / MANIFEST)


def load(audience: str) -> Tutorial | None:
    """The audience's tutorial if it is built and complete, else None (the text steps stay)."""
    directory = folder(audience)
    try:
        tutorial = Tutorial.from_json((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as error:
        logger.warning("Tutorial %s cannot be read: %s", directory / MANIFEST, error)
        return None
    if tutorial.audience != audience or not all(
        (directory / name).is_file() for name in tutorial.file_names()
    ):
        logger.warning("Tutorial %s is incomplete: build it again.", directory)
        return None
    return tutorial


@dataclass(frozen=True)
class Track:
    language: str
    label: str  # the language's own name: "français", "English"
    url: str
    default: bool


@dataclass(frozen=True)
class Player:
    """What the help page's <video> needs, in the page's language."""

    tutorial: Tutorial
    webm: str
    mp4: str
    poster: str
    tracks: list[Track]
    transcript: list[Cue]
    transcript_url: str

    @property
    def mp4_size(self) -> int:
        return self.tutorial.sizes.get(MP4, 0)


def player(tutorial: Tutorial, language: str) -> Player:
    def url(name: str) -> str:
        path = reverse("pages:tutorial_file", args=[tutorial.audience, name])
        return f"{path}?v={tutorial.version}"

    shown = language if language in tutorial.cues else settings.LANGUAGE_CODE
    return Player(
        tutorial=tutorial,
        webm=url(WEBM),
        mp4=url(MP4),
        poster=url(POSTER),
        tracks=[
            Track(
                code,
                get_language_info(code)["name_local"],
                url(captions_name(code)),
                code == shown,
            )
            for code in tutorial.cues
        ],
        transcript=tutorial.cues.get(shown, []),
        transcript_url=url(transcript_name(shown)),
    )
