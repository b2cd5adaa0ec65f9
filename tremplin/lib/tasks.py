from __future__ import annotations

import logging
import smtplib
from importlib import import_module

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection
from procrastinate import JobContext, RetryStrategy, builtin_tasks
from procrastinate.contrib.django import app

from tremplin.lib import observability
from tremplin.lib.mail import compose, send_rendered
from tremplin.lib.ratelimit import purge_closed_windows

logger = logging.getLogger(__name__)

# 2, 4, 8 … seconds between attempts: about 18 hours of retries before a mail is given up.
MAIL_RETRY = RetryStrategy(
    max_attempts=16, exponential_wait=2, retry_exceptions={OSError, smtplib.SMTPException}
)


@app.task(name="send_email", queue="mail", retry=MAIL_RETRY)
def send_email(*, mail: str, arguments: dict) -> None:
    """Render e-mail `mail` (see `tremplin.lib.mail`) from the database now, and send it
    (under the worker, once per recipient however often the job runs: `send_rendered`).
    The mail server's connection is opened first: while the server is down, the job
    fails at once and retries, having rendered nothing and spent nobody's budget."""
    with get_connection() as connection:
        messages = compose(mail, arguments)
        send_rendered(messages, job=observability.job_id.get(), connection=connection)


@app.periodic(cron="53 * * * *")  # every hour
@app.task(
    name="remove_finished_jobs",
    queue="maintenance",
    queueing_lock="remove_finished_jobs",
    pass_context=True,
)
async def remove_finished_jobs(context: JobContext, timestamp: int) -> None:
    """A job stays in its table after it ran, with its arguments: procrastinate's own
    `remove_old_jobs` deletes those that succeeded after JOB_RETENTION_HOURS["succeeded"],
    and those that failed (or were cancelled) after JOB_RETENTION_HOURS["failed"], kept
    longer to find out why."""
    hours = settings.JOB_RETENTION_HOURS
    await builtin_tasks.remove_old_jobs(context, max_hours=hours["succeeded"])
    await builtin_tasks.remove_old_jobs(
        context,
        max_hours=hours["failed"],
        remove_failed=True,
        remove_cancelled=True,
        remove_aborted=True,
    )
    await sync_to_async(forget_sent_mails_of_removed_jobs)()


def forget_sent_mails_of_removed_jobs() -> int:
    """The notes of a mail batch whose job is gone (it failed for good and was removed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM tremplin_sent_mail s WHERE NOT EXISTS"
            " (SELECT 1 FROM procrastinate_jobs j WHERE j.id = s.job_id)"
        )
        return cursor.rowcount


@app.periodic(cron="40 * * * *")  # every hour
@app.task(
    name="purge_rate_limit_counts", queue="maintenance", queueing_lock="purge_rate_limit_counts"
)
def purge_rate_limit_counts(timestamp: int) -> None:
    logger.info("rate-limit counts purged: %s", purge_closed_windows())


@app.periodic(cron="47 3 * * *")  # every night
@app.task(
    name="clear_expired_sessions", queue="maintenance", queueing_lock="clear_expired_sessions"
)
def clear_expired_sessions(timestamp: int) -> None:
    """`manage.py clearsessions`: Django never deletes an expired session by itself, so
    the sessions table would keep every one, with its personal data, for ever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@app.periodic(cron="* * * * *")  # every minute
@app.task(
    name="retry_stalled_jobs",
    queue="maintenance",
    queueing_lock="retry_stalled_jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    await requeue_stalled_jobs(
        context.app.job_manager, seconds_since_heartbeat=settings.STALLED_WORKER_SECONDS
    )


async def requeue_stalled_jobs(job_manager, *, seconds_since_heartbeat: float) -> list[int]:
    """Put back in the queue the jobs left "doing" by a worker that died (killed, its
    machine gone): one that has sent no heartbeat for `seconds_since_heartbeat`. The jobs
    are idempotent (a registry import, a mail's job, a purge), so running one again from
    the start ends as an undisturbed run would (a mail batch interrupted halfway sends
    its first messages again)."""
    stalled = list(
        await job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    )
    for job in stalled:
        logger.warning("job %s (%s) of a stalled worker is queued again", job.id, job.task_name)
        await job_manager.retry_job(job)
    return [job.id for job in stalled]
