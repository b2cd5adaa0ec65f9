"""Names compared the way people write them.

"Le Guen-Dubois", "LE GUEN DUBOIS" and "leguen-dubois" are one name; so are "Œuvray"
and "Oeuvray", "N'Diaye" and "NDIAYE", "Zoé" and "Zoe". A key keeps letters and digits
only, lower case, accents removed, ligatures spelt out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’ʼ`´.,]+")


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
