"""`/healthz`: whether this installation can do its work, for the load balancer and the
monitoring: 200 "ok" or 503 "not ok", nothing more (which check failed is logged, never
shown). Three checks, each one small query:

- the database answers;
- a worker has sent its heartbeat lately (procrastinate's workers table);
- the mail queue is not stuck: no mail due for longer than HEALTH_MAIL_DELAY_MINUTES
  (the SMTP server refuses, or no worker takes them).

The answer is kept HEALTH_CACHE_SECONDS in the process, so a flood of probes costs one
round of queries per web process and period, and the view reads no session, no user.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

_last: tuple[float, list[str]] | None = None


def problems() -> list[str]:
    """The names of the checks that fail now: [] when all is well."""
    from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateWorker

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return ["database"]
    failing = []
    now = timezone.now()
    try:
        heartbeat = now - timedelta(seconds=settings.HEALTH_WORKER_SECONDS)
        if not ProcrastinateWorker.objects.filter(last_heartbeat__gte=heartbeat).exists():
            failing.append("worker")
        # A mail asked for (deferred) before the limit and still not sent, retried or not.
        due = now - timedelta(minutes=settings.HEALTH_MAIL_DELAY_MINUTES)
        if ProcrastinateEvent.objects.filter(
            type="deferred", at__lt=due, job__queue_name="mail", job__status__in=["todo", "doing"]
        ).exists():
            failing.append("mail")
    except DatabaseError:
        return ["database"]
    return failing


def current_problems() -> list[str]:
    global _last
    now = time.monotonic()
    if _last is None or now - _last[0] > settings.HEALTH_CACHE_SECONDS:
        _last = (now, problems())
        if _last[1]:
            logger.warning("health check failing: %s", ", ".join(_last[1]))
    return _last[1]


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    failing = current_problems()
    return HttpResponse(
        "not ok\n" if failing else "ok\n",
        status=503 if failing else 200,
        content_type="text/plain; charset=utf-8",
    )
