"""Registering in one click, the waiting list, cancelling and promoting, deadlines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.events import services
from tremplin.events.models import Registration

R = Registration.Status


def test_a_student_registers_in_one_click_and_is_told(client, alice, make_event, mails):
    event = make_event()
    client.force_login(alice)
    response = client.post(reverse("events:register", args=[event.pk]))
    registration = Registration.objects.get(event=event, person=alice)
    assert response.status_code == 302
    assert response.url == reverse("events:registration", args=[registration.pk])
    assert registration.status == R.REGISTERED
    [mail] = mails()
    assert mail.to == [alice.email]
    assert "Vous êtes inscrit" in mail.subject
    assert registration.code in mail.text
    assert 'src="data:image/png;base64,' in mail.html


def test_when_seats_are_taken_the_next_waits_and_a_cancellation_promotes_the_first(
    alice, bob, gaelle, make_event, mails
):
    event = make_event(capacity=1)
    first = services.register(event.pk, acting_user=alice)
    second = services.register(event.pk, acting_user=gaelle)
    third = services.register(event.pk, acting_user=bob)
    assert [first.status, second.status, third.status] == [R.REGISTERED, R.WAITING, R.WAITING]

    promoted = services.cancel_registration(first.pk, acting_user=alice)

    assert promoted.pk == second.pk
    statuses = dict(Registration.objects.values_list("person__username", "status"))
    assert statuses == {
        alice.username: R.CANCELLED,
        gaelle.username: R.REGISTERED,
        bob.username: R.WAITING,
    }
    promoted_mail = [m for m in mails() if m.to == [gaelle.email]][-1]
    assert "Une place est pour vous" in promoted_mail.subject


def test_cancelling_a_waiting_place_promotes_nobody(alice, bob, make_event):
    event = make_event(capacity=1)
    services.register(event.pk, acting_user=alice)
    waiting = services.register(event.pk, acting_user=bob)
    assert services.cancel_registration(waiting.pk, acting_user=bob) is None
    assert Registration.objects.get(person=alice).status == R.REGISTERED


def test_nobody_registers_twice(alice, make_event):
    event = make_event()
    services.register(event.pk, acting_user=alice)
    with pytest.raises(services.AlreadyRegistered):
        services.register(event.pk, acting_user=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, person=alice, status=R.REGISTERED)


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(alice, bob, make_event):
    event = make_event(capacity=1)
    mine = services.register(event.pk, acting_user=alice)
    services.register(event.pk, acting_user=bob)
    services.cancel_registration(mine.pk, acting_user=alice)  # Bob gets the seat
    again = services.register(event.pk, acting_user=alice)
    assert again.pk == mine.pk
    assert again.status == R.WAITING


@pytest.mark.parametrize(
    "window",
    [
        {"registration_opens_at": timezone.now() + timedelta(hours=1)},
        {"registration_closes_at": timezone.now() - timedelta(hours=1)},
    ],
    ids=["not yet open", "closed"],
)
def test_registration_outside_its_window_is_refused(alice, make_event, window):
    event = make_event(**window)
    with pytest.raises(services.NotRegistrable):
        services.register(event.pk, acting_user=alice)


def test_an_event_not_aimed_at_the_student_is_not_registrable(alice, drt, make_event, client):
    event = make_event(composantes=[drt])
    with pytest.raises(services.NotRegistrable):
        services.register(event.pk, acting_user=alice)
    client.force_login(alice)
    assert client.post(reverse("events:register", args=[event.pk])).status_code == 404


def test_recruiters_and_staff_do_not_register(sophie, nina, make_event, client):
    event = make_event()
    for person in (sophie, nina):
        with pytest.raises(services.NotRegistrable):
            services.register(event.pk, acting_user=person)
        client.force_login(person)
        assert client.post(reverse("events:register", args=[event.pk])).status_code == 404


def test_a_registration_is_not_cancelled_once_the_event_started(alice, make_event):
    event = make_event(
        starts_at=timezone.now() + timedelta(minutes=1),
        registration_closes_at=timezone.now() + timedelta(seconds=30),
    )
    registration = services.register(event.pk, acting_user=alice)
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save()
    with pytest.raises(services.NotCancellable):
        services.cancel_registration(registration.pk, acting_user=alice)


def test_somebody_else_cannot_cancel_my_registration(alice, bob, make_event, client):
    event = make_event()
    registration = services.register(event.pk, acting_user=alice)
    client.force_login(bob)
    assert client.post(reverse("events:cancel", args=[registration.pk])).status_code == 404
    assert client.get(reverse("events:registration", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == R.REGISTERED


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_for_the_last_seat_the_second_waits_for_the_lock(
    make_event,
):
    """The event's row is locked by the first registration: the second waits for it,
    then counts the seat taken and goes to the waiting list. Without the lock both would
    count 0 seats taken and both be registered."""
    alice = testing.student("alice.martin")
    bob = testing.student("bob.nguyen")
    event = make_event(capacity=1)

    with transaction.atomic():
        first = services.register(event.pk, acting_user=alice)  # holds the event's row
        second = testing.Contender(lambda: services.register(event.pk, acting_user=bob))
        second.start()
        assert second.waiting_query().startswith("SELECT")  # waits to read the event
    second.join()

    assert second.error is None
    assert first.status == R.REGISTERED
    assert second.result.status == R.WAITING
    assert Registration.objects.filter(event=event).registered().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_two_different_people(make_event):
    """Each cancellation promotes the first person waiting as the previous one left the
    list: the second waits for the first's lock. Without it both would promote Bob."""
    alice, gaelle = testing.student("alice.martin"), testing.student("gaelle.roux")
    bob, dan = testing.student("bob.nguyen"), testing.student("dan.petit")
    event = make_event(capacity=2)
    mine, hers = (services.register(event.pk, acting_user=p) for p in (alice, gaelle))
    for person in (bob, dan):
        services.register(event.pk, acting_user=person)

    with transaction.atomic():
        first = services.cancel_registration(mine.pk, acting_user=alice)
        second = testing.Contender(
            lambda: services.cancel_registration(hers.pk, acting_user=gaelle)
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")
    second.join()

    assert second.error is None
    assert {first.person, second.result.person} == {bob, dan}
    assert Registration.objects.filter(event=event).registered().count() == 2
    assert not Registration.objects.filter(event=event).waiting().exists()
