"""The graduates lookup, on a registry as varied as the demo's, reads the date index."""

from datetime import date

import pytest
from django.db import connection

from tremplin.demo.referential import registry_rows
from tremplin.directory.importer import upsert_rows
from tremplin.directory.models import RegistryEntry
from tremplin.directory.services import explain_find_graduates

pytestmark = pytest.mark.django_db

BORN = date(1998, 3, 14)


def test_the_lookup_uses_the_date_index_not_a_scan_of_the_registry():
    upsert_rows(list(registry_rows(3000)))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RegistryEntry._meta.db_table}")
    plan = explain_find_graduates("Martin", "Alice", BORN)
    assert "Seq Scan" not in plan
    assert "registry_birth_date_idx" in plan
