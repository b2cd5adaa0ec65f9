"""`manage.py bench_exports` runs end to end on a few rows (it prints figures; nothing here
is timed)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tremplin.directory.models import RegistryEntry
from tremplin.offers.models import Application, Offer

pytestmark = pytest.mark.django_db


def test_the_bench_adds_what_is_missing_and_prints_both_formats():
    out = StringIO()
    call_command("bench_exports", rows=30, offers=12, applications=20, stdout=out)
    assert RegistryEntry.objects.count() == 30
    assert Offer.objects.count() == 12
    applications = Application.objects.count()
    assert 10 <= applications <= 20
    assert Application.objects.filter(candidate__username__startswith="bench-exports-").exists()
    text = out.getvalue()
    for line in ("graduates CSV: 30 rows", "graduates XLSX: 30 rows", "offers CSV: 12 rows"):
        assert line in text
    call_command(
        "bench_exports", rows=30, offers=12, applications=20, formats="csv", stdout=StringIO()
    )
    assert RegistryEntry.objects.count() == 30  # nothing added the second time
    assert Application.objects.count() == applications
