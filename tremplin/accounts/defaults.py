"""The first version of each legal text, published by a migration (and by the tests'
fixture, since transactional tests empty the tables)."""

from __future__ import annotations

from pathlib import Path

DEFAULTS = Path(__file__).resolve().parent / "legal_defaults"
TITLES = {
    "mentions-legales": ("Mentions légales", "Legal notice"),
    "cgu": ("Conditions générales d'utilisation", "Terms of use"),
    "charte": ("Charte de la plateforme", "Platform charter"),
    "donnees-personnelles": ("Données personnelles", "Personal data"),
    "accessibilite": ("Accessibilité", "Accessibility"),
}


def publish_first_versions(model) -> None:
    """`model` is LegalDocument, or its historical version inside a migration."""
    for kind, (title_fr, title_en) in TITLES.items():
        if model.objects.filter(kind=kind).exists():
            continue
        model.objects.create(
            kind=kind,
            version=1,
            title_fr=title_fr,
            title_en=title_en,
            body_fr=(DEFAULTS / f"{kind}.fr.md").read_text(encoding="utf-8"),
            body_en=(DEFAULTS / f"{kind}.en.md").read_text(encoding="utf-8"),
        )
