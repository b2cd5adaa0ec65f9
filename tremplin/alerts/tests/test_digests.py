"""The day's job: one mail per person, in their language, idempotent; the mail leaves out
what the person may no longer open."""

from __future__ import annotations

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.alerts import services
from tremplin.alerts.models import Digest, SentOffer
from tremplin.alerts.tasks import send_alert_digests
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing

pytestmark = pytest.mark.django_db


def mail_jobs() -> int:
    return ProcrastinateJob.objects.filter(task_name="send_email").count()


def test_one_mail_per_person_with_their_offers(alice, bob, offer, search_profile, mails):
    search_profile(alice, kinds=["stage"])
    search_profile(bob, kinds=["cdi"])
    internship = offer("Stage chimiste", kind="stage")
    job = offer("CDI juriste", kind="cdi")
    assert services.send_digests() == 2
    sent = {mail.to[0]: mail for mail in mails()}
    assert set(sent) == {alice.email, bob.email}
    assert "Stage chimiste" in sent[alice.email].text
    assert "CDI juriste" not in sent[alice.email].text
    assert f"/offres/{internship.pk}/" in sent[alice.email].html
    assert f"/offres/{job.pk}/" in sent[bob.email].text
    assert "/compte/alertes/" in sent[alice.email].text  # the way to change it


def test_nobody_gets_alerts_without_opting_in_and_no_offer_is_spent_on_them(
    alice, offer, search_profile, mails
):
    search_profile(alice, consent=False)
    offer()
    assert services.send_digests() == 0
    assert mails() == [] and not SentOffer.objects.exists()


def test_an_alert_leaves_with_the_one_click_unsubscribe(alice, offer, search_profile, mails):
    search_profile(alice)
    offer()
    services.send_digests()
    [mail] = mails()
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/courriels/" in mail.headers["List-Unsubscribe"]


def test_the_job_is_idempotent(alice, offer, search_profile):
    search_profile(alice)
    offer()
    assert send_alert_digests(timestamp=0) == 1
    assert send_alert_digests(timestamp=0) == 0
    assert mail_jobs() == 1
    assert Digest.objects.count() == 1 and SentOffer.objects.count() == 1


def test_nothing_new_no_mail(alice, search_profile):
    search_profile(alice)
    assert services.send_digests() == 0
    assert mail_jobs() == 0


@pytest.mark.parametrize(
    ("language", "subject"),
    [("fr", "1 nouvelle offre pour vous"), ("en", "1 new offer for you")],
)
def test_the_mail_is_in_the_persons_language(
    alice, offer, search_profile, mails, language, subject
):
    alice.language = language
    alice.save()
    search_profile(alice)
    offer()
    services.send_digests()
    [mail] = mails()
    assert mail.subject == subject


def test_an_offer_closed_before_the_mail_leaves_is_left_out(alice, offer, search_profile, mails):
    search_profile(alice)
    kept, closed = offer("Toujours là"), offer("Pourvue entre-temps")
    services.send_digests()
    Offer.objects.filter(pk=closed.pk).update(status=Offer.Status.FILLED)
    indexing.reindex([closed.pk])
    [mail] = mails()
    assert "Toujours là" in mail.text and "Pourvue entre-temps" not in mail.text
    assert kept.pk


def test_no_mail_when_every_offer_closed(alice, offer, search_profile, mails):
    search_profile(alice)
    gone = offer()
    services.send_digests()
    Offer.objects.filter(pk=gone.pk).update(status=Offer.Status.ARCHIVED)
    indexing.reindex([gone.pk])
    assert mails() == []


def test_a_real_worker_sends_it(alice, offer, search_profile, run_jobs, smtp_server, settings):
    search_profile(alice)
    offer("Stage chimiste")
    services.send_digests()
    run_jobs()
    [message] = smtp_server.messages
    assert message["To"] == alice.email
    assert "Stage chimiste" in message.get_body(("plain",)).get_content()


def test_an_alert_the_mail_server_could_not_take_leaves_later_once_and_spends_one_mail(
    alice, offer, search_profile, run_jobs, smtp_server, settings
):
    """Each attempt of the job composes the mail again: only the first spends the
    person's budget, or a server down for three attempts would spend a budget of two and
    the mail would never leave."""
    from django.db import connection

    from tremplin.mailings.models import OptInMail, WeeklySpend

    settings.MAIL_WEEKLY_BUDGET = 2
    search_profile(alice)
    offer("Stage chimiste")
    services.send_digests()
    smtp_server.stop()
    for attempt in range(1, 4):
        run_jobs()  # connection refused: the job is scheduled again
        job = ProcrastinateJob.objects.get(task_name="send_email")
        assert (job.status, job.attempts) == ("todo", attempt)
        with connection.cursor() as cursor:  # the retry's time has come
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    smtp_server.start()
    run_jobs()
    [message] = smtp_server.messages
    assert message["To"] == alice.email
    assert WeeklySpend.objects.get(user=alice).total == 1
    assert OptInMail.objects.filter(user=alice, kind="alerts").count() == 1


def test_what_was_sent_is_forgotten_once_the_offer_cannot_come_back(alice, offer, search_profile):
    from datetime import timedelta

    from django.utils import timezone

    from tremplin.alerts.retention import KEPT_DAYS
    from tremplin.lib.retention import purge

    search_profile(alice)
    offer()
    services.send_digests()
    purge(timezone.now() + timedelta(days=KEPT_DAYS - 1))
    assert SentOffer.objects.count() == 1
    purge(timezone.now() + timedelta(days=KEPT_DAYS + 1))
    assert not Digest.objects.exists() and not SentOffer.objects.exists()
