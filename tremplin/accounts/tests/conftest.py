"""The accounts' tests share a real OpenLDAP server (slapd), started once, with
eduPerson and SUPANN entries, and Tremplin configured from the environment to use it."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"
SCHEMA = Path(__file__).resolve().parent / "ldap_schema" / "supann-subset.ldif"
SUFFIX = "dc=univ-demo,dc=fr"
PEOPLE = f"ou=people,{SUFFIX}"
SERVICE_DN = f"cn=tremplin,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-account-secret"
CLAIRE_PASSWORD = "Claire-directory-2025"
ALICE_PASSWORD = "Alice-directory-2025"
HENRI_PASSWORD = "Henri-directory-2025"

ENTRIES = {
    SUFFIX: {"objectClass": ["dcObject", "organization"], "dc": ["univ-demo"], "o": ["UdD"]},
    PEOPLE: {"objectClass": ["organizationalUnit"], "ou": ["people"]},
    f"ou=services,{SUFFIX}": {"objectClass": ["organizationalUnit"], "ou": ["services"]},
    SERVICE_DN: {
        "objectClass": ["applicationProcess", "simpleSecurityObject"],
        "cn": ["tremplin"],
        "userPassword": [SERVICE_PASSWORD],
    },
    f"uid=claire.resp,{PEOPLE}": {
        "objectClass": ["inetOrgPerson", "eduPerson", "supannPerson"],
        "uid": ["claire.resp"],
        "cn": ["Claire Lefèvre"],
        "givenName": ["Claire"],
        "sn": ["Lefèvre"],
        "mail": ["Claire.Lefevre@univ-demo.fr"],
        "eduPersonAffiliation": ["faculty", "staff", "employee", "member"],
        "eduPersonPrimaryAffiliation": ["faculty"],
        "supannEntiteAffectationPrincipale": ["{UAI:0751717J}SCI"],
        "userPassword": [CLAIRE_PASSWORD],
    },
    f"uid=alice.martin,{PEOPLE}": {
        "objectClass": ["inetOrgPerson", "eduPerson", "supannPerson"],
        "uid": ["alice.martin"],
        "cn": ["Alice Martin"],
        "givenName": ["Alice"],
        "sn": ["Martin"],
        "mail": ["alice.martin@etu.univ-demo.fr"],
        "eduPersonAffiliation": ["student", "member"],
        "eduPersonPrimaryAffiliation": ["student"],
        "supannEtuId": ["21900001"],
        "supannEntiteAffectationPrincipale": ["SCI"],
        "supannEtuEtape": ["{APOGEE}L3INF"],
        "userPassword": [ALICE_PASSWORD],
    },
    # Staff once; retired, the university keeps his entry as an alumnus.
    f"uid=henri.ancien,{PEOPLE}": {
        "objectClass": ["inetOrgPerson", "eduPerson", "supannPerson"],
        "uid": ["henri.ancien"],
        "cn": ["Henri Blanc"],
        "givenName": ["Henri"],
        "sn": ["Blanc"],
        "mail": ["henri.blanc@univ-demo.fr"],
        "eduPersonAffiliation": ["alum"],
        "eduPersonPrimaryAffiliation": ["alum"],
        "userPassword": [HENRI_PASSWORD],
    },
}

# Like a university directory: nobody reads entries anonymously (so the backend reads them
# as the person or the service account once bound), passwords only serve to bind.
ACCESS = """olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to * by users read by * none
"""


def _unavailable(reason: str):
    """Without slapd or python-ldap the tests are skipped, except in CI, where a skipped
    test would hide a failure."""
    if IN_CI:
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def python_ldap():
    try:
        import django_auth_ldap  # noqa: F401
        import ldap
    except ImportError as error:
        _unavailable(
            f"LDAP tests need python-ldap and django-auth-ldap ({error.name} is missing): "
            "pip install -r requirements-ldap.lock"
        )
    return ldap


@pytest.fixture(scope="session")
def slapd(python_ldap, tmp_path_factory):
    """A throwaway OpenLDAP server on a free port, with the entries above, for the session."""
    import ldap.modlist
    from slapdtest import SlapdObject

    class Directory(SlapdObject):
        suffix = SUFFIX
        slapd_loglevel = "0"
        openldap_schema_files = ("core.ldif", "cosine.ldif", "inetorgperson.ldif", str(SCHEMA))
        TMPDIR = str(tmp_path_factory.mktemp("slapd"))  # slapdtest's default: the cwd

        def gen_config(self) -> str:
            return super().gen_config() + ACCESS

    try:
        server = Directory()
        server.start()
    except (ValueError, RuntimeError, OSError) as error:
        _unavailable(f"slapd did not start (apt-get install slapd ldap-utils): {error}")
    try:
        connection = ldap.initialize(server.ldap_uri)
        connection.simple_bind_s(server.root_dn, server.root_pw)
        for dn, attributes in ENTRIES.items():
            encoded = {name: [v.encode() for v in values] for name, values in attributes.items()}
            connection.add_s(dn, ldap.modlist.addModlist(encoded))
        connection.unbind_s()
        yield server
    finally:
        server.stop()


def settings_from_environment(monkeypatch, **variables: str) -> dict[str, object]:
    """Run settings.py as a deployment would, with these environment variables."""
    for name in list(os.environ):
        if name.startswith("LDAP_") or name == "STAFF_LOGIN_METHOD":
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", "postgres://tremplin@localhost:5432/tremplin")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def use_ldap(settings, monkeypatch, **variables: str) -> None:
    """Tremplin as settings.py configures it from these variables."""
    derived = settings_from_environment(monkeypatch, STAFF_LOGIN_METHOD="ldap", **variables)
    for name, value in derived.items():
        if name.startswith(("LDAP_", "AUTH_LDAP_")) or name in {
            "STAFF_LOGIN_METHOD",
            "AUTHENTICATION_BACKENDS",
        }:
            setattr(settings, name, value)


@pytest.fixture
def directory(slapd, settings, monkeypatch):
    """Staff sign in with a bind to slapd, their DN made from a template."""
    use_ldap(
        settings,
        monkeypatch,
        LDAP_SERVER_URI=slapd.ldap_uri,
        LDAP_USER_DN_TEMPLATE=f"uid=%(user)s,{PEOPLE}",
    )
    return slapd
