"""What operators see: a request id on every log line, JSON lines on request, and the
request id carried into the jobs a request defers.

- `RequestIdMiddleware` (first in MIDDLEWARE) gives each request an id: the proxy's
  `X-Request-ID` when TRUST_REQUEST_ID_HEADER is on and the value is a plain token, a new
  one otherwise. The id is sent back in the response's `X-Request-ID` and held in a
  context variable for the time of the request.
- Every log record gets `request_id` (`RequestIdFilter`); with LOG_FORMAT=json the console
  writes one JSON object per line (`JsonFormatter`).
- A job deferred during a request carries the id in its arguments (`_request_id`, added
  by `carry_request_id`, installed through PROCRASTINATE_ON_APP_READY); the worker takes it
  out before the task runs (`job_request_id`, a worker middleware), so the task's own log
  lines carry the request's id and the task never sees the argument.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import attr
from django.conf import settings
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
JOB_ARGUMENT = "_request_id"
_TOKEN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# The id of the job the worker runs, None outside of one (`tremplin.lib.mail` keeps what a
# mail batch already sent under it, so that a batch taken up again sends nobody twice).
job_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("job_id", default=None)

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        if not (settings.TRUST_REQUEST_ID_HEADER and _TOKEN.match(given)):
            given = uuid.uuid4().hex
        request.request_id = given
        token = request_id.set(given)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = given
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request's (or job's) id on every record, '' outside of one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, and the
    exception's traceback if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        job_id = getattr(record, "job_id", None)
        if job_id is not None:
            entry["job_id"] = job_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- Jobs -------------------------------------------------------------------------------


def _with_request_id(job):
    current = request_id.get()
    if not current or JOB_ARGUMENT in job.task_kwargs:
        return job
    return attr.evolve(job, task_kwargs={**job.task_kwargs, JOB_ARGUMENT: current})


def carry_request_id(app) -> None:
    """PROCRASTINATE_ON_APP_READY: every job deferred while a request is served carries
    the request's id. The web process defers through `app.job_manager`; its four ways in
    are wrapped."""
    manager = app.job_manager
    defer_job, defer_job_async = manager.defer_job, manager.defer_job_async
    batch, batch_async = manager.batch_defer_jobs, manager.batch_defer_jobs_async

    def defer(job, *args, **kwargs):
        return defer_job(_with_request_id(job), *args, **kwargs)

    async def defer_async(job, *args, **kwargs):
        return await defer_job_async(_with_request_id(job), *args, **kwargs)

    def defer_batch(jobs, *args, **kwargs):
        return batch([_with_request_id(job) for job in jobs], *args, **kwargs)

    async def defer_batch_async(jobs, *args, **kwargs):
        return await batch_async([_with_request_id(job) for job in jobs], *args, **kwargs)

    manager.defer_job, manager.defer_job_async = defer, defer_async
    manager.batch_defer_jobs, manager.batch_defer_jobs_async = defer_batch, defer_batch_async


def take_request_id(task_kwargs: dict) -> str:
    """Remove the request id from a job's arguments (the task does not take it)."""
    return task_kwargs.pop(JOB_ARGUMENT, "") or ""


async def job_request_id(call_next: Callable[[], Awaitable[Any]], context, worker) -> Any:
    """Worker middleware: the job runs with the id of the request that deferred it (or
    of the job, 'job-<id>', for a job no request deferred), and with its own id
    (`job_id`); the task's thread inherits them."""
    given = take_request_id(context.job.task_kwargs)
    token = request_id.set(given or f"job-{context.job.id}")
    job_token = job_id.set(context.job.id)
    try:
        if given:
            logger.info(
                "job %s (%s) runs for request %s", context.job.id, context.job.task_name, given
            )
        return await call_next()
    finally:
        job_id.reset(job_token)
        request_id.reset(token)
