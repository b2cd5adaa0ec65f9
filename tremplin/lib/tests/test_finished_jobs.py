"""A job stays in its table after it ran, with its arguments: an hourly job removes those
that succeeded a day ago, and those that failed a month ago."""

import pytest
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.lib.models import SentMail
from tremplin.lib.tasks import remove_finished_jobs


def job(status: str, hours_ago: int) -> int:
    """A job of the mail queue that reached `status` that many hours ago."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args)"
            " VALUES ('mail', 'send_email', '{}') RETURNING id"
        )
        [pk] = cursor.fetchone()
        if status != "todo":
            cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, pk])
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - make_interval(hours => %s)"
            " WHERE job_id = %s",
            [hours_ago, pk],
        )
    return pk


def test_finished_jobs_are_removed_when_their_time_is_up(run_jobs):
    kept = {
        job("succeeded", 23),
        job("failed", 29 * 24),  # kept longer, to find out why it failed
        job("todo", 24 * 365),  # waiting: never removed
    }
    job("succeeded", 25)
    job("failed", 31 * 24)
    job("cancelled", 31 * 24)

    failed_batch, waiting_batch = job("failed", 31 * 24), job("todo", 1)
    for batch in (failed_batch, waiting_batch):  # what each had sent of its mails
        SentMail.objects.create(job_id=batch, recipients="lea@exemple.fr")

    remove_finished_jobs.defer(timestamp=0)
    run_jobs(queues=["maintenance"])

    assert list(SentMail.objects.values_list("job_id", flat=True)) == [waiting_batch]
    kept.add(waiting_batch)
    remaining = set(
        ProcrastinateJob.objects.exclude(task_name="remove_finished_jobs").values_list(
            "id", flat=True
        )
    )
    assert remaining == kept


@pytest.mark.parametrize(("setting", "hours"), [("succeeded", 1), ("failed", 2)])
def test_how_long_finished_jobs_stay_is_a_setting(run_jobs, settings, setting, hours):
    settings.JOB_RETENTION_HOURS = {"succeeded": 24, "failed": 30 * 24, setting: hours}
    gone = job(setting, hours + 1)
    kept = job(setting, 0)

    remove_finished_jobs.defer(timestamp=0)
    run_jobs(queues=["maintenance"])

    assert ProcrastinateJob.objects.filter(id=kept).exists()
    assert not ProcrastinateJob.objects.filter(id=gone).exists()


def test_the_removal_runs_every_hour():
    periodic = {
        task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["remove_finished_jobs"] == "53 * * * *"
