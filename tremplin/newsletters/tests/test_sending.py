"""Scheduling and sending: the worker sends in batches, each mail in its recipient's
language with the unsubscribe headers, within the weekly budget, and a retried batch
never sends a mail twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin import testing
from tremplin.mailings import services as mailings
from tremplin.mailings.models import MailKind
from tremplin.mailings.tests.conftest import RefusingSmtpServer
from tremplin.newsletters import services
from tremplin.newsletters.models import Delivery, Newsletter

ENGLISH = {"subject_en": "Job fair", "body_en": "The **fair** is on Thursday."}


def started(newsletter, writer):
    services.schedule(newsletter, timezone.now(), acting_user=writer)
    assert services.start(newsletter.pk) == 1
    newsletter.refresh_from_db()
    return newsletter


def batch_of(newsletter) -> list[int]:
    return list(newsletter.deliveries.order_by("pk").values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_sent_now_through_the_worker(people, paul, make_newsletter, smtp_server, run_jobs, sci):
    alice, _bob, gaelle, _hugo = people
    newsletter = make_newsletter(paul, composantes=[sci], **ENGLISH)
    services.schedule(newsletter, timezone.now(), acting_user=paul)
    run_jobs()
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT and newsletter.sent_at
    received = {m["To"]: m for m in smtp_server.messages}
    assert set(received) == {alice.email, gaelle.email}  # Bob is of DRT, Hugo did not opt in
    assert received[alice.email]["Subject"] == "Forum des métiers"
    assert received[gaelle.email]["Subject"] == "Job fair"  # she reads English
    assert "The <strong>fair</strong>" in received[gaelle.email].get_body(("html",)).get_content()
    for message in received.values():
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/desabonnement/newsletters/" in message["List-Unsubscribe"]
    text = received[alice.email].get_body(("plain",)).get_content()
    assert mailings.preferences_url(alice) in text
    assert reverse("newsletters:received", args=[newsletter.pk]) in text
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2


@pytest.mark.django_db
def test_batches_are_of_the_size_set(people, paul, make_newsletter, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for n in range(3):
        person = testing.student(f"extra{n}", composante_code="SCI")
        mailings.set_consents(person, [MailKind.NEWSLETTERS], acting_user=person)
    started(make_newsletter(paul), paul)
    jobs = ProcrastinateJob.objects.filter(task_name="send_newsletter_batch").order_by("id")
    assert [len(job.args["deliveries"]) for job in jobs] == [2, 2, 2]  # 6 recipients


@pytest.mark.django_db
def test_a_retried_batch_sends_nothing_twice(people, paul, make_newsletter, mailoutbox):
    newsletter = started(make_newsletter(paul), paul)
    ids = batch_of(newsletter)
    assert services.send_batch(newsletter.pk, ids) == 3
    assert services.send_batch(newsletter.pk, ids) == 0
    assert services.start(newsletter.pk) == 0  # started once
    assert len(mailoutbox) == 3
    assert Delivery.objects.filter(newsletter=newsletter).count() == 3


@pytest.mark.django_db
def test_the_mail_server_failing_midway(people, paul, make_newsletter, settings):
    """The server answers "try later" for one recipient: the job fails after the mails
    already sent, which its retry does not send again."""
    server = RefusingSmtpServer()
    server.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        newsletter = started(make_newsletter(paul), paul)
        ids = batch_of(newsletter)
        order = [Delivery.objects.get(pk=pk).user.email for pk in ids]
        server.busy.add(order[1])
        with pytest.raises(Exception, match="busy"):
            services.send_batch(newsletter.pk, ids)
        assert [m["To"] for m in server.messages] == [order[0]]
        server.busy.clear()
        assert services.send_batch(newsletter.pk, ids) == 2  # the retry
        assert sorted(m["To"] for m in server.messages) == sorted(order)
        newsletter.refresh_from_db()
        assert newsletter.status == Newsletter.Status.SENT
    finally:
        server.stop()


@pytest.mark.django_db
def test_the_weekly_budget_and_consent_are_checked_when_it_leaves(
    people, paul, make_newsletter, mailoutbox, settings
):
    alice, bob, gaelle, _ = people
    settings.MAIL_WEEKLY_BUDGET, settings.MAIL_BUDGET_RESERVED_FOR_ALERTS = 3, 1
    mailings.spend(alice, MailKind.EVENT_NEWS)
    mailings.spend(alice, MailKind.EVENT_NEWS)  # her newsletters' share is spent
    newsletter = started(make_newsletter(paul), paul)
    mailings.set_consents(bob, [], acting_user=bob)  # changed his mind meanwhile
    services.send_batch(newsletter.pk, batch_of(newsletter))
    assert [m.to for m in mailoutbox] == [[gaelle.email]]
    reasons = dict(newsletter.deliveries.values_list("user__email", "reason"))
    assert reasons == {alice.email: "budget", bob.email: "consent", gaelle.email: ""}
    assert mailings.budget_left(gaelle, MailKind.NEWSLETTERS) == 1


@pytest.mark.django_db
def test_the_periodic_job_starts_what_is_due_once(people, paul, make_newsletter):
    later = make_newsletter(paul)
    services.schedule(later, timezone.now() + timedelta(hours=2), acting_user=paul)
    assert services.start_due() == 0
    assert services.start_due(timezone.now() + timedelta(hours=3)) == 0  # not before its time
    Newsletter.objects.filter(pk=later.pk).update(send_at=timezone.now() - timedelta(minutes=1))
    assert services.start_due() == 1
    assert services.start_due() == 0
    later.refresh_from_db()
    assert later.status == Newsletter.Status.SENDING


@pytest.mark.django_db
def test_a_newsletter_put_back_to_draft_does_not_leave(people, paul, make_newsletter, client):
    newsletter = make_newsletter(paul)
    testing.signed_in_administrator(client, paul)
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("newsletters:schedule", args=[newsletter.pk]), {"send_at": when}
    )
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SCHEDULED
    client.post(reverse("newsletters:unschedule", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.DRAFT
    Newsletter.objects.filter(pk=newsletter.pk).update(send_at=timezone.now())
    assert services.start_due() == 0


@pytest.mark.django_db
def test_a_moment_past_is_refused_and_send_now_starts_at_once(paul, make_newsletter, client):
    newsletter = make_newsletter(paul)
    testing.signed_in_administrator(client, paul)
    url = reverse("newsletters:schedule", args=[newsletter.pk])
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"send_at": past}).status_code == 400
    assert client.post(url, {"send_at": ""}).status_code == 400
    assert client.post(url, {"now": "1"}).status_code == 302
    assert ProcrastinateJob.objects.filter(task_name="start_newsletter").count() == 1
