"""Film each audience's journey in Debian's Chromium and write its tutorial's files."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tremplin.demo.tutorials import video, webvtt
from tremplin.demo.tutorials.camera import FPS, HEIGHT, WIDTH, Camera, Cut, in_each_language
from tremplin.demo.tutorials.journeys import JOURNEYS, Cast, Scene
from tremplin.pages import tutorials
from tremplin.pages.tutorials import Cue, Tutorial
from tremplin.pages.views import HELP_AUDIENCES

# As the browser tests launch it (conftest.py), Debian's build, never a downloaded one;
# no scrollbar in the film.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


class BuildError(RuntimeError):
    """The tutorials cannot be built; the message says what to do."""


def chromium() -> str | None:
    return shutil.which("chromium")


def tools_missing() -> list[str]:
    missing = [] if chromium() else ["chromium"]
    return missing + video.tools_missing()


def _get(url: str) -> tuple[int, str, str]:
    """Status, final URL and text of a GET, redirects followed."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — http(s) only
            return response.status, response.url, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, url, ""


def check_instance(base_url: str) -> None:
    """Refuse to start unless a Tremplin demo, with its ENT, answers at `base_url`."""
    base = base_url.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise BuildError(f"--base-url {base_url}: an http:// or https:// address is expected.")
    try:
        status, _url, page = _get(base + "/")
    except (urllib.error.URLError, OSError) as error:
        raise BuildError(
            f"No Tremplin answers at {base}/ ({getattr(error, 'reason', error)}). Start the "
            "demo in another terminal (make demo), or run make tutorials, which starts it."
        ) from None
    if status != 200 or "Tremplin" not in page:
        raise BuildError(f"{base}/ answers {status}, but not as Tremplin does.")
    if _get(base + "/demo/mails/")[0] != 200:
        raise BuildError(
            f"{base} is not a demo (no outbox at /demo/mails/): the tutorials film the demo's "
            "people. Run them against make demo, or a staging copy with TREMPLIN_DEMO=true."
        )
    try:  # every journey signs someone in through the ENT (students, staff, the administrator)
        status, ent, _page = _get(base + "/compte/etudiant/")
    except (urllib.error.URLError, OSError) as error:
        raise BuildError(
            f"The ENT that {base} signs people in with does not answer ({error}). "
            "make demo starts the development ENT with the web server."
        ) from None
    if status != 200 or "/login" not in ent:
        raise BuildError(f"{base}/compte/etudiant/ leads to {ent} ({status}), not an ENT.")


