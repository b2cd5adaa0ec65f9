"""A scoped moderator publishes only what lies entirely in their scope; the rest of an
offer's audience waits for its own moderators, each approving their part. Staff writing an
offer for an organisation never borrow its trust. (Security review, issue 10, hole 1.)

Claire is responsable of SCI, David of DRT, marc.resp of the VET L3INF (of SCI); Nina is a
career adviser. The attacks are tried through the pages and by calling the services
directly."""

import pytest
from django.db import transaction
from django.urls import reverse

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.moderation.models import TransitionRefused
from tremplin.offers import services
from tremplin.offers.models import Offer, OfferApproval

pytestmark = pytest.mark.django_db
S = Offer.Status


@pytest.fixture
def trusted(biolab):
    biolab.trusted = True
    biolab.save()
    return biolab


@pytest.fixture
def for_sci_and_drt(make_offer, sci, drt):
    return make_offer("Stage juriste en laboratoire", status=S.SUBMITTED, composantes=[sci, drt])


def queue(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("offers:queue")).content.decode()


def publish(client, user, offer):
    client.force_login(user)
    return client.post(
        reverse("offers:decide", args=[offer.pk]), {"decision": "publish"}, follow=True
    )


# --- Staff never use an organisation's trust ----------------------------------------------


def test_a_responsables_offer_for_a_trusted_organisation_waits_for_moderation(
    client, claire, trusted, staff_offer, alice, bob
):
    client.force_login(claire)
    client.post(reverse("offers:staff_create"), staff_offer(trusted))
    offer = Offer.objects.get()
    assert offer.status == S.SUBMITTED  # aimed at the whole university: not Claire's alone
    assert not Offer.objects.visible_to(bob).exists()
    assert not AuditEntry.objects.filter(action="offer.published").exists()


def test_the_service_gives_a_responsable_no_trust_either(claire, trusted, offer_details, bob):
    offer = services.create_offer(offer_details(), acting_user=claire, organisation=trusted)
    assert offer.status == S.SUBMITTED
    assert not Offer.objects.visible_to(bob).exists()


def test_a_responsables_offer_for_their_composante_is_published_trusted_or_not(
    claire, trusted, sci, offer_details, alice
):
    offer = services.create_offer(
        offer_details(composantes=[sci]), acting_user=claire, organisation=trusted
    )
    assert (offer.status, offer.decided_by) == (S.PUBLISHED, claire)
    assert Offer.objects.visible_to(alice).filter(pk=offer.pk).exists()


def test_the_organisations_own_recruiters_keep_its_trust(sophie, trusted, offer_details):
    offer = services.create_offer(offer_details(), acting_user=sophie, submit=True)
    assert offer.status == S.PUBLISHED


# --- An offer reaching beyond the moderator's scope ---------------------------------------


def test_a_responsables_offer_for_their_composante_and_another_waits_for_the_other(
    client, claire, david, biolab, sci, drt, staff_offer, bob
):
    client.force_login(claire)
    response = client.post(
        reverse("offers:staff_create"),
        staff_offer(biolab, composantes=[sci.pk, drt.pk]),
        follow=True,
    )
    offer = Offer.objects.get()
    assert offer.status == S.SUBMITTED
    assert not Offer.objects.visible_to(bob).exists()
    assert [a.part.composante for a in offer.approvals.all()] == [sci]
    assert (
        "attend l’approbation des modérateurs de : Faculté de Droit" in response.content.decode()
    )
    assert offer.title not in queue(client, claire)
    assert offer.title in queue(client, david)


def test_a_responsable_cannot_publish_an_offer_aimed_at_another_composante_too(
    client, claire, for_sci_and_drt, bob
):
    response = publish(client, claire, for_sci_and_drt)
    for_sci_and_drt.refresh_from_db()
    assert for_sci_and_drt.status == S.SUBMITTED
    assert not Offer.objects.visible_to(bob).exists()
    page = response.content.decode()
    assert "attend l’approbation des modérateurs de : Faculté de Droit" in page


def test_nor_through_the_service(claire, for_sci_and_drt, mails):
    offer = services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    assert offer.status == S.SUBMITTED
    assert mails() == []
    with pytest.raises(TransitionRefused):  # her part is approved: nothing left for her
        services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    assert OfferApproval.objects.count() == 1


def test_a_responsable_cannot_publish_an_offer_for_the_whole_university(
    client, claire, make_offer, offer_details
):
    everybody = make_offer("Stage pour tous", status=S.SUBMITTED)
    client.force_login(claire)
    assert client.get(reverse("offers:moderation", args=[everybody.pk])).status_code == 404
    with pytest.raises(Offer.DoesNotExist):
        services.publish_offer(everybody.pk, acting_user=claire)
    everybody.refresh_from_db()
    assert everybody.status == S.SUBMITTED


def test_one_part_approved_then_the_other_publishes_it(
    client, claire, david, sophie, for_sci_and_drt, alice, bob, mails
):
    publish(client, claire, for_sci_and_drt)
    entry = AuditEntry.objects.get(action="offer.part_approved")
    assert (entry.actor, entry.details["parts"], entry.details["waiting"]) == (
        claire,
        ["UFR Sciences et Techniques"],
        ["Faculté de Droit"],
    )
    assert for_sci_and_drt.title not in queue(client, claire)

    page = client.get(reverse("offers:moderation", args=[for_sci_and_drt.pk])).content.decode()
    assert f"approuvée</span> par {claire}" in page
    assert "Publier" not in page  # nothing left for Claire but to reject
    client.force_login(david)
    page = client.get(reverse("offers:moderation", args=[for_sci_and_drt.pk])).content.decode()
    assert ">Publier</button>" in page  # David's approval completes it

    publish(client, david, for_sci_and_drt)
    for_sci_and_drt.refresh_from_db()
    assert (for_sci_and_drt.status, for_sci_and_drt.decided_by) == (S.PUBLISHED, david)
    assert Offer.objects.visible_to(alice).exists() and Offer.objects.visible_to(bob).exists()
    [mail] = mails()
    assert mail.to == [sophie.email]


