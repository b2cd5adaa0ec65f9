"""Job dating: recruiters taking part open slots, candidates book one per organisation, the
recruiter sees their schedule and the CVs shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from tremplin import testing
from tremplin.events import services
from tremplin.events.models import Booking, Event, Slot
from tremplin.profiles.models import Resume


@pytest.fixture
def job_dating(make_event, biolab):
    return make_event("Job dating Sciences", kind=Event.Kind.JOB_DATING, organisations=[biolab])


@pytest.fixture
def biolab_slots(job_dating, sophie):
    return services.open_slots(
        job_dating.pk, acting_user=sophie, first=job_dating.starts_at, count=3, minutes=15, gap=5
    )


def test_a_recruiter_taking_part_opens_slots_once(client, job_dating, sophie):
    client.force_login(sophie)
    data = {
        "first": job_dating.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "count": "4",
        "minutes": "15",
        "gap": "5",
    }
    client.post(reverse("events:schedule", args=[job_dating.pk]), data)
    client.post(reverse("events:schedule", args=[job_dating.pk]), data)  # twice: the same 4
    starts = list(Slot.objects.values_list("starts_at", flat=True))
    assert len(starts) == 4
    assert starts[1] - starts[0] == timedelta(minutes=20)


def test_an_organisation_not_taking_part_opens_no_slot(client, job_dating, marc):
    with pytest.raises(services.NotTakingPart):
        services.open_slots(
            job_dating.pk, acting_user=marc, first=job_dating.starts_at, count=1, minutes=15
        )
    client.force_login(marc)
    assert client.get(reverse("events:schedule", args=[job_dating.pk])).status_code == 404


def test_a_registered_candidate_books_one_slot_per_organisation_and_cancels(
    client, alice, job_dating, biolab_slots
):
    services.register(job_dating.pk, acting_user=alice)
    client.force_login(alice)
    client.post(reverse("events:book", args=[biolab_slots[0].pk]))
    booking = Booking.objects.get()
    assert (booking.candidate, booking.slot) == (alice, biolab_slots[0])
    page = client.post(reverse("events:book", args=[biolab_slots[1].pk]), follow=True)
    assert "Vous avez déjà un créneau avec cette organisation." in page.content.decode()
    assert Booking.objects.count() == 1

    client.post(reverse("events:cancel_booking", args=[booking.pk]))
    assert not Booking.objects.exists()


def test_booking_needs_a_registration(alice, job_dating, biolab_slots):
    with pytest.raises(Slot.DoesNotExist):
        services.book_slot(biolab_slots[0].pk, acting_user=alice)


def test_no_slot_is_booked_twice(alice, gaelle, job_dating, biolab_slots):
    for person in (alice, gaelle):
        services.register(job_dating.pk, acting_user=person)
    services.book_slot(biolab_slots[0].pk, acting_user=alice)
    with pytest.raises(services.SlotTaken):
        services.book_slot(biolab_slots[0].pk, acting_user=gaelle)
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):  # the constraint, whatever the timing
        Booking.objects.create(
            slot=biolab_slots[0],
            event=job_dating,
            organisation=biolab_slots[0].organisation,
            candidate=gaelle,
        )


def test_the_recruiter_sees_the_schedule_and_the_cv_only_where_shared(
    client, alice, gaelle, sophie, marc, job_dating, biolab_slots
):
    resume = Resume.objects.create(user=alice)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    for person in (alice, gaelle):
        services.register(job_dating.pk, acting_user=person)
    shared = services.book_slot(biolab_slots[0].pk, acting_user=alice, share_cv=True)
    kept = services.book_slot(biolab_slots[1].pk, acting_user=gaelle, share_cv=False)

    client.force_login(sophie)
    page = client.get(reverse("events:schedule", args=[job_dating.pk])).content.decode()
    assert "Alice" in page and "Gaëlle" in page
    assert reverse("events:booking_cv", args=[shared.pk]) in page
    assert reverse("events:booking_cv", args=[kept.pk]) not in page
    cv = client.get(reverse("events:booking_cv", args=[shared.pk]))
    assert cv.status_code == 200 and cv["Content-Type"] == "application/pdf"
    assert client.get(reverse("events:booking_cv", args=[kept.pk])).status_code == 404

    client.force_login(marc)  # another organisation
    assert client.get(reverse("events:booking_cv", args=[shared.pk])).status_code == 404
