"""The audit log is deleted when its time is up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.audit.models import AuditEntry
from tremplin.audit.services import record
from tremplin.lib.retention import purge

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_the_audit_log_forgets_who_did_what_from_where_after_a_year():
    staff = testing.staff("ancien.gestionnaire")
    record("role.granted", actor=staff, target=staff, ip_address="192.0.2.7")
    AuditEntry.objects.update(at=NOW - timedelta(days=366))
    record("role.revoked", actor=staff, target=staff, ip_address="192.0.2.8")

    assert purge(NOW).audit_entries == 1
    assert list(AuditEntry.objects.values_list("action", "ip_address")) == [
        ("role.revoked", "192.0.2.8")
    ]
