"""Administrators see the periodic jobs: last run and how it ended, next run, failures."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tremplin import testing

pytestmark = pytest.mark.django_db


def job_that(task_name: str, status: str, *, started_hours_ago: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args)"
            " VALUES ('offers', %s, '{}') RETURNING id",
            [task_name],
        )
        [pk] = cursor.fetchone()
        cursor.execute(
            "INSERT INTO procrastinate_events (job_id, type, at)"
            " VALUES (%s, 'started', now() - make_interval(hours => %s))",
            [pk, started_hours_ago],
        )
        if status == "failed":
            cursor.execute(
                "INSERT INTO procrastinate_events (job_id, type, at)"
                " VALUES (%s, 'failed', now() - make_interval(hours => %s))",
                [pk, started_hours_ago],
            )
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, pk])


def row_of(page: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\"><code>{name}</code></th>(.*?)</tr>", page, re.S)
    assert match, name
    return " ".join(match.group(1).split())


def test_the_administrator_sees_last_run_next_run_and_failures(client, settings):
    job_that("expire_offers", "failed", started_hours_ago=3)
    job_that("expire_offers", "succeeded", started_hours_ago=1)
    job_that("age_offer_index", "failed", started_hours_ago=2)
    testing.signed_in_administrator(client)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("backoffice:periodic_jobs"))

    assert response.status_code == 200
    page = response.content.decode()
    expire = row_of(page, "expire_offers")
    assert "<code>5 * * * *</code>" in expire
    assert "succeeded" in expire  # the last run
    assert "<strong>1</strong> (last on" in expire
    age = row_of(page, "age_offer_index")
    assert "<strong>failed</strong>" in age
    never = row_of(page, "purge_personal_data")
    assert "not in the kept history" in never
    assert "none" in never
    # Every periodic job is listed, the stalled jobs' recovery included.
    assert "<code>retry_stalled_jobs</code>" in page


def test_the_dashboard_leads_there(client):
    testing.signed_in_administrator(client)

    page = client.get(reverse("backoffice:dashboard")).content.decode()

    assert reverse("backoffice:periodic_jobs") in page
