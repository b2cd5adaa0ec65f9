"""The site's URLconf with two pages that fail, for the tests of the error pages: a bug, and
a statement PostgreSQL cancels (a database error on a connection that stays open)."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from tremplin.urls import (  # noqa: F401 (Django reads the handlers from the URLconf)
    handler400,
    handler403,
    handler404,
    handler429,
    handler500,
)
from tremplin.urls import urlpatterns as site


def bug(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def cancelled_statement(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("unreachable")


urlpatterns = [
    path("_bug/", bug),
    path("_requete-annulee/", cancelled_statement),
    *site,
]
