"""The worker's side: every minute, the scheduled newsletters whose time has come start;
two workers sending the same batch at once send each mail once."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from tremplin.newsletters import services
from tremplin.newsletters.models import Delivery, Newsletter
from tremplin.newsletters.tasks import send_due_newsletters
from tremplin.testing import Contender


@pytest.mark.django_db
def test_the_periodic_job_runs_every_minute_and_starts_what_is_due(people, paul, make_newsletter):
    newsletter = make_newsletter(paul)
    services.schedule(newsletter, timezone.now() + timedelta(hours=1), acting_user=paul)
    periodic = {t.task.name: t.cron for t in app.periodic_registry.periodic_tasks.values()}
    assert periodic["send_due_newsletters"] == "* * * * *"
    assert send_due_newsletters(timestamp=int(time.time())) == 0
    Newsletter.objects.filter(pk=newsletter.pk).update(send_at=timezone.now())
    assert send_due_newsletters(timestamp=int(time.time())) == 1
    assert Delivery.objects.filter(newsletter=newsletter).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_row_the_first_is_sending(
    people, paul, make_newsletter, mailoutbox
):
    newsletter = make_newsletter(paul)
    services.schedule(newsletter, timezone.now(), acting_user=paul)
    services.start(newsletter.pk)
    ids = list(newsletter.deliveries.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        # The first worker holds the first row (it is sending it).
        Delivery.objects.select_for_update().get(pk=ids[0])
        other = Contender(lambda: services.send_batch(newsletter.pk, ids))
        other.start()
        other.join()  # it did not wait: it skipped the locked row
    assert other.error is None and other.result == 2
    assert Delivery.objects.get(pk=ids[0]).status == Delivery.Status.PENDING
    assert services.send_batch(newsletter.pk, ids) == 1  # the first worker's row
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people[:3])
