"""No cache keeps a page that holds other people's personal data: every URL of the
URLconf under the staff, admin, account and recruiter prefixes answers
`Cache-Control: no-store`, whoever asks and whatever the status, and no staff page lives
outside those prefixes."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tremplin import testing
from tremplin.accounts.permissions import staff_login_url

pytestmark = pytest.mark.django_db

# A value for each path converter: the object rarely exists, and that is fine (a 404 must
# not be cached either).
SAMPLE = {
    "int": "1",
    "slug": "cgu",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
CONVERTER = re.compile(r"<(?:(?P<type>\w+):)?\w+>")


def every_path(patterns=None, prefix: str = "/") -> list[str]:
    """One path for each pattern of the URLconf (regular-expression patterns with groups,
    such as the admin's catch-all, are left out)."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = pattern.pattern
        if isinstance(route, RoutePattern):
            part = CONVERTER.sub(lambda m: SAMPLE[m["type"] or "str"], str(route))
        elif route.regex.groups == 0:
            part = str(route).lstrip("^").rstrip("$").replace("\\", "")
        else:
            continue
        if isinstance(pattern, URLResolver):
            paths += every_path(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            paths.append(prefix + part)
    return sorted(set(paths))


def is_no_store(path: str) -> bool:
    return path.startswith(django_settings.NO_STORE_PATH_PREFIXES)


def test_the_urlconf_has_pages_under_every_prefix():
    paths = [p for p in every_path() if is_no_store(p)]
    for prefix in django_settings.NO_STORE_PATH_PREFIXES:
        assert any(p.startswith(prefix) for p in paths), prefix
    assert len(paths) > 50


@pytest.mark.parametrize("who", ["anonymous", "administrator"])
def test_every_page_under_the_prefixes_answers_no_store(who):
    client = Client(raise_request_exception=False)
    if who == "administrator":
        client.force_login(testing.administrator())
    cached = []
    for path in filter(is_no_store, every_path()):
        response = client.get(path)
        if "no-store" not in response.get("Cache-Control", ""):
            cached.append(f"{path} ({response.status_code})")
    assert cached == []


def test_no_staff_page_lives_outside_the_prefixes():
    """A staff view sends an anonymous visitor to the staff sign-in: wherever one is added,
    it is found here."""
    client = Client(raise_request_exception=False)
    staff_pages = [
        path
        for path in every_path()
        if client.get(path).get("Location", "").startswith(staff_login_url())
    ]
    assert staff_pages, "no staff page found: the check would prove nothing"
    assert [path for path in staff_pages if not is_no_store(path)] == []


def test_public_pages_may_be_cached():
    response = Client().get("/")
    assert "no-store" not in response.get("Cache-Control", "")
