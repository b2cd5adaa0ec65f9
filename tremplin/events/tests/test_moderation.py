"""Staff create events within their scope; recruiters propose them; moderators of the same
scopes as offers decide, part by part."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tremplin.events import services
from tremplin.events.models import Event, Participation
from tremplin.moderation.models import TransitionRefused

S = Event.Status


def details(**changes) -> services.EventDetails:
    now = timezone.now()
    values = {
        "kind": Event.Kind.PRESENTATION,
        "title": "Présentation BioLab",
        "description": "Nos **métiers**.",
        "place": "Amphi A",
        "starts_at": now + timedelta(days=10),
        "ends_at": now + timedelta(days=10, hours=2),
        "registration_opens_at": now,
        "registration_closes_at": now + timedelta(days=9),
        "capacity": 80,
    }
    return services.EventDetails(**{**values, **changes})


def form_data(**changes) -> dict:
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "kind": "forum",
        "title": "Forum Sciences",
        "description": "Venez **nombreux**.",
        "place": "Hall",
        "starts_at": (now + timedelta(days=10)).strftime(fmt),
        "ends_at": (now + timedelta(days=10, hours=5)).strftime(fmt),
        "registration_opens_at": now.strftime(fmt),
        "registration_closes_at": (now + timedelta(days=9)).strftime(fmt),
        "capacity": "300",
        "audience": "everyone",
        **changes,
    }


def test_a_recruiter_proposes_an_event_and_the_responsable_of_its_scope_publishes_it(
    client, sophie, claire, sci, mails
):
    client.force_login(sophie)
    response = client.post(reverse("events:propose"), form_data(composantes=[sci.pk]))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.organisation, event.created_by) == (
        S.SUBMITTED,
        sophie.recruiter.organisation,
        sophie,
    )
    assert "<strong>nombreux</strong>" in event.description

    client.force_login(claire)
    assert "Forum Sciences" in client.get(reverse("events:queue")).content.decode()
    client.post(reverse("events:decide", args=[event.pk]), {"decision": "publish"})
    event.refresh_from_db()
    assert event.status == S.PUBLISHED
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert "est publié" in mail.subject


def test_the_responsable_of_another_composante_gets_404_and_a_forged_decision_does_nothing(
    client, sophie, david, sci
):
    event = services.create_event(details(composantes=[sci]), acting_user=sophie)
    client.force_login(david)
    assert client.get(reverse("events:moderation", args=[event.pk])).status_code == 404
    forged = client.post(reverse("events:decide", args=[event.pk]), {"decision": "publish"})
    assert forged.status_code == 404
    assert "Présentation" not in client.get(reverse("events:queue")).content.decode()
    with pytest.raises(Event.DoesNotExist):
        services.publish_event(event.pk, acting_user=david)
    event.refresh_from_db()
    assert event.status == S.SUBMITTED


def test_an_event_of_two_composantes_is_published_once_both_responsables_approve(
    sophie, claire, david, sci, drt
):
    event = services.create_event(details(composantes=[sci, drt]), acting_user=sophie)
    services.publish_event(event.pk, acting_user=claire)
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    with pytest.raises(TransitionRefused):
        services.publish_event(event.pk, acting_user=claire)  # her part is approved already
    services.publish_event(event.pk, acting_user=david)
    event.refresh_from_db()
    assert event.status == S.PUBLISHED


def test_a_rejection_is_mailed_with_its_reason(sophie, nina, mails):
    event = services.create_event(details(), acting_user=sophie)
    services.reject_event(event.pk, acting_user=nina, reason="Date déjà prise.")
    event.refresh_from_db()
    assert event.status == S.REJECTED
    assert "Date déjà prise." in mails()[-1].text


def test_staff_create_events_within_their_scope_published_at_once(
    client, claire, sci, drt, biolab
):
    client.force_login(claire)
    response = client.post(
        reverse("events:staff_create"),
        form_data(composantes=[sci.pk], organisations=[biolab.pk]),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == S.PUBLISHED
    assert list(event.participations.values_list("organisation", "status")) == [
        (biolab.pk, Participation.Status.ACCEPTED)
    ]

    for outside in ({"composantes": [drt.pk]}, {}):  # another composante, the whole university
        page = client.post(reverse("events:staff_create"), form_data(**outside))
        assert page.status_code == 200
        assert "Votre périmètre ne couvre pas ce public" in page.content.decode()
    assert Event.objects.count() == 1


def test_a_career_adviser_creates_an_event_for_the_whole_university(nina):
    event = services.create_event(details(kind=Event.Kind.FORUM), acting_user=nina)
    assert event.status == S.PUBLISHED


def test_students_cannot_create_events(alice):
    with pytest.raises(PermissionDenied):
        services.create_event(details(), acting_user=alice)


def test_a_webinar_needs_its_link_and_an_event_ends_after_it_starts(client, nina):
    client.force_login(nina)
    page = client.post(
        reverse("events:staff_create"),
        form_data(kind="webinar", place="", ends_at=form_data()["starts_at"]),
    ).content.decode()
    assert "Un webinaire a besoin de son lien." in page
    assert "L’événement se termine après son début." in page
    assert not Event.objects.exists()


def test_the_dashboard_lists_the_events_waiting_in_scope(client, sophie, claire, sci):
    services.create_event(details(composantes=[sci]), acting_user=sophie)
    client.force_login(claire)
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "1 événement attend dans votre périmètre." in page
