"""The periodic jobs as the back office shows them: when each last ran and how it ended,
when it runs next, and its failures (failed jobs are kept RETENTION_FAILED_JOB_DAYS)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str
    queue: str
    last_run: datetime | None
    last_status: str  # todo, doing, succeeded, failed, … or "" when never run (or removed)
    next_run: datetime
    failures: int
    last_failure: datetime | None

    @property
    def last_failed(self) -> bool:
        return self.last_status == "failed"

    @property
    def last_outcome(self) -> str:
        """How the last run ended, in words."""
        return str(_OUTCOMES.get(self.last_status, _("waiting for a new attempt")))


_OUTCOMES = {"succeeded": _("succeeded"), "failed": _("failed"), "doing": _("running")}


def periodic_jobs(now: float | None = None) -> list[PeriodicJob]:
    now = time.time() if now is None else now
    rows = []
    for periodic in sorted(app.periodic_registry.periodic_tasks.values(), key=_name):
        name = periodic.task.name
        started = (
            ProcrastinateEvent.objects.filter(job__task_name=name, type="started")
            .select_related("job")
            .order_by("-at")
            .first()
        )
        failed = ProcrastinateEvent.objects.filter(job__task_name=name, type="failed")
        last_failure = failed.order_by("-at").values_list("at", flat=True).first()
        next_run = periodic.croniter.get_next(ret_type=float, start_time=now)
        rows.append(
            PeriodicJob(
                name=name,
                cron=periodic.cron,
                queue=periodic.task.queue,
                last_run=started.at if started else None,
                last_status=started.job.status if started else "",
                next_run=datetime.fromtimestamp(next_run, UTC),
                failures=ProcrastinateJob.objects.filter(task_name=name, status="failed").count(),
                last_failure=last_failure,
            )
        )
    return rows


def _name(periodic) -> str:
    return periodic.task.name
