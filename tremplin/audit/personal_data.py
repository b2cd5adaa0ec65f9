"""What the audit log holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.audit.models import AuditEntry
from tremplin.lib.personal_data import Holding, Processing, exporting, move


def _entries(user):
    """What the person did, and what was done to their account."""
    return AuditEntry.objects.filter(
        Q(actor=user) | Q(target_type=user._meta.label_lower, target_id=str(user.pk))
    )


HOLDINGS = [
    Holding(
        "audit.AuditEntry",
        "actor",
        exporting(
            _entries, "at", "actor_label", "action", "target_type", "target_label", "ip_address"
        ),
        # The same person: their history follows them to the account kept.
        move("audit.AuditEntry", "actor"),
    ),
]

PROCESSINGS = [
    Processing(
        "audit_log",
        _("Log of decisions"),
        _("Who decided or changed what, when, and from which IP address; sign-ins."),
        _("To answer for every decision and to detect abuse."),
        lambda days: _("Kept %(days)d days.") % {"days": days["audit_entry"]},
        keys=("audit_entry",),
        rules=("audit_entries",),
        order=90,
    ),
]
