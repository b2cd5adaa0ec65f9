"""Behind the university's reverse proxies, every limit per address counts the person's own
machine, not the proxy's: one visitor's attempts never lock the others out, and the audit
log records who decided from where. A client that writes X-Forwarded-For itself gains
nothing."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy in front of gunicorn
BALANCER = "10.0.0.1"  # the load balancer in front of it
ALICE = "203.0.113.10"
BOB = "203.0.113.20"


@pytest.fixture
def two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2


def through_proxies(address: str, forged: str = "") -> dict[str, str]:
    """What gunicorn receives: the proxy's address, and the header the proxies extended."""
    chain = ", ".join(filter(None, [forged, address, BALANCER]))
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def browser(language: str = "en") -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def sign_in(client: Client, email: str, **meta: str):
    return client.post(reverse("account_login"), {"login": email, "password": "wrong"}, **meta)


def register_graduate(client: Client, n: int, **meta: str):
    data = {
        "last_name": f"Garnier{n}",
        "first_name": "Inès",
        "birth_date": "1995-09-21",
        "email": f"ines{n}@exemple.fr",
    }
    return client.post(reverse("graduates:register"), data, **meta)


def test_sign_in_failures_lock_out_the_client_behind_the_proxies_not_the_others(two_proxies):
    client = browser()
    for n in range(10):  # allauth: 10 failures a minute per address
        sign_in(client, f"lea{n}@exemple.fr", **through_proxies(ALICE, forged=f"192.0.2.{n}"))

    alice = sign_in(client, "lea-again@exemple.fr", **through_proxies(ALICE))
    bob = sign_in(client, "bob@exemple.fr", **through_proxies(BOB))

    assert "Too many failed login attempts" in alice.content.decode()
    assert "Too many failed login attempts" not in bob.content.decode()
    assert "are not correct" in bob.content.decode()


def test_password_reset_requests_are_counted_per_client_behind_the_proxies(two_proxies):
    client = browser()
    for n in range(20):  # allauth: 20 a minute per address
        response = client.post(
            reverse("account_reset_password"),
            {"email": f"lea{n}@exemple.fr"},
            **through_proxies(ALICE),
        )
        assert response.status_code == 302

    alice = client.post(
        reverse("account_reset_password"), {"email": "x@exemple.fr"}, **through_proxies(ALICE)
    )
    bob = client.post(
        reverse("account_reset_password"), {"email": "y@exemple.fr"}, **through_proxies(BOB)
    )

    assert alice.status_code == 429
    assert bob.status_code == 302


def test_graduate_registrations_are_counted_per_client_behind_the_proxies(two_proxies):
    client = browser()
    for n in range(20):
        assert register_graduate(client, n, **through_proxies(ALICE)).status_code == 302

    assert register_graduate(client, 20, **through_proxies(ALICE)).status_code == 429
    assert register_graduate(client, 21, **through_proxies(BOB)).status_code == 302


def test_recruiter_registrations_are_counted_per_client_behind_the_proxies(two_proxies):
    client = browser()

    def register(n: int, address: str):
        data = {
            "name": "Atelier Numérique",
            "siret": "852 963 743 00020",
            "address": "4 place de Jaude",
            "postcode": "63000",
            "city": "Clermont-Ferrand",
            "country": "France",
            "sector": "J",
            "size": "10-49",
            "first_name": "Léa",
            "last_name": "Durand",
            "job_title": "RH",
            "phone": "+33 4 73 00 00 00",
            "email": f"personne{n}@atelier-numerique.example",
            "password1": "Un-stage-à-Clermont-2026",
            "password2": "Un-stage-à-Clermont-2026",
            "terms": "on",
        }
        return client.post(reverse("recruiters:register"), data, **through_proxies(address))

    for n in range(10):
        assert register(n, ALICE).status_code == 302

    assert register(10, ALICE).status_code == 429
    assert register(11, BOB).status_code == 302


def test_a_forged_header_from_a_direct_client_is_ignored_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = browser()
    for n in range(20):
        forged = {"REMOTE_ADDR": ALICE, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        assert register_graduate(client, n, **forged).status_code == 302

    forged = {"REMOTE_ADDR": ALICE, "HTTP_X_FORWARDED_FOR": "192.0.2.200"}
    assert register_graduate(client, 20, **forged).status_code == 429


def test_the_addresses_of_one_ipv6_64_share_the_registration_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = browser()
    for n in range(20):
        address = f"2001:db8:1:2:{n:x}::{n + 1:x}"
        assert register_graduate(client, n, REMOTE_ADDR=address).status_code == 302

    assert register_graduate(client, 20, REMOTE_ADDR="2001:db8:1:2:ffff::1").status_code == 429
    assert register_graduate(client, 21, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_the_addresses_of_one_ipv6_64_share_allauths_limits(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = browser()
    for n in range(20):
        meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"2001:db8:1:2::{n + 1:x}"}
        client.post(reverse("account_reset_password"), {"email": f"lea{n}@exemple.fr"}, **meta)

    same = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8:1:2:ab::1"}
    other = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8:1:3::1"}
    url = reverse("account_reset_password")

    assert client.post(url, {"email": "x@exemple.fr"}, **same).status_code == 429
    assert client.post(url, {"email": "y@exemple.fr"}, **other).status_code == 302


def test_the_audit_log_records_the_client_behind_the_proxies(client, two_proxies):
    lea = testing.recruiter(status=Recruiter.Status.PENDING)
    testing.signed_in_administrator(client)

    client.post(
        reverse("recruiters:decide", args=[lea.recruiter.pk]),
        {"decision": "accept"},
        **through_proxies(ALICE, forged="192.0.2.66"),
    )

    entry = AuditEntry.objects.get(action="recruiter.accepted")
    assert entry.ip_address == ALICE
