"""The development ENT's directory: demo people with SUPANN attributes (auth.py checks them).

Every entry is written with the attribute names the CAS releases (see ATTRIBUTES), plus
an optional `password` (default `demo`). `displayName` defaults to "givenName sn" and
`eduPersonPrimaryAffiliation` to the first affiliation.

The JSON file named by DEVCAS_DIRECTORY_FILE, if any, holds a list of entries of the same
shape. An entry whose `uid` is already known replaces it, and `"disabled": true` removes
a person (as the university does with a student's account at graduation). The file is
read again whenever it changes, so a test can edit the directory of a running server.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PASSWORD = "demo"  # noqa: S105 — the demo's published password

#: The attributes the CAS releases to Tremplin, in this order (devcas_setup lists them).
ATTRIBUTES = (
    "uid",
    "mail",
    "sn",
    "givenName",
    "displayName",
    "eduPersonAffiliation",
    "eduPersonPrimaryAffiliation",
    "supannEtuId",
    "supannEntiteAffectationPrincipale",
    "supannEtuEtape",
    # How Apereo CAS says the person passed its second factor (e.g. mfa-duo); Tremplin
    # trusts it when CAS_MFA_ATTRIBUTE names it.
    "authnContextClass",
)
_REQUIRED = ("uid", "mail", "sn", "givenName", "eduPersonAffiliation")
_EXTRA_KEYS = ("password", "disabled")

_STUDENT = ["student", "member"]
_STAFF = ["staff", "employee", "member"]

#: The demo directory (every password is `demo`).
PEOPLE: list[dict[str, object]] = [
    {
        "uid": "alice.martin",
        "givenName": "Alice",
        "sn": "Martin",
        "mail": "alice.martin@etu.univ-demo.fr",
        "eduPersonAffiliation": _STUDENT,
        "supannEtuId": "21900001",
        "supannEntiteAffectationPrincipale": "SCI",
        "supannEtuEtape": "L3INF",
    },
    {
        "uid": "bob.nguyen",
        "givenName": "Bob",
        "sn": "Nguyen",
        "mail": "bob.nguyen@etu.univ-demo.fr",
        "eduPersonAffiliation": _STUDENT,
        "supannEtuId": "21900002",
        "supannEntiteAffectationPrincipale": "DRT",
        "supannEtuEtape": "M1DPR",
    },
    {
        # The student who graduates during the demo.
        "uid": "chloe.bernard",
        "givenName": "Chloé",
        "sn": "Bernard",
        "mail": "chloe.bernard@etu.univ-demo.fr",
        "eduPersonAffiliation": _STUDENT,
        "supannEtuId": "21800003",
        "supannEntiteAffectationPrincipale": "SCI",
        "supannEtuEtape": "L3INF",
    },
    {
        # The ENT asks him for a second factor (Duo) and says so.
        "uid": "paul.admin",
        "givenName": "Paul",
        "sn": "Lefèvre",
        "mail": "paul.lefevre@univ-demo.fr",
        "eduPersonAffiliation": _STAFF,
        "supannEntiteAffectationPrincipale": "DSI",
        "authnContextClass": "mfa-duo",
    },
    {
        "uid": "claire.resp",
        "givenName": "Claire",
        "sn": "Dubois",
        "mail": "claire.dubois@univ-demo.fr",
        "eduPersonAffiliation": ["faculty", "staff", "employee", "member"],
        "supannEntiteAffectationPrincipale": "SCI",
    },
    {
        "uid": "marc.resp",
        "givenName": "Marc",
        "sn": "Petit",
        "mail": "marc.petit@univ-demo.fr",
        "eduPersonAffiliation": ["faculty", "employee", "member"],
        "supannEntiteAffectationPrincipale": "SCI",
    },
    {
        "uid": "nina.conseil",
        "givenName": "Nina",
        "sn": "Rousseau",
        "mail": "nina.rousseau@univ-demo.fr",
        "eduPersonAffiliation": _STAFF,
        "supannEntiteAffectationPrincipale": "SUIO",
    },
    {
        # The future responsable of the DRT composante.
        "uid": "david.drt",
        "givenName": "David",
        "sn": "Moreau",
        "mail": "david.moreau@univ-demo.fr",
        "eduPersonAffiliation": _STAFF,
        "supannEntiteAffectationPrincipale": "DRT",
    },
    {
        # Someone the ENT knows but Tremplin does not let in.
        "uid": "eve.alum",
        "givenName": "Eve",
        "sn": "Laurent",
        "mail": "eve.laurent@univ-demo.fr",
        "eduPersonAffiliation": ["alum"],
    },
]


class DirectoryError(ValueError):
    """An entry of the directory (or of DEVCAS_DIRECTORY_FILE) cannot be read."""


@dataclass(frozen=True)
class Person:
    uid: str
    attributes: Mapping[str, str | tuple[str, ...]]
    password: str = DEFAULT_PASSWORD

    @classmethod
    def from_entry(cls, entry: Mapping[str, object]) -> Person:
        """Check one directory entry and fill in the derived attributes."""
        unknown = set(entry) - set(ATTRIBUTES) - set(_EXTRA_KEYS)
        if unknown:
            raise DirectoryError(f"unknown keys {sorted(unknown)} in {dict(entry)!r}")
        missing = [key for key in _REQUIRED if not entry.get(key)]
        if missing:
            raise DirectoryError(f"missing {missing} in {dict(entry)!r}")
        attributes: dict[str, str | tuple[str, ...]] = {}
        for key in ATTRIBUTES:
            value = entry.get(key)
            if value in (None, "", []):
                continue
            if key == "eduPersonAffiliation":
                if isinstance(value, str):
                    value = [value]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise DirectoryError(f"{key} must be a list of strings: {value!r}")
                attributes[key] = tuple(value)
            elif isinstance(value, str):
                attributes[key] = value
            else:
                raise DirectoryError(f"{key} must be a string: {value!r}")
        affiliations = attributes["eduPersonAffiliation"]
        attributes.setdefault("eduPersonPrimaryAffiliation", affiliations[0])
        attributes.setdefault("displayName", f"{attributes['givenName']} {attributes['sn']}")
        password = entry.get("password", DEFAULT_PASSWORD)
        if not isinstance(password, str) or not password:
            raise DirectoryError(f"password must be a non-empty string in {entry['uid']!r}")
        return cls(uid=str(attributes["uid"]), attributes=attributes, password=password)

    def cas_attributes(self) -> dict[str, str | list[str]]:
        """The attributes as django-cas-server wants them: lists for multi-valued ones."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in self.attributes.items()
        }


