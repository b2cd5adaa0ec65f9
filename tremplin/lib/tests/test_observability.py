"""Logs for operators: a request id on each request (the proxy's when trusted), JSON lines
on request, and the request's id carried into the jobs it defers and logged there."""

import io
import json
import logging
import re
import sys

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from procrastinate.contrib.django.models import ProcrastinateJob

from tremplin.lib.observability import (
    JOB_ARGUMENT,
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
)
from tremplin.lib.tasks import purge_rate_limit_counts


def test_each_response_carries_a_new_request_id(db):
    first = Client().get("/")["X-Request-ID"]
    second = Client().get("/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_proxys_id_is_ignored_unless_trusted(db):
    response = Client().get("/", HTTP_X_REQUEST_ID="from-the-client")

    assert response["X-Request-ID"] != "from-the-client"


@pytest.mark.parametrize(
    ("given", "kept"), [("lb-7f3a.42", True), ("a b", False), ("x" * 65, False), ("é", False)]
)
def test_a_trusted_proxys_id_is_kept_if_it_is_a_plain_token(db, settings, given, kept):
    settings.TRUST_REQUEST_ID_HEADER = True

    response = Client().get("/", HTTP_X_REQUEST_ID=given)

    assert (response["X-Request-ID"] == given) is kept


@pytest.fixture
def json_log():
    """What the console handler writes with LOG_FORMAT=json, for tremplin's loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tremplin")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.setLevel(previous)
    logger.removeHandler(handler)


def test_a_job_deferred_by_a_request_logs_the_requests_id(run_jobs, json_log, settings):
    settings.TRUST_REQUEST_ID_HEADER = True

    def view(request):
        purge_rate_limit_counts.defer(timestamp=0)
        return HttpResponse("deferred")

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-1234")
    RequestIdMiddleware(view)(request)
    job = ProcrastinateJob.objects.get(task_name="purge_rate_limit_counts")
    assert job.args == {"timestamp": 0, JOB_ARGUMENT: "req-1234"}

    run_jobs()

    job.refresh_from_db()
    assert job.status == "succeeded"  # the task did not receive the extra argument
    lines = [line for line in json_log() if line["logger"] == "tremplin.lib.tasks"]
    assert [line["message"] for line in lines] == ["rate-limit counts purged: 0"]
    assert lines[0]["request_id"] == "req-1234"
    assert lines[0]["level"] == "INFO"


def test_a_job_deferred_outside_a_request_carries_nothing(run_jobs, json_log):
    purge_rate_limit_counts.defer(timestamp=0)
    job = ProcrastinateJob.objects.get(task_name="purge_rate_limit_counts")
    assert job.args == {"timestamp": 0}

    run_jobs()

    [line] = [line for line in json_log() if line["logger"] == "tremplin.lib.tasks"]
    assert line["request_id"] == f"job-{job.id}"


def test_json_lines_hold_the_exception():
    record = logging.LogRecord("tremplin.x", logging.ERROR, __file__, 1, "boom %s", ("now",), None)
    try:
        raise ValueError("bad")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "boom now"
    assert line["level"] == "ERROR"
    assert "ValueError: bad" in line["exception"]
    assert line["request_id"] == ""
