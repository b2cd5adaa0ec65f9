"""A recruiter asks for a stand at a forum; the moderators of the forum's scope decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tremplin.events import services
from tremplin.events.models import Event, Participation

P = Participation.Status


def test_a_recruiter_asks_for_a_stand_and_a_career_adviser_accepts(
    client, sophie, nina, make_event, mails
):
    forum = make_event()
    client.force_login(sophie)
    client.post(reverse("events:ask_stand", args=[forum.pk]), {"message": "Deux personnes."})
    stand = Participation.objects.get()
    assert (stand.status, stand.message, stand.requested_by) == (
        P.REQUESTED,
        "Deux personnes.",
        sophie,
    )

    client.force_login(nina)
    assert "BioLab Auvergne" in client.get(reverse("events:stand_queue")).content.decode()
    client.post(reverse("events:stand_decide", args=[stand.pk]), {"decision": "accept"})
    stand.refresh_from_db()
    assert stand.status == P.ACCEPTED
    assert "est accepté" in mails()[-1].subject
    client.force_login(sophie)
    assert (
        "BioLab Auvergne" in client.get(reverse("events:detail", args=[forum.pk])).content.decode()
    )


def test_a_responsable_decides_the_stands_of_their_composante_only(
    client, sophie, claire, david, sci, make_event
):
    forum = make_event(composantes=[sci])
    stand = services.request_stand(forum.pk, acting_user=sophie)
    client.force_login(david)
    assert client.get(reverse("events:stand", args=[stand.pk])).status_code == 404
    assert (
        client.post(
            reverse("events:stand_decide", args=[stand.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )
    services.reject_stand(stand.pk, acting_user=claire, reason="Complet.")
    stand.refresh_from_db()
    assert stand.status == P.REJECTED


def test_stands_are_asked_at_forums_and_job_datings_only(sophie, make_event):
    presentation = make_event(kind=Event.Kind.PRESENTATION)
    with pytest.raises(services.StandNotPossible):
        services.request_stand(presentation.pk, acting_user=sophie)


def test_asking_twice_keeps_one_request(sophie, make_event):
    forum = make_event()
    first = services.request_stand(forum.pk, acting_user=sophie)
    assert services.request_stand(forum.pk, acting_user=sophie).pk == first.pk


def test_staff_of_the_scope_add_an_organisation_with_its_stand(
    client, claire, david, sci, biolab, make_event
):
    forum = make_event(composantes=[sci])
    client.force_login(david)
    url = reverse("events:organisations", args=[forum.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"organisation": biolab.pk, "stand": "B2"}).status_code == 404
    assert not Participation.objects.exists()
    client.force_login(claire)
    client.post(url, {"organisation": biolab.pk, "stand": "B2"})
    page = client.get(url).content.decode()
    assert "BioLab Auvergne" in page and "B2" in page
    assert Participation.objects.get().status == P.ACCEPTED
