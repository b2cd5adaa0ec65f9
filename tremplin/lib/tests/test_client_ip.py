"""`client_ip`: the person's address behind the configured number of trusted proxies, and
never an address a client wrote itself."""

import pytest
from django.test import RequestFactory

from tremplin.lib.urls import client_ip


def request(remote: str = "10.0.0.2", forwarded: str | None = None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_a_forged_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("198.51.100.20", "203.0.113.9")) == "198.51.100.20"


def test_behind_one_proxy_the_client_is_the_last_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", "203.0.113.9")) == "203.0.113.9"


def test_what_the_client_wrote_before_the_proxies_entries_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forged = "192.0.2.66, 198.51.100.1"  # written by the client
    through_two = f"{forged}, 203.0.113.9, 10.0.0.1"  # the load balancer, then the proxy
    assert client_ip(request("10.0.0.2", through_two)) == "203.0.113.9"


def test_a_request_that_passed_fewer_proxies_gets_the_unforgeable_remote_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("198.51.100.20", "203.0.113.9")) == "198.51.100.20"
    assert client_ip(request("198.51.100.20")) == "198.51.100.20"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:DB8:0::7", "2001:db8::7"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("unknown", "10.0.0.2"),
        ("", "10.0.0.2"),
    ],
)
def test_addresses_are_read_in_their_normal_form(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", forwarded)) == expected


def test_an_ipv4_client_of_a_dual_stack_server_is_an_ipv4_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("::ffff:198.51.100.20")) == "198.51.100.20"
