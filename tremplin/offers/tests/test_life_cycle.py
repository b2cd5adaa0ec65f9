"""An offer's life: draft → submitted → published or rejected; published → expired, filled
or archived. Every move, legal and illegal, on the model, through the services and the
recruiter's pages."""

import pytest
from django.urls import reverse

from tremplin.audit.models import AuditEntry
from tremplin.moderation.models import TransitionRefused
from tremplin.offers import services
from tremplin.offers.models import Offer, OfferIndex
from tremplin.offers.search.query import Criteria, search

pytestmark = pytest.mark.django_db
S = Offer.Status

# From which statuses each move is possible, and where it leads.
LEGAL = {
    "submit": ({S.DRAFT, S.REJECTED}, S.SUBMITTED),
    "publish": ({S.SUBMITTED}, S.PUBLISHED),
    "reject": ({S.SUBMITTED}, S.REJECTED),
    "expire": ({S.PUBLISHED}, S.EXPIRED),
    "fill": ({S.PUBLISHED, S.EXPIRED}, S.FILLED),
    "archive": ({S.DRAFT, S.REJECTED, S.PUBLISHED, S.EXPIRED, S.FILLED}, S.ARCHIVED),
}


def move(offer: Offer, action: str) -> None:
    {
        "submit": lambda: offer.submit(trusted=False),
        "publish": lambda: offer.publish(by=None),
        "reject": lambda: offer.reject(by=None, reason="Offre hors du champ de l’université."),
        "expire": offer.expire,
        "fill": offer.mark_filled,
        "archive": offer.archive,
    }[action]()


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", LEGAL)
def test_an_offer_moves_only_along_its_life_cycle(action, status):
    offer = Offer(title="Stage", status=status)
    allowed, target = LEGAL[action]
    if status in allowed:
        move(offer, action)
        assert offer.status == target
    else:
        with pytest.raises(TransitionRefused) as refused:
            move(offer, action)
        assert refused.value.action == action
        assert offer.status == status


@pytest.mark.parametrize("status", S.values)
def test_a_recruiter_changes_an_offer_until_it_closes(status):
    offer = Offer(title="Stage", status=status)
    if status in {S.EXPIRED, S.FILLED, S.ARCHIVED}:
        with pytest.raises(TransitionRefused):
            offer.edited_by_recruiter()
    else:
        offer.edited_by_recruiter()
        assert offer.status == (S.SUBMITTED if status == S.PUBLISHED else status)


def test_a_rejection_needs_a_reason():
    offer = Offer(title="Stage", status=S.SUBMITTED)
    with pytest.raises(ValueError, match="reason"):
        offer.reject(by=None, reason="  ")
    assert offer.status == S.SUBMITTED


def test_submitting_again_after_a_rejection_forgets_the_reason():
    offer = Offer(title="Stage", status=S.REJECTED, rejection_reason="Pas de gratification.")
    offer.submit(trusted=False)
    assert (offer.status, offer.rejection_reason) == (S.SUBMITTED, "")


def test_the_offer_of_a_trusted_organisation_is_published_when_submitted():
    offer = Offer(title="Stage", status=S.DRAFT)
    offer.submit(trusted=True)
    assert offer.status == S.PUBLISHED
    assert offer.published_at is not None and offer.decided_by is None


# --- Through the services ------------------------------------------------------------


def found_by(user, q: str) -> list[str]:
    return [offer.title for offer in search(user, Criteria(q=q)).offers]


def test_a_recruiters_submitted_offer_waits_for_moderation(sophie, make_offer, alice):
    draft = make_offer("Stage chimiste", status=S.DRAFT)
    offer = services.submit_offer(draft.pk, acting_user=sophie)
    assert offer.status == S.SUBMITTED and offer.submitted_at
    assert not OfferIndex.objects.filter(offer=offer).exists()
    assert found_by(alice, "chimiste") == []
    assert AuditEntry.objects.get(action="offer.submitted").actor == sophie


def test_a_trusted_organisation_publishes_without_moderation(sophie, biolab, make_offer, alice):
    biolab.trusted = True
    biolab.save()
    draft = make_offer("Stage chimiste", status=S.DRAFT)
    offer = services.submit_offer(draft.pk, acting_user=sophie)
    assert offer.status == S.PUBLISHED
    assert found_by(alice, "chimiste") == ["Stage chimiste"]
    entry = AuditEntry.objects.get(action="offer.published")
    assert entry.details["trusted_organisation"] is True


def test_a_change_to_a_published_offer_goes_back_to_moderation_and_leaves_the_search(
    sophie, make_offer, alice
):
    offer = make_offer("Stage chimiste")
    assert found_by(alice, "chimiste") == ["Stage chimiste"]

    from tremplin.offers.forms import OfferForm

    form = OfferForm({**_posted(offer), "title": "Stage chimiste analytique"}, instance=offer)
    assert form.is_valid(), form.errors
    changed = services.update_offer(offer.pk, form.details(), acting_user=sophie)

    assert changed.status == S.SUBMITTED
    assert found_by(alice, "chimiste") == []
    assert not Offer.objects.visible_to(alice).filter(pk=offer.pk).exists()
    assert AuditEntry.objects.filter(action="offer.back_to_moderation").exists()