@pytest.mark.django_db(transaction=True)
def test_two_scopes_approving_at_once_the_second_waits_then_completes_it(
    claire, david, sophie, for_sci_and_drt, mails
):
    with transaction.atomic():
        services.publish_offer(for_sci_and_drt.pk, acting_user=claire)  # SCI, row locked…
        second = testing.Contender(
            lambda: services.publish_offer(for_sci_and_drt.pk, acting_user=david)
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # …David waits to read it
    second.join()

    assert second.error is None  # he read Claire's approval: his completes the offer
    for_sci_and_drt.refresh_from_db()
    assert (for_sci_and_drt.status, for_sci_and_drt.decided_by) == (S.PUBLISHED, david)
    approvals = {(a.approved_by, a.part.composante.code) for a in for_sci_and_drt.approvals.all()}
    assert approvals == {(claire, "SCI"), (david, "DRT")}
    [mail] = mails()  # published once
    assert mail.to == [sophie.email]


def test_a_responsable_vet_publishes_only_what_is_aimed_at_their_vet(
    client, marc_resp, david, l3inf, m1dpr, make_offer, alice, bob
):
    own = make_offer("Stage L3 informatique", status=S.SUBMITTED, vets=[l3inf])
    services.publish_offer(own.pk, acting_user=marc_resp)
    own.refresh_from_db()
    assert own.status == S.PUBLISHED

    both = make_offer("Stage L3 et M1", status=S.SUBMITTED, vets=[l3inf, m1dpr])
    page = publish(client, marc_resp, both).content.decode()
    both.refresh_from_db()
    assert both.status == S.SUBMITTED
    assert "M1DPR" in page
    services.publish_offer(both.pk, acting_user=david)  # M1DPR is a VET of DRT
    both.refresh_from_db()
    assert (both.status, both.decided_by) == (S.PUBLISHED, david)


def test_a_responsable_vet_does_not_cover_their_composante(
    client, marc_resp, claire, sci, l3inf, make_offer
):
    offer = make_offer("Stage SCI et L3", status=S.SUBMITTED, composantes=[sci], vets=[l3inf])
    services.publish_offer(offer.pk, acting_user=marc_resp)
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED
    assert offer.title in queue(client, claire)
    services.publish_offer(offer.pk, acting_user=claire)
    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED


def test_a_responsable_composante_covers_the_vets_of_their_composante(
    claire, sci, l3inf, make_offer
):
    offer = make_offer("Stage SCI et L3", status=S.SUBMITTED, composantes=[sci], vets=[l3inf])
    services.publish_offer(offer.pk, acting_user=claire)
    offer.refresh_from_db()
    assert (offer.status, offer.decided_by) == (S.PUBLISHED, claire)


def test_a_career_adviser_publishes_a_partly_approved_offer(claire, nina, for_sci_and_drt):
    services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    services.publish_offer(for_sci_and_drt.pk, acting_user=nina)
    for_sci_and_drt.refresh_from_db()
    assert (for_sci_and_drt.status, for_sci_and_drt.decided_by) == (S.PUBLISHED, nina)


def test_any_moderator_in_scope_rejects_the_whole_offer(claire, david, for_sci_and_drt, mails):
    services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    services.reject_offer(for_sci_and_drt.pk, acting_user=david, reason="Pas pour la DRT.")
    for_sci_and_drt.refresh_from_db()
    assert (for_sci_and_drt.status, for_sci_and_drt.rejection_reason) == (
        S.REJECTED,
        "Pas pour la DRT.",
    )


def test_a_change_by_the_recruiter_takes_back_the_approvals(
    client, claire, sophie, sci, drt, for_sci_and_drt, offer_details
):
    services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    services.update_offer(
        for_sci_and_drt.pk,
        offer_details(title="Stage juriste (modifié)", composantes=[sci, drt]),
        acting_user=sophie,
    )
    assert not for_sci_and_drt.approvals.exists()
    assert "Stage juriste (modifié)" in queue(client, claire)


def test_submitting_again_after_a_rejection_starts_the_approvals_afresh(
    claire, david, sophie, for_sci_and_drt
):
    services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    services.reject_offer(for_sci_and_drt.pk, acting_user=david, reason="Incomplet.")
    services.submit_offer(for_sci_and_drt.pk, acting_user=sophie)
    assert not for_sci_and_drt.approvals.exists()
    services.publish_offer(for_sci_and_drt.pk, acting_user=david)
    for_sci_and_drt.refresh_from_db()
    assert for_sci_and_drt.status == S.SUBMITTED  # Claire's part waits again


def test_the_dashboard_counts_only_the_offers_waiting_for_the_moderators_part(
    client, claire, david, for_sci_and_drt
):
    services.publish_offer(for_sci_and_drt.pk, acting_user=claire)
    client.force_login(claire)
    assert "0 offre attend" in client.get(reverse("backoffice:dashboard")).content.decode()
    client.force_login(david)
    assert "1 offre attend" in client.get(reverse("backoffice:dashboard")).content.decode()
