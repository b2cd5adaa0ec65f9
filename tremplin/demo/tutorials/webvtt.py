"""Captions as WebVTT, written and read back (the reader checks what players require),
and the plain-text transcript."""

from __future__ import annotations

import re

from tremplin.pages.tutorials import Cue

_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"^(?P<start>{_STAMP}) --> (?P<end>{_STAMP})(?: .*)?$")


class WebVttError(ValueError):
    pass


def timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _seconds(stamp: str) -> float:
    parts = stamp.split(":")
    if len(parts) == 2:
        parts.insert(0, "0")
    hours, minutes, seconds = parts
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def write(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        text = " ".join(cue.text.split())  # one line; "-->" cannot appear in a caption
        blocks.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT file; WebVttError if a player would refuse or misread it:
    no signature, a malformed timing, a cue that ends before it starts or starts before
    the previous one, an empty cue."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    blocks = re.split(r"\n{2,}", text.strip("\n"))
    header = blocks[0].split("\n", 1)[0]
    if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", header):
        raise WebVttError("the file does not start with WEBVTT")
    cues: list[Cue] = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE") or lines[0] in {"STYLE", "REGION"}:
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]  # the cue's identifier
        if not lines or not (timing := _TIMING.match(lines[0])):
            raise WebVttError(f"malformed cue timing: {block[:80]!r}")
        start, end = _seconds(timing["start"]), _seconds(timing["end"])
        payload = "\n".join(lines[1:]).strip()
        if end <= start:
            raise WebVttError(f"cue ends before it starts: {lines[0]}")
        if cues and start < cues[-1].start:
            raise WebVttError(f"cue out of order: {lines[0]}")
        if not payload:
            raise WebVttError(f"empty cue: {lines[0]}")
        cues.append(Cue(start, end, payload))
    return cues


def transcript(title: str, cues: list[Cue]) -> str:
    lines = [title, ""]
    for number, cue in enumerate(cues, start=1):
        minutes, seconds = divmod(int(cue.start), 60)
        lines.append(f"{number}. [{minutes}:{seconds:02d}] {cue.text}")
    return "\n".join(lines) + "\n"