def build(
    audiences: list[str],
    *,
    base_url: str,
    output: Path,
    cast: Cast | None = None,
    wait_for_jobs: Callable[[], None] | None = None,
    max_steps: int | None = None,
    browser: Browser | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> list[Tutorial]:
    """Film `audiences` on the demo at `base_url` and write their tutorials in `output`
    (only their first `max_steps` steps, if given: a quick check), in `browser` or in a
    Chromium of its own."""
    missing = tools_missing()
    if missing:
        raise BuildError(
            f"The tutorials need {' and '.join(missing)}: make system-packages installs them."
        )
    run = f"{int(time.time()):x}{secrets.token_hex(1)}"
    scene = {"base_url": base_url, "cast": cast or Cast(), "run": run}
    if wait_for_jobs is not None:
        scene["wait_for_jobs"] = wait_for_jobs
    if browser is not None:
        return [_film(browser, audience, scene, output, max_steps, log) for audience in audiences]
    with sync_playwright() as playwright:
        own = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            return [_film(own, audience, scene, output, max_steps, log) for audience in audiences]
        finally:
            own.close()


def _film(
    browser: Browser,
    audience: str,
    scene: dict,
    output: Path,
    max_steps: int | None,
    log: Callable[[str], None],
) -> Tutorial:
    started = time.monotonic()
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale="fr-FR",
        timezone_id=settings.TIME_ZONE,
    )
    problems: list[str] = []
    context.on("weberror", lambda error: problems.append(str(error.error)))
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    try:
        with tempfile.TemporaryDirectory(prefix=f"tutorial-{audience}-") as work:
            work_dir = Path(work)
            page.goto(scene["base_url"].rstrip("/") + "/")
            university = page.locator(".brand-name").first.inner_text().strip()
            camera = Camera(page, work_dir / "frames", max_steps=max_steps)
            try:
                JOURNEYS[audience](Scene(camera, **scene))
            except Cut:  # a short film ends early
                pass
            except (PlaywrightError, AssertionError, LookupError, TimeoutError) as error:
                raise _stopped(audience, camera, error, output) from error
            for problem in dict.fromkeys(problems):  # the film is fine; the page is not
                log(f"{audience}: warning: a page reported an error: {problem}")
            if camera.seconds > video.MAX_SECONDS:
                raise BuildError(
                    f"{audience}: {camera.seconds:.0f} s of video, more than "
                    f"{video.MAX_SECONDS} s: shorten the journey or its captions."
                )
            tutorial = _write(camera, audience, university, scene["run"], work_dir, output)
    finally:
        context.close()
    sizes = tutorial.sizes
    log(
        f"{audience}: {tutorial.duration:.1f} s, WebM {sizes[tutorials.WEBM]:,} bytes, "
        f"MP4 {sizes[tutorials.MP4]:,} bytes (filmed in {time.monotonic() - started:.0f} s)"
    )
    return tutorial


def _stopped(audience: str, camera: Camera, error: Exception, output: Path) -> BuildError:
    """What to tell the maintainer when a page no longer is what the journey expects
    (another change of the site): the step, the error, and the page as it was."""
    output.mkdir(parents=True, exist_ok=True)
    screenshot = output / f"{audience}-failed.png"
    camera.page.screenshot(path=screenshot)
    step = in_each_language(camera.caption)["en"] if camera.caption else "between two steps"
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return BuildError(
        f"{audience}: the journey stopped at step {len(camera.steps) + 1} ({step}): {reason}\n"
        f"The page as it was: {screenshot}. If the page changed, update "
        "tremplin/demo/tutorials/journeys.py."
    )


def _write(
    camera: Camera, audience: str, university: str, run: str, work: Path, output: Path
) -> Tutorial:
    """Encode and write every file in a new folder, then put it in place of the old one."""
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".{audience}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    pattern = video.sequence(camera.frames, work / "sequence")
    webm = video.webm(pattern, staging / tutorials.WEBM)
    mp4 = video.mp4(pattern, staging / tutorials.MP4)
    video.poster(camera.poster or camera.frames[0].path, staging / tutorials.POSTER)

    cues: dict[str, list[Cue]] = {code: [] for code, _name in settings.LANGUAGES}
    for step in camera.steps:
        for code, text in in_each_language(step.caption).items():
            cues[code].append(Cue(round(step.start / FPS, 3), round(step.end / FPS, 3), text))
    for code, language_cues in cues.items():
        (staging / tutorials.captions_name(code)).write_text(
            webvtt.write(language_cues), encoding="utf-8"
        )
        with translation.override(code):
            title = _("%(university)s — video tutorial: %(audience)s") % {
                "university": university,
                "audience": HELP_AUDIENCES[audience],
            }
        (staging / tutorials.transcript_name(code)).write_text(
            webvtt.transcript(title, language_cues), encoding="utf-8"
        )
    tutorial = Tutorial(
        audience=audience,
        version=run,
        duration=round(min(webm.duration, mp4.duration), 3),
        width=mp4.width,
        height=mp4.height,
        university=university,
        cues=cues,
        sizes={},
    )
    sizes = {name: (staging / name).stat().st_size for name in tutorial.file_names()}
    tutorial = replace(tutorial, sizes=sizes)
    tutorial.save(staging)

    final, old = output / audience, output / f".{audience}.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return tutorial
