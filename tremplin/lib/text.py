"""Names compared the way people write them.

"Le Guen-Dubois", "LE GUEN DUBOIS" and "leguen-dubois" are one name; so are "Œuvray"
and "Oeuvray", "N'Diaye" and "NDIAYE", "Zoé" and "Zoe". A key keeps letters and digits
only, lower case, accents removed, ligatures spelt out.

A last name has several keys (`last_name_keys`): as written, and without its leading
particles ("de La Fontaine" is also "La Fontaine" and "Fontaine"); each side of
"Martin épouse Dupont" or "Dupont née Martin" too. Two last names match when their keys
meet. A first name typed is matched part by part (`typed_first_name_keys`): every part
must be one of the person's first names or one of their parts, in any order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’ʼ`´.,]+")
# The particles a French last name may start with, written apart ("de la", "d'"): a person
# or a registry may write them, drop them, or glue them to the name.
PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "l"})
_WORDS = re.compile(r"[\s'’ʼ`´]+")
# "Martin épouse Dupont", "Martin ép. Dupont", "Dupont née Martin", "Martin veuve Dupont":
# two last names, each of which the person may give alone.
_MARRIAGE = re.compile(r"\s+(?:épouse|epouse|ép\.?|ep\.?|née|nee|veuve|vve\.?)\s+", re.IGNORECASE)


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)  # a registry repeats its names: import them once each
def name_key(value: str) -> str:
    """The comparison key of a last name or of a whole first name."""
    if value.isascii():
        return _NOT_ALNUM.sub("", value.lower())
    return _NOT_ALNUM.sub("", _fold(value))


def first_name_keys(value: str) -> list[str]:
    """Keys under which a registry's first names may be looked up.

    "Jean-Pierre Marie" gives the whole ("jeanpierremarie"), each given name in order
    with its compound ("jeanpierre", "marie") and each part ("jean", "pierre"), so a
    person can type any one of their first names.
    """
    return list(_first_name_keys(value))


@lru_cache(maxsize=100_000)
def _first_name_keys(value: str) -> tuple[str, ...]:
    keys: list[str] = []
    for name in [value, *value.split()]:
        for candidate in [name, *_SEPARATORS.split(name)]:
            key = name_key(candidate)
            if key and key not in keys:
                keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=200_000)
def last_name_keys(value: str) -> tuple[str, ...]:
    """The keys of a last name: as written (particles glued: "delafontaine"), then without
    each leading particle in turn ("lafontaine", "fontaine"); for a married name written
    out ("Martin épouse Dupont"), those of each name. A name made of particles only
    ("Le", "De La") keeps its whole key."""
    keys: list[str] = []
    for name in _MARRIAGE.split(value):
        words = [w for w in _WORDS.split(name.strip()) if w]
        particle = [name_key(w) in PARTICLES for w in words]
        for start in range(len(words)):
            if start and (not particle[start - 1] or all(particle[start:])):
                break
            key = name_key(" ".join(words[start:]))
            if key and key not in keys:
                keys.append(key)
    return tuple(keys)


def typed_first_name_keys(value: str) -> list[str]:
    """The parts of a first name as typed, each as a key ("Pierre-Jean", "pierre jean" and
    "Jean Pierre" give the same parts): a registry's first names match when they hold every
    part (`first_name_keys` holds each first name, each compound and each part)."""
    keys = []
    for part in _SEPARATORS.split(value):
        key = name_key(part)
        if key and key not in keys:
            keys.append(key)
    return keys