def test_a_trusted_organisations_change_stays_published_and_is_reindexed(
    sophie, biolab, make_offer, alice
):
    biolab.trusted = True
    biolab.save()
    offer = make_offer("Stage chimiste")
    from tremplin.offers.forms import OfferForm

    form = OfferForm({**_posted(offer), "title": "Stage géologue"}, instance=offer)
    assert form.is_valid(), form.errors
    changed = services.update_offer(offer.pk, form.details(), acting_user=sophie)
    assert changed.status == S.PUBLISHED
    assert found_by(alice, "géologue") == ["Stage géologue"]
    assert found_by(alice, "chimiste") == []


@pytest.mark.parametrize(
    ("verb", "status"),
    [(services.mark_offer_filled, S.FILLED), (services.archive_offer, S.ARCHIVED)],
    ids=["filled", "archived"],
)
def test_a_filled_or_archived_offer_leaves_the_search(sophie, make_offer, alice, verb, status):
    offer = make_offer("Stage chimiste")
    closed = verb(offer.pk, acting_user=sophie)
    assert closed.status == status
    assert found_by(alice, "chimiste") == []
    assert not OfferIndex.objects.filter(offer=offer).exists()


def test_a_recruiter_cannot_move_another_organisations_offer(marc, make_offer):
    offer = make_offer("Stage chimiste", status=S.DRAFT)
    with pytest.raises(Offer.DoesNotExist):
        services.submit_offer(offer.pk, acting_user=marc)
    with pytest.raises(Offer.DoesNotExist):
        services.archive_offer(offer.pk, acting_user=marc)
    offer.refresh_from_db()
    assert offer.status == S.DRAFT


# --- Through the recruiter's pages ---------------------------------------------------


def _posted(offer: Offer) -> dict:
    """The offer form as the browser posts it back unchanged."""
    return {
        "title": offer.title,
        "kind": offer.kind,
        "description": offer.description,
        "candidate_sought": offer.candidate_sought,
        "city": offer.city,
        "postcode": offer.postcode,
        "country": offer.country,
        "remote": offer.remote,
        "level": offer.level,
        "domain": offer.domain,
        "apply_by": offer.apply_by,
        "audience": offer.audience,
        "duration_months": offer.duration_months or "",
        "publish_from": offer.publish_from.date().isoformat(),
        "publish_until": offer.publish_until.date().isoformat(),
    }


@pytest.mark.parametrize(
    ("status", "url_name", "after"),
    [
        (S.DRAFT, "offers:submit", S.SUBMITTED),
        (S.REJECTED, "offers:submit", S.SUBMITTED),
        (S.PUBLISHED, "offers:fill", S.FILLED),
        (S.EXPIRED, "offers:fill", S.FILLED),
        (S.PUBLISHED, "offers:archive", S.ARCHIVED),
        (S.DRAFT, "offers:archive", S.ARCHIVED),
    ],
)
def test_the_recruiter_moves_their_offer_from_their_list(
    client, sophie, make_offer, status, url_name, after
):
    offer = make_offer("Stage chimiste", status=status)
    client.force_login(sophie)
    response = client.post(reverse(url_name, args=[offer.pk]))
    assert response["Location"] == reverse("offers:recruiter_offers")
    offer.refresh_from_db()
    assert offer.status == after


@pytest.mark.parametrize(
    ("status", "url_name"),
    [
        (S.SUBMITTED, "offers:submit"),
        (S.PUBLISHED, "offers:submit"),
        (S.DRAFT, "offers:fill"),
        (S.SUBMITTED, "offers:fill"),
        (S.SUBMITTED, "offers:archive"),
        (S.ARCHIVED, "offers:archive"),
    ],
)
def test_an_illegal_move_from_the_list_changes_nothing_and_says_why(
    client, sophie, make_offer, status, url_name
):
    offer = make_offer("Stage chimiste", status=status)
    client.force_login(sophie)
    page = client.post(reverse(url_name, args=[offer.pk]), follow=True).content.decode()
    offer.refresh_from_db()
    assert offer.status == status
    assert "Impossible pour « Stage chimiste »" in page


def test_the_list_offers_only_the_possible_moves(client, sophie, make_offer):
    make_offer("Stage brouillon", status=S.DRAFT)
    make_offer("Stage publié")
    make_offer("Stage archivé", status=S.ARCHIVED)
    client.force_login(sophie)
    page = client.get(reverse("offers:recruiter_offers")).content.decode()
    assert 'Soumettre<span class="visually-hidden"> — Stage brouillon' in page
    assert 'Marquer comme pourvue<span class="visually-hidden"> — Stage publié' in page
    assert "— Stage archivé</span></button>" not in page
    assert 'Modifier<span class="visually-hidden"> — Stage archivé' not in page


def test_another_organisations_recruiter_gets_404_on_every_move(client, marc, make_offer):
    offer = make_offer("Stage chimiste", status=S.DRAFT)
    client.force_login(marc)
    for name in ("offers:submit", "offers:fill", "offers:archive", "offers:edit"):
        assert client.post(reverse(name, args=[offer.pk])).status_code == 404
    assert offer.title not in client.get(reverse("offers:recruiter_offers")).content.decode()
