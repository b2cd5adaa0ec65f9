"""The mails of events as they leave, through a real SMTP server; the reminder's consent
check (the call point the `mailings` app fills)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.events import services
from tremplin.events.models import Registration


@pytest.mark.django_db(transaction=True)
def test_a_promoted_person_is_told_by_mail_with_the_qr_code(run_jobs, smtp_server, make_event):
    alice, bob = testing.student("alice.martin"), testing.student("bob.nguyen")
    event = make_event("Forum complet", capacity=1)
    seat = services.register(event.pk, acting_user=alice)
    services.register(event.pk, acting_user=bob)
    run_jobs()
    services.cancel_registration(seat.pk, acting_user=alice)
    run_jobs()

    subjects = [(m["To"], m["Subject"].strip()) for m in smtp_server.messages]
    assert subjects == [
        (alice.email, "Vous êtes inscrit·e : « Forum complet »"),
        (bob.email, "Liste d’attente : « Forum complet »"),
        (bob.email, "Une place est pour vous : « Forum complet »"),
    ]
    promoted = smtp_server.messages[-1]
    html = promoted.get_body(("html",)).get_content()
    assert 'src="data:image/png;base64,' in html
    assert Registration.objects.get(person=bob).code in promoted.get_body(("plain",)).get_content()


def test_the_reminder_asks_the_mail_preferences(alice, make_event, mails):
    now = timezone.now()
    event = make_event(
        starts_at=now + timedelta(hours=10),
        ends_at=now + timedelta(hours=12),
        registration_closes_at=now + timedelta(hours=9),
    )
    services.register(event.pk, acting_user=alice)
    before = len(mails())
    assert services.remind_tomorrows_registrations() == 1  # done once, whatever the answer
    assert mails()[before:] == []  # alice did not opt into event news
