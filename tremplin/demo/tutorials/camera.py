"""The camera: drives a Playwright page through a journey and films it, frame by frame.

Time in a tutorial is not the time the browser takes: it is counted in video frames,
`FPS` a second ("ticks"). Every screenshot is a frame held for some ticks, and a step's
caption runs from the tick the step starts to the tick it ends, so the captions keep time
with the video whatever the speed of the machine that films it. Waiting for a server (a
page, the worker sending a mail) costs no tick; moving the pointer, typing, and the time
to read each caption do.

The pointer and the highlight of each step's target are drawn over the page by
`overlay.js`, through the DevTools protocol, which the site's Content-Security-Policy
does not govern (the page's own policy is left as it is).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

FPS = 15
WIDTH, HEIGHT = 1280, 720
READING_SPEED = 15  # characters a second: the usual pace of subtitles
MIN_STEP_SECONDS = 2.5
PRESS_TICKS = 4  # the click's ring
SETTLE_TICKS = 6  # the state a step leaves, before the next caption
TYPING_SECONDS = 1.6  # the longest one field takes to type
OVERLAY_JS = (Path(__file__).with_name("overlay.js")).read_text(encoding="utf-8")


class Cut(Exception):
    """The camera has filmed the steps it was asked for: the journey stops here."""


@dataclass
class Frame:
    path: Path
    ticks: int


@dataclass(frozen=True)
class Step:
    """One step of a journey: its caption (a msgid) and when it shows, in ticks."""

    caption: str
    start: int
    end: int


def in_each_language(caption: str) -> dict[str, str]:
    """The caption in every language of the site (`caption` is a lazy msgid)."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            rendered[code] = str(caption)
    return rendered


def reading_ticks(caption: str) -> int:
    """How long a step must last for its caption to be read, in its longest language."""
    longest = max(len(text) for text in in_each_language(caption).values())
    return math.ceil(max(MIN_STEP_SECONDS, 1 + longest / READING_SPEED) * FPS)


def _ease(fraction: float) -> float:
    return fraction * fraction * (3 - 2 * fraction)


