"""What an identity provider says about a person, mapped explicitly onto Tremplin's fields.

The CAS server (and the optional LDAP directory) release SUPANN attributes. Only the
attributes named in `settings.ENT_ATTRIBUTE_MAP` are read, each onto one field;
nothing is copied wholesale onto the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings

# SUPANN values may carry a source label: "{UAI:0751717J}SCI", "{APOGEE}L3INF".
_LABEL_PREFIX = re.compile(r"^\{[^}]*\}")


@dataclass(frozen=True)
class EntPerson:
    uid: str
    email: str = ""
    last_name: str = ""
    first_name: str = ""
    affiliations: frozenset[str] = field(default_factory=frozenset)
    primary_affiliation: str = ""
    student_number: str = ""
    composante_code: str = ""
    vet_code: str = ""

    @property
    def audience(self) -> str | None:
        """'student', 'staff', or None for someone the platform does not serve."""
        primary = self.primary_affiliation
        if primary in settings.STUDENT_AFFILIATIONS:
            return "student"
        if primary in settings.STAFF_AFFILIATIONS:
            return "staff"
        if self.affiliations & set(settings.STUDENT_AFFILIATIONS):
            return "student"
        if self.affiliations & set(settings.STAFF_AFFILIATIONS):
            return "staff"
        return None


def _values(attributes: Mapping[str, object], name: str) -> list[str]:
    value = attributes.get(name) if name else None
    if value is None:
        return []
    items: Iterable = value if isinstance(value, list | tuple) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _first(attributes: Mapping[str, object], name: str) -> str:
    values = _values(attributes, name)
    return values[0] if values else ""


def _code(value: str) -> str:
    return _LABEL_PREFIX.sub("", value).strip()


def map_attributes(uid: str, attributes: Mapping[str, object]) -> EntPerson:
    names = settings.ENT_ATTRIBUTE_MAP
    return EntPerson(
        uid=uid,
        email=_first(attributes, names["email"]).lower(),
        last_name=_first(attributes, names["last_name"]),
        first_name=_first(attributes, names["first_name"]),
        affiliations=frozenset(v.lower() for v in _values(attributes, names["affiliations"])),
        primary_affiliation=_first(attributes, names["primary_affiliation"]).lower(),
        student_number=_first(attributes, names["student_number"]),
        composante_code=_code(_first(attributes, names["composante"])),
        vet_code=_code(_first(attributes, names["vet"])),
    )
