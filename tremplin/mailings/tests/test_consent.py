"""Each kind of mail is opted into, person by person; nothing is on by default."""

import pytest
from django.urls import reverse

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.mailings import services
from tremplin.mailings.forms import ConsentForm
from tremplin.mailings.models import Consent, MailKind

pytestmark = pytest.mark.django_db


def test_nothing_is_consented_by_default(alice):
    assert services.consented_kinds(alice) == set()
    assert not services.may_send(alice, MailKind.ALERTS)
    assert services.admit(alice, MailKind.NEWSLETTERS) is None


def test_set_consents_gives_exactly_the_kinds_chosen(alice, bob):
    services.set_consents(alice, [MailKind.ALERTS, MailKind.NEWSLETTERS], acting_user=alice)
    services.set_consents(bob, [MailKind.EVENT_NEWS], acting_user=bob)
    services.set_consents(alice, [MailKind.NEWSLETTERS], acting_user=alice)
    assert services.consented_kinds(alice) == {MailKind.NEWSLETTERS}
    assert services.consented_kinds(bob) == {MailKind.EVENT_NEWS}
    entries = AuditEntry.objects.filter(action="mailings.consents_changed", target_id=alice.pk)
    assert [e.details["kinds"] for e in entries.order_by("pk")] == [
        ["alerts", "newsletters"],
        ["newsletters"],
    ]


def test_an_unknown_kind_is_refused(alice):
    with pytest.raises(ValueError, match="spam"):
        services.set_consents(alice, ["spam"], acting_user=alice)
    assert not Consent.objects.exists()


def test_the_consent_form_validates_and_starts_from_the_persons_choice(alice):
    services.set_consents(alice, [MailKind.ALERTS], acting_user=alice)
    assert ConsentForm.for_user(alice).initial == {"kinds": ["alerts"]}
    assert ConsentForm({"kinds": ["alerts", "event_news"]}).is_valid()
    assert not ConsentForm({"kinds": ["spam"]}).is_valid()
    assert ConsentForm({}).is_valid()  # nothing ticked: nothing wanted


def test_a_signed_in_person_chooses_on_their_page(client, alice):
    client.force_login(alice)
    page = client.get(reverse("mailings:preferences"))
    assert page.status_code == 200
    assert 'value="alerts"' in page.content.decode()
    response = client.post(reverse("mailings:preferences"), {"kinds": ["alerts", "event_news"]})
    assert response.status_code == 302
    assert services.consented_kinds(alice) == {MailKind.ALERTS, MailKind.EVENT_NEWS}
    client.post(reverse("mailings:preferences"), {})
    assert services.consented_kinds(alice) == set()


def test_the_page_needs_a_sign_in(client):
    response = client.get(reverse("mailings:preferences"))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_the_page_says_when_the_address_is_undeliverable(client, alice, settings):
    settings.MAIL_UNDELIVERABLE_AFTER = 1
    services.record_refusal(alice.email, 550, "User unknown")
    client.force_login(alice)
    page = client.get(reverse("mailings:preferences")).content.decode()
    assert "message-warning" in page
    other = testing.student("carla.petit")
    client.force_login(other)
    assert "message-warning" not in client.get(reverse("mailings:preferences")).content.decode()
