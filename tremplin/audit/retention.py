"""How long the audit log is kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.audit.models import AuditEntry
from tremplin.lib.retention import DAY, Rule, Step


def purge_audit_entries(now: datetime) -> int:
    """The audit log names people and their IP addresses: it serves a year of questions."""
    deleted, _ = AuditEntry.objects.filter(
        at__lt=now - settings.RETENTION_DAYS["audit_entry"] * DAY
    ).delete()
    return deleted


RULES = [
    Rule("audit_entries", purge_audit_entries, Step.AUDIT_LOG),
]