class Camera:
    """Acts on the page as a person would, and films it when `frames` is a folder.

    Without a folder it only drives the page (a rehearsal: the tests run every journey so),
    and nothing is timed. With `max_steps`, it stops the journey (`Cut`) after that many
    steps: a short film, for a quick check.
    """

    def __init__(self, page: Page, frames: Path | None, *, max_steps: int | None = None) -> None:
        self.page = page
        self.max_steps = max_steps
        self.frames: list[Frame] = []
        self.steps: list[Step] = []
        self.poster: Path | None = None
        self.ticks = 0  # the length of the film so far
        self._folder = frames
        self._paused = 0
        self._pointer = (WIDTH * 0.62, HEIGHT * 0.7)
        self._pressed = False
        self._highlight: dict | None = None
        self._step_start: int | None = None
        self._caption: str | None = None
        self._devtools = page.context.new_cdp_session(page) if frames else None
        if frames:
            frames.mkdir(parents=True, exist_ok=True)

    # --- The timeline ---------------------------------------------------------------

    @property
    def filming(self) -> bool:
        return self._folder is not None and not self._paused

    @property
    def caption(self) -> str | None:
        """The caption of the step being filmed."""
        return self._caption

    @property
    def seconds(self) -> float:
        return self.ticks / FPS

    @contextmanager
    def step(self, caption: str) -> Iterator[None]:
        """A step of the journey, shown with `caption` until its actions are done and
        the caption has been read."""
        if self._caption is not None:
            raise RuntimeError("steps do not nest")
        self._caption, self._step_start = caption, self.ticks
        try:
            yield
            self.frame(SETTLE_TICKS)
            self._read()
            self.steps.append(Step(caption, self._step_start, self.ticks))
        finally:
            self._caption = self._step_start = None
        if self.max_steps and len(self.steps) >= self.max_steps:
            raise Cut

    @contextmanager
    def off_camera(self) -> Iterator[None]:
        """What happens here is not filmed (preparations, another person's sign-in)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def frame(self, ticks: int = 1) -> None:
        """Film the page as it is now, for `ticks` frames."""
        if not self.filming:
            return
        self._draw()
        try:
            shot = self._devtools.send("Page.captureScreenshot", {"format": "png"})
        except PlaywrightError:  # the page was replaced: follow it
            self._devtools = self.page.context.new_cdp_session(self.page)
            shot = self._devtools.send("Page.captureScreenshot", {"format": "png"})
        path = self._folder / f"{len(self.frames):05d}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        self.frames.append(Frame(path, ticks))
        self.ticks += ticks

    def hold(self, ticks: int) -> None:
        """Keep the last frame on screen `ticks` longer."""
        if self.filming and ticks > 0:
            if not self.frames:
                self.frame()
                ticks -= 1
            self.frames[-1].ticks += ticks
            self.ticks += ticks

    def _read(self, reserve: int = 0) -> None:
        """Hold until the current caption has been on screen long enough to be read,
        keeping `reserve` ticks for what the step still has to show."""
        if self._caption is None:
            return
        shown = self.ticks - self._step_start
        self.hold(reading_ticks(self._caption) - shown - reserve)

    def _draw(self) -> None:
        state = {
            "x": self._pointer[0],
            "y": self._pointer[1],
            "pressed": self._pressed,
            "highlight": self._highlight,
        }
        try:
            self.page.evaluate(OVERLAY_JS, state)
        except PlaywrightError:  # a navigation was still under way
            self.page.wait_for_load_state()
            self.page.evaluate(OVERLAY_JS, state)

    # --- What a person does -------------------------------------------------------------

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self._highlight = None
        self.frame()

    def point(self, target: Locator) -> None:
        """Scroll to `target` if needed, highlight it and move the pointer onto it."""
        target.wait_for(state="visible")
        if not self.filming:
            return
        self._scroll_to(target)
        box = target.bounding_box()
        self._highlight = box
        goal = (
            box["x"] + (box["width"] / 2 if box["width"] < 240 else 48),
            box["y"] + box["height"] / 2,
        )
        start = self._pointer
        distance = math.dist(start, goal)
        moves = min(10, max(4, round(distance / 110)))
        for index in range(1, moves + 1):
            fraction = _ease(index / moves)
            self._pointer = (
                start[0] + (goal[0] - start[0]) * fraction,
                start[1] + (goal[1] - start[1]) * fraction,
            )
            self.frame()
        if self.poster is None:
            self.poster = self.frames[-1].path

    def click(self, target: Locator) -> None:
        """Point, let the caption be read, click; wait for the page that follows."""
        self.point(target)
        self._read(reserve=PRESS_TICKS + SETTLE_TICKS)
        self._press()
        target.click()
        self._settle()

    def check(self, target: Locator) -> None:
        self.point(target)
        self._press()
        target.check()
        self.frame()

    def select(self, target: Locator, label: str) -> None:
        self.point(target)
        self._press()
        target.select_option(label=label)
        self.frame()

    def upload(self, target: Locator, file: dict) -> None:
        self.point(target)
        self._press()
        target.set_input_files(file)
        self.frame(3)

    def type(self, target: Locator, text: str) -> None:
        """Click into the field and type `text`, a few characters a frame when it is long."""
        self.point(target)
        self._press(2)
        if not self.filming or target.get_attribute("type") == "date":
            target.fill(text)
            self.frame(3)
            return
        target.fill("")
        per_frame = max(1, math.ceil(len(text) / (TYPING_SECONDS * FPS)))
        for start in range(0, len(text), per_frame):
            target.press_sequentially(text[start : start + per_frame])
            self.frame()

    def press(self, target: Locator, key: str) -> None:
        """Press a key in a field (Enter sends a form)."""
        self._read(reserve=SETTLE_TICKS)
        target.press(key)
        self._settle()

    def follow(self, link: Locator, url: str) -> None:
        """Point at a link and click it, but go to `url`: a mail's link names the site's
        public address, which need not be the one filmed."""
        self.point(link)
        self._read(reserve=PRESS_TICKS + SETTLE_TICKS)
        self._press()
        self.page.goto(url)
        self._settle()

    def _press(self, ticks: int = PRESS_TICKS) -> None:
        self._pressed = True
        self.frame(ticks)
        self._pressed = False

    def _settle(self) -> None:
        self.page.wait_for_load_state()
        self._highlight = None

    def _scroll_to(self, target: Locator) -> None:
        """Scroll the window smoothly until `target` stands in the upper part of it."""
        box = target.bounding_box()
        if box and box["y"] >= 80 and box["y"] + box["height"] <= HEIGHT - 80:
            return
        current, limit = self.page.evaluate(
            "[window.scrollY, document.documentElement.scrollHeight - window.innerHeight]"
        )
        goal = min(max(current + (box["y"] if box else 0) - HEIGHT * 0.3, 0), limit)
        if not box or abs(goal - current) < 2:  # inside a scrolling box: the browser knows
            target.scroll_into_view_if_needed()
            return
        moves = min(12, max(5, round(abs(goal - current) / 90)))
        for index in range(1, moves + 1):
            y = current + (goal - current) * _ease(index / moves)
            self.page.evaluate("(y) => window.scrollTo({top: y, behavior: 'instant'})", y)
            self.frame()
