"""Offers past their window expire by an hourly job; recruiters are reminded 7 days before.
Both jobs are idempotent: running them twice mails once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from procrastinate.contrib.django import app

from tremplin.audit.models import AuditEntry
from tremplin.offers import services, tasks
from tremplin.offers.models import Offer, OfferIndex

pytestmark = pytest.mark.django_db
S = Offer.Status


@pytest.fixture
def now():
    return timezone.now()


def test_an_offer_past_its_window_expires_leaves_the_search_and_its_recruiter_is_told(
    make_offer, sophie, alice, now, mails
):
    ended = make_offer("Stage terminé", publish_until=now - timedelta(minutes=5))
    running = make_offer("Stage en cours", publish_until=now + timedelta(days=20))

    assert services.expire_due_offers(now=now) == 1

    ended.refresh_from_db()
    running.refresh_from_db()
    assert (ended.status, running.status) == (S.EXPIRED, S.PUBLISHED)
    assert not OfferIndex.objects.filter(offer=ended).exists()
    assert OfferIndex.objects.filter(offer=running).exists()
    assert AuditEntry.objects.get(action="offer.expired").actor_label == "system"
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert mail.subject == "Votre offre « Stage terminé » a expiré"
    assert "n’apparaît plus dans la recherche" in mail.text


def test_expiring_twice_expires_and_mails_once(make_offer, sophie, now, mails):
    make_offer("Stage terminé", publish_until=now - timedelta(hours=2))
    assert services.expire_due_offers(now=now) == 1
    assert services.expire_due_offers(now=now) == 0
    assert len(mails()) == 1


def test_only_published_offers_expire(make_offer, now):
    for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.FILLED, S.ARCHIVED):
        make_offer(f"Stage {status}", status=status, publish_until=now - timedelta(days=1))
    assert services.expire_due_offers(now=now) == 0
    assert not Offer.objects.filter(status=S.EXPIRED).exists()


def test_the_recruiter_is_reminded_once_seven_days_before_the_end(make_offer, sophie, now, mails):
    soon = make_offer("Stage bientôt fini", publish_until=now + timedelta(days=6, hours=20))
    make_offer("Stage loin de la fin", publish_until=now + timedelta(days=8))

    assert services.remind_expiring_offers(now=now) == 1
    assert services.remind_expiring_offers(now=now) == 0
    assert services.remind_expiring_offers(now=now + timedelta(hours=1)) == 0

    soon.refresh_from_db()
    assert soon.expiry_reminder_sent_at == now
    [mail] = mails()
    assert mail.to == [sophie.email]
    assert mail.subject == "Votre offre « Stage bientôt fini » se termine dans 7 jours"
    assert f"/recruteurs/offres/{soon.pk}/modifier/" in mail.text


def test_a_republished_offer_is_reminded_again(make_offer, sophie, now, nina, mails):
    offer = make_offer("Stage", publish_until=now + timedelta(days=3))
    services.remind_expiring_offers(now=now)
    offer.refresh_from_db()
    offer.status = S.SUBMITTED  # the recruiter changed it; a moderator publishes it again
    offer.save()
    services.publish_offer(offer.pk, acting_user=nina)
    assert services.remind_expiring_offers(now=now) == 1


def test_the_jobs_run_every_hour_from_the_worker(make_offer, sophie, now, mails):
    periodic = {name for name, _id in app.periodic_registry.periodic_tasks}
    assert {"expire_offers", "remind_expiring_offers", "age_offer_index"} <= periodic
    make_offer("Stage terminé", publish_until=now - timedelta(minutes=1))
    make_offer("Stage bientôt fini", publish_until=now + timedelta(days=2))
    assert tasks.expire_offers(timestamp=int(now.timestamp())) == 1
    assert tasks.remind_expiring_offers(timestamp=int(now.timestamp())) == 1
    assert tasks.expire_offers(timestamp=int(now.timestamp())) == 0
    assert len(mails()) == 2
    make_offer("Stage publié il y a trois semaines", published_at=now - timedelta(days=21))
    OfferIndex.objects.update(recent=True)  # written before the two weeks had passed
    assert tasks.age_offer_index(timestamp=int(now.timestamp())) == 1
