"""The preferences reached from a mail without signing in: a signed random key, which
opens one person's choices and nobody else's, and which cannot be made up."""

from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tremplin.lib.links import LinkInvalid
from tremplin.mailings import services
from tremplin.mailings.models import MailingKey, MailKind

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_the_link_opens_the_persons_choices_without_signing_in(alice):
    services.set_consents(alice, [MailKind.NEWSLETTERS], acting_user=alice)
    browser = Client(enforce_csrf_checks=True)
    url = path_of(services.preferences_url(alice))
    page = browser.get(url)
    assert page.status_code == 200
    assert alice.email in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    csrf = str(page.context["csrf_token"])
    response = browser.post(url, {"kinds": ["alerts"], "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    assert services.consented_kinds(alice) == {MailKind.ALERTS}


def test_the_form_of_the_link_needs_its_csrf_token(alice):
    services.set_consents(alice, [MailKind.NEWSLETTERS], acting_user=alice)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(path_of(services.preferences_url(alice)), {"kinds": []})
    assert response.status_code == 403
    assert services.consented_kinds(alice) == {MailKind.NEWSLETTERS}


def test_the_link_says_nothing_about_the_person_and_is_the_same_in_every_mail(alice, bob):
    token = services.link_token(alice)
    key = token.split(":")[0]
    assert key == MailingKey.objects.get(user=alice).key and len(key) == 32  # 192 random bits
    assert "alice" not in token.lower() and "martin" not in token.lower()
    assert services.link_token(alice) == token
    assert services.link_token(bob) != token
    assert services.person_for(token) == alice


@pytest.mark.parametrize(
    "forge",
    [
        lambda key, other: key + "x",  # the signature of another value
        lambda key, other: signing.Signer(salt="another.salt").sign(
            MailingKey.objects.get(user=other).key
        ),
        lambda key, other: MailingKey.objects.get(user=other).key,  # the key, unsigned
        lambda key, other: signing.Signer(salt=services.SALT).sign(str(other.pk)),  # an id
        lambda key, other: "",
    ],
)
def test_a_link_cannot_be_made_up(alice, bob, forge):
    services.link_token(bob)
    token = forge(services.link_token(alice), bob)
    with pytest.raises(LinkInvalid):
        services.person_for(token)


def test_a_wrong_link_is_a_404_and_changes_nothing(client, alice, bob):
    services.set_consents(bob, [MailKind.ALERTS], acting_user=bob)
    bobs = services.link_token(bob)
    wrong = bobs[:-2] + ("AA" if not bobs.endswith("AA") else "BB")
    assert client.get(reverse("mailings:link_preferences", args=[wrong])).status_code == 404
    response = client.post(reverse("mailings:unsubscribe", args=[wrong, "alerts"]))
    assert response.status_code == 404
    assert services.consented_kinds(bob) == {MailKind.ALERTS}


def test_rotating_the_key_breaks_the_links_mailed_so_far(alice):
    old = services.link_token(alice)
    services.rotate_key(alice)
    with pytest.raises(LinkInvalid):
        services.person_for(old)
    assert services.person_for(services.link_token(alice)) == alice


def test_an_inactive_account_has_no_working_link(alice):
    token = services.link_token(alice)
    alice.is_active = False
    alice.save()
    with pytest.raises(LinkInvalid):
        services.person_for(token)


def test_too_many_wrong_links_from_one_address_are_refused(client, alice, settings):
    settings.MAIL_LINK_FAILURES_PER_HOUR = 3
    good = reverse("mailings:link_preferences", args=[services.link_token(alice)])
    for n in range(3):
        bad = reverse("mailings:link_preferences", args=[f"guess{n}:nosignature"])
        assert client.get(bad, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get(bad, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(good, REMOTE_ADDR="203.0.113.9").status_code == 429  # even a good one
    one_click = reverse("mailings:unsubscribe", args=[services.link_token(alice), "alerts"])
    assert client.post(one_click, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(good, REMOTE_ADDR="198.51.100.7").status_code == 200  # another machine