def _key(uid: str) -> str:
    return uid.strip().lower()


_BUILT_IN: dict[str, Person] = {_key(p.uid): p for p in map(Person.from_entry, PEOPLE)}
_file_cache: dict[tuple[str, int, int], dict[str, Person | None]] = {}
_file_lock = threading.Lock()


def _file_entries() -> dict[str, Person | None]:
    """The entries of DEVCAS_DIRECTORY_FILE by uid (None: disabled), read when it changes."""
    name = os.environ.get("DEVCAS_DIRECTORY_FILE", "").strip()
    if not name:
        return {}
    path = Path(name)
    stat = path.stat()
    cache_key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _file_lock:
        if cache_key not in _file_cache:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, list):
                raise DirectoryError(f"{path}: expected a JSON list of entries")
            entries: dict[str, Person | None] = {}
            for entry in data:
                if not isinstance(entry, dict) or not entry.get("uid"):
                    raise DirectoryError(f"{path}: every entry needs a uid: {entry!r}")
                if entry.get("disabled"):
                    entries[_key(entry["uid"])] = None
                else:
                    entries[_key(entry["uid"])] = Person.from_entry(entry)
            _file_cache.clear()
            _file_cache[cache_key] = entries
        return _file_cache[cache_key]


def people() -> list[Person]:
    """Everybody in the directory: the demo people, changed by DEVCAS_DIRECTORY_FILE."""
    merged: dict[str, Person | None] = {**_BUILT_IN, **_file_entries()}
    return [person for person in merged.values() if person is not None]


def find(uid: str) -> Person | None:
    """The person whose uid is `uid` (case and surrounding spaces ignored), if any."""
    key = _key(uid)
    entries = _file_entries()
    if key in entries:
        return entries[key]
    return _BUILT_IN.get(key)
