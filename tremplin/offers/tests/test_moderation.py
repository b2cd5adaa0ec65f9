"""Moderators publish or reject the submitted offers of their scope: administrators and
career advisers all of them, a responsable those aimed at their composante or VETs.
Everybody else gets a 404. Every decision is logged; the recruiter is told."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.audit.models import AuditEntry
from tremplin.moderation.models import TransitionRefused
from tremplin.offers import services
from tremplin.offers.models import Offer

pytestmark = pytest.mark.django_db
S = Offer.Status
Role = RoleAssignment.Role


@pytest.fixture
def for_sci(make_offer, sci):
    return make_offer("Stage en laboratoire SCI", status=S.SUBMITTED, composantes=[sci])


@pytest.fixture
def for_drt(make_offer, drt):
    return make_offer("Stage juriste DRT", status=S.SUBMITTED, composantes=[drt])


@pytest.fixture
def for_everybody(make_offer):
    return make_offer("Stage pour tous", status=S.SUBMITTED)


def titles(client) -> str:
    return client.get(reverse("offers:queue")).content.decode()


def test_a_career_adviser_moderates_every_offer(client, nina, for_sci, for_drt, for_everybody):
    client.force_login(nina)
    page = titles(client)
    assert "Stage en laboratoire SCI" in page and "Stage juriste DRT" in page
    assert "Stage pour tous" in page
    for offer in (for_sci, for_drt, for_everybody):
        assert client.get(reverse("offers:moderation", args=[offer.pk])).status_code == 200


def test_an_administrator_moderates_every_offer(client, admin, for_sci, for_drt):
    client.force_login(admin)
    page = titles(client)
    assert "Stage en laboratoire SCI" in page and "Stage juriste DRT" in page


def test_the_queue_lists_the_oldest_first_and_only_what_waits(client, nina, make_offer):
    now = timezone.now()
    make_offer("Stage récent", status=S.SUBMITTED, submitted_at=now - timedelta(hours=1))
    make_offer("Stage ancien", status=S.SUBMITTED, submitted_at=now - timedelta(days=3))
    make_offer("Stage déjà publié")
    make_offer("Stage brouillon", status=S.DRAFT)
    client.force_login(nina)
    page = titles(client)
    assert page.index("Stage ancien") < page.index("Stage récent")
    assert "Stage déjà publié" not in page and "Stage brouillon" not in page


def test_a_responsable_moderates_the_offers_aimed_at_their_composante_only(
    client, claire, for_sci, for_drt, for_everybody
):
    client.force_login(claire)
    page = titles(client)
    assert "Stage en laboratoire SCI" in page
    assert "Stage juriste DRT" not in page and "Stage pour tous" not in page
    assert client.get(reverse("offers:moderation", args=[for_sci.pk])).status_code == 200
    for offer in (for_drt, for_everybody):
        assert client.get(reverse("offers:moderation", args=[offer.pk])).status_code == 404
        response = client.post(reverse("offers:decide", args=[offer.pk]), {"decision": "publish"})
        assert response.status_code == 404
        offer.refresh_from_db()
        assert offer.status == S.SUBMITTED


def test_a_responsable_composante_covers_the_offers_aimed_at_its_vets(client, claire, make_offer):
    offer = make_offer(
        "Stage L3 informatique", status=S.SUBMITTED, vets=[testing.vet("L3INF", "SCI")]
    )
    client.force_login(claire)
    assert "Stage L3 informatique" in titles(client)
    assert client.get(reverse("offers:moderation", args=[offer.pk])).status_code == 200


def test_a_responsable_vet_moderates_the_offers_aimed_at_their_vet(client, make_offer, for_sci):
    l3inf = testing.vet("L3INF", "SCI")
    marc = testing.staff("marc.resp", (Role.VET_MANAGER, l3inf))
    offer = make_offer("Stage L3 informatique", status=S.SUBMITTED, vets=[l3inf])
    client.force_login(marc)
    page = titles(client)
    assert "Stage L3 informatique" in page and "Stage en laboratoire SCI" not in page
    assert client.get(reverse("offers:moderation", args=[offer.pk])).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        lambda: testing.staff("sans.role"),
        lambda: testing.recruiter("rh@ailleurs.example"),
        lambda: testing.student("alice.martin"),
    ],
    ids=["staff-without-role", "recruiter", "student"],
)
def test_nobody_else_sees_or_decides_the_moderation(client, for_sci, persona):
    client.force_login(persona())
    assert client.get(reverse("offers:queue")).status_code == 404
    assert client.get(reverse("offers:moderation", args=[for_sci.pk])).status_code == 404
    assert (
        client.post(
            reverse("offers:decide", args=[for_sci.pk]), {"decision": "publish"}
        ).status_code
        == 404
    )
    assert client.get(reverse("offers:staff_create")).status_code == 404
    for_sci.refresh_from_db()
    assert for_sci.status == S.SUBMITTED


def test_publishing_puts_the_offer_in_the_search_logs_it_and_tells_the_recruiter(
    client, nina, sophie, for_everybody, alice, mails
):
    client.force_login(nina)
    response = client.post(
        reverse("offers:decide", args=[for_everybody.pk]),
        {"decision": "publish"},
        REMOTE_ADDR="192.0.2.3",
    )
    assert response["Location"] == reverse("offers:queue")
    for_everybody.refresh_from_db()
    assert (for_everybody.status, for_everybody.decided_by) == (S.PUBLISHED, nina)
    assert Offer.objects.visible_to(alice).filter(pk=for_everybody.pk).exists()
    entry = AuditEntry.objects.get(action="offer.published")
    assert (entry.actor, entry.target_id, entry.ip_address) == (
        nina,
        str(for_everybody.pk),
        "192.0.2.3",
    )
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert mail.subject == "Votre offre « Stage pour tous » est publiée"
    assert "Bonjour Sophie," in mail.text
    assert f"/offres/{for_everybody.pk}/" in mail.text


def test_rejecting_needs_a_reason_which_is_logged_and_mailed(
    client, nina, sophie, for_everybody, mails
):
    client.force_login(nina)
    url = reverse("offers:decide", args=[for_everybody.pk])
    client.post(url, {"decision": "reject", "reason": ""})
    for_everybody.refresh_from_db()
    assert for_everybody.status == S.SUBMITTED
    assert mails() == []

    client.post(url, {"decision": "reject", "reason": "La gratification légale manque."})
    for_everybody.refresh_from_db()
    assert for_everybody.status == S.REJECTED
    assert for_everybody.rejection_reason == "La gratification légale manque."
    entry = AuditEntry.objects.get(action="offer.rejected")
    assert entry.details["reason"] == "La gratification légale manque."
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert mail.subject == "Votre offre « Stage pour tous » n’a pas été publiée"
    assert "La gratification légale manque." in mail.text
    assert "La gratification légale manque." in mail.html
    assert f"/recruteurs/offres/{for_everybody.pk}/modifier/" in mail.text


def test_the_rejection_mail_speaks_english_to_an_english_recruiter(
    nina, biolab, make_offer, mails
):
    testing.recruiter(
        "tom@biolab.example", organisation_of=biolab, language="en", first_name="Tom"
    )
    offer = make_offer("Lab internship", status=S.SUBMITTED)
    services.reject_offer(offer.pk, acting_user=nina, reason="No stipend.")
    [mail] = mails()
    assert mail.subject == "Your offer “Lab internship” was not published"
    assert "Hello Tom," in mail.text and "No stipend." in mail.text


def test_the_second_moderator_to_decide_is_told_it_is_decided(client, nina, admin, for_everybody):
    services.publish_offer(for_everybody.pk, acting_user=admin)
    client.force_login(nina)
    page = client.post(
        reverse("offers:decide", args=[for_everybody.pk]),
        {"decision": "reject", "reason": "Doublon."},
        follow=True,
    ).content.decode()
    assert "Cette offre n’attend plus de modération : son état est « Publiée »." in page
    for_everybody.refresh_from_db()
    assert for_everybody.status == S.PUBLISHED
    with pytest.raises(TransitionRefused):
        services.publish_offer(for_everybody.pk, acting_user=nina)


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_the_second_waits_then_is_told(nina, admin, make_offer):
    offer = make_offer("Stage pour tous", status=S.SUBMITTED)

    with transaction.atomic():
        services.publish_offer(offer.pk, acting_user=admin)  # Paul holds the row…
        second = testing.Contender(
            lambda: services.reject_offer(offer.pk, acting_user=nina, reason="Doublon.")
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # …Nina waits to read it
    second.join()

    assert isinstance(second.error, TransitionRefused)
    assert second.error.obj.status == S.PUBLISHED
    offer.refresh_from_db()
    assert (offer.status, offer.decided_by, offer.rejection_reason) == (S.PUBLISHED, admin, "")
    assert not AuditEntry.objects.filter(action="offer.rejected").exists()


def test_the_dashboard_counts_the_offers_waiting_in_scope(client, claire, for_sci, for_drt):
    client.force_login(claire)
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Offres à modérer" in page
    assert "1 offre attend dans votre périmètre." in page


# --- Staff post offers for organisations ----------------------------------------------


def test_a_career_adviser_posts_an_offer_for_an_organisation_published_at_once(
    client, nina, biolab, sophie, alice, mails, staff_offer
):
    client.force_login(nina)
    response = client.post(reverse("offers:staff_create"), staff_offer(biolab, domain="sante"))
    offer = Offer.objects.get()
    assert response["Location"] == reverse("offers:moderation", args=[offer.pk])
    assert (offer.organisation, offer.status, offer.decided_by) == (biolab, S.PUBLISHED, nina)
    assert offer.created_by == nina
    assert offer.description == "<p>Accueillir les entreprises au <strong>forum</strong>.</p>"
    assert Offer.objects.visible_to(alice).filter(pk=offer.pk).exists()
    assert list(
        AuditEntry.objects.filter(target_id=str(offer.pk))
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "offer.created",
        "offer.submitted",
        "offer.published",
    ]
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert mail.subject == "Votre offre « Job étudiant : accueil du forum » est publiée"


def test_a_responsables_offer_outside_their_scope_goes_to_the_other_moderators(
    client, claire, biolab, staff_offer
):
    client.force_login(claire)
    client.post(reverse("offers:staff_create"), staff_offer(biolab, domain="sante"))
    offer = Offer.objects.get()
    assert offer.status == S.SUBMITTED  # aimed at everybody: not Claire's scope alone


# --- Trusted organisations ------------------------------------------------------------


def test_an_administrator_trusts_an_organisation_from_an_offer_and_it_is_logged(
    client, admin, biolab, for_everybody
):
    testing.signed_in_administrator(client, admin)
    page = client.get(reverse("offers:moderation", args=[for_everybody.pk])).content.decode()
    assert "Faire confiance à cette organisation" in page
    url = reverse("recruiters:trust", args=[biolab.pk])
    back = reverse("offers:moderation", args=[for_everybody.pk])
    response = client.post(url, {"trusted": "on", "next": back})
    assert response["Location"] == back
    biolab.refresh_from_db()
    assert biolab.trusted
    assert AuditEntry.objects.get(action="organisation.trusted").actor == admin

    client.post(url, {"trusted": "off", "next": back})
    biolab.refresh_from_db()
    assert not biolab.trusted
    assert AuditEntry.objects.filter(action="organisation.untrusted").count() == 1


def test_only_administrators_trust_organisations(client, nina, biolab, for_everybody):
    client.force_login(nina)
    page = client.get(reverse("offers:moderation", args=[for_everybody.pk])).content.decode()
    assert "Faire confiance" not in page
    response = client.post(reverse("recruiters:trust", args=[biolab.pk]), {"trusted": "on"})
    assert response.status_code == 404
    biolab.refresh_from_db()
    assert not biolab.trusted
