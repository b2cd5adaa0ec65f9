"""French by default, English complete: no string of the interface is left untranslated.

Strings are written in English in the code; the French catalogue must translate every
one of them. The check extracts the strings afresh from a copy of the code, so a string
added without running `make messages` fails here too.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "tremplin" / "locale" / "fr" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("gettext is not installed (apt-get install gettext)")
        pytest.skip("gettext is not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("code")
    shutil.copytree(
        ROOT / "tremplin", copy / "tremplin", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "manage.py", copy)
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # makemessages needs no database
        "TREMPLIN_VAR_DIR": str(copy / "var"),
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "tremplin" / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_string_of_the_interface_has_a_french_translation(extracted):
    untranslated = [e.msgid for e in extracted if not e.translated()]
    assert untranslated == [], "Run `make messages` and translate these strings."


def test_the_committed_catalogue_is_up_to_date_with_the_code(extracted):
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE / "django.po"))}
    assert {e.msgid for e in extracted} - committed == set()


def test_the_compiled_catalogue_matches_the_translations():
    po = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE / "django.po")) if e.translated()}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(CATALOGUE / "django.mo")) if e.msgid}
    assert mo == po, "Run `make messages` to compile the catalogue."


def test_placeholders_are_kept_in_translations():
    for entry in polib.pofile(str(CATALOGUE / "django.po")):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for placeholder in ("%(", "{"):
                assert entry.msgid.count(placeholder) == translation.count(placeholder), (
                    entry.msgid
                )
