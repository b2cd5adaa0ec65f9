"""An address the mail server refuses for good (5xx) MAIL_UNDELIVERABLE_AFTER times is
undeliverable: no mail that is not transactional goes to it any more, and the person is
told at their next sign-in. Against a real SMTP server (aiosmtpd) that refuses it."""

import smtplib

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.lib.mail import Message, send_rendered
from tremplin.mailings import services
from tremplin.mailings.models import MailKind, RefusedAddress

pytestmark = pytest.mark.django_db

PASSWORD = "Diplome-test-2026"


def mail_to(*addresses: str):
    return [
        Message("mailings/tests/plain", to=[address], language="fr", context={"n": n}).render()
        for n, address in enumerate(addresses)
    ]


@pytest.fixture(autouse=True)
def plain_template(settings, tmp_path):
    folder = tmp_path / "templates" / "mailings" / "tests" / "plain"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Test {{ n }}")
    (folder / "body.txt").write_text("Bonjour {{ n }}")
    (folder / "body.html").write_text("<p>Bonjour {{ n }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "DIRS": [tmp_path / "templates", *engine["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]


@pytest.fixture
def gaelle(db):
    person = testing.user(User.Kind.GRADUATE, uid="gaelle.roux", email="gaelle@example.org")
    person.set_password(PASSWORD)
    person.save()
    services.set_consents(person, list(MailKind), acting_user=person)
    return person


def test_a_refused_recipient_is_counted_and_the_others_still_receive(refusing_smtp, alice, bob):
    refusing_smtp.refused.add(bob.email)
    assert send_rendered(mail_to(alice.email, bob.email, "carla@univ-test.fr")) == 2
    assert [m["To"] for m in refusing_smtp.messages] == [alice.email, "carla@univ-test.fr"]
    refused = RefusedAddress.objects.get()
    assert (refused.address, refused.refusals, refused.last_code) == (bob.email, 1, 550)
    assert "User unknown" in refused.last_response
    assert refused.undeliverable_since is None


def test_after_three_refusals_the_address_is_undeliverable(refusing_smtp, gaelle, settings):
    settings.MAIL_UNDELIVERABLE_AFTER = 3
    refusing_smtp.refused.add(gaelle.email)
    for expected in (True, True, False):
        assert services.may_send(gaelle, MailKind.NEWSLETTERS) is True
        send_rendered(mail_to(gaelle.email))
        assert services.is_deliverable(gaelle.email) is expected
    assert not services.may_send(gaelle, MailKind.ALERTS)
    assert services.admit(gaelle, MailKind.ALERTS) is None
    assert (
        not services.reachable(User.objects.all(), MailKind.NEWSLETTERS)
        .filter(pk=gaelle.pk)
        .exists()
    )
    assert services.is_deliverable(gaelle.email.upper()) is False  # whatever the case


def test_a_refusal_after_the_message_counts_too(refusing_smtp, alice, settings):
    settings.MAIL_UNDELIVERABLE_AFTER = 1
    refusing_smtp.refused_at_data.add(alice.email)
    assert send_rendered(mail_to(alice.email)) == 0
    assert RefusedAddress.objects.get().last_code == 554
    assert not services.is_deliverable(alice.email)


def test_a_temporary_refusal_fails_the_job_which_retries_and_counts_nothing(refusing_smtp, alice):
    refusing_smtp.busy.add(alice.email)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send_rendered(mail_to(alice.email))
    assert not RefusedAddress.objects.exists()


def test_the_person_is_told_at_their_next_sign_in(refusing_smtp, gaelle, client, settings):
    settings.MAIL_UNDELIVERABLE_AFTER = 1
    refusing_smtp.refused.add(gaelle.email)
    send_rendered(mail_to(gaelle.email))
    response = client.post(reverse("account_login"), {"login": gaelle.email, "password": PASSWORD})
    assert response.status_code == 302
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(gaelle.email in m and reverse("account_email") in m for m in told), told


def test_nobody_else_is_told(gaelle, client):
    response = client.post(reverse("account_login"), {"login": gaelle.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_an_address_confirmed_again_is_deliverable_again(gaelle, settings):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    settings.MAIL_UNDELIVERABLE_AFTER = 1
    services.record_refusal(gaelle.email, 550, "User unknown")
    assert not services.is_deliverable(gaelle.email)
    address = EmailAddress.objects.get(user=gaelle)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert services.is_deliverable(gaelle.email)


def test_refusals_are_forgotten_after_a_year_or_with_the_account(alice, bob, settings):
    from datetime import timedelta

    from django.utils import timezone

    from tremplin.mailings.retention import purge_refused_addresses

    for address in (alice.email, bob.email, "typo@exemple.fr"):
        services.record_refusal(address, 550, "User unknown")
    RefusedAddress.objects.filter(address=bob.email).update(
        last_refused_at=timezone.now() - timedelta(days=366)
    )
    assert purge_refused_addresses(timezone.now()) == 2  # Bob's, stale; the typo, nobody's
    assert list(RefusedAddress.objects.values_list("address", flat=True)) == [alice.email]
