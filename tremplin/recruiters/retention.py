"""How long the accounts of recruiters who were refused, or never confirmed their address,
are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.accounts.models import User
from tremplin.accounts.retention import delete_accounts
from tremplin.lib.retention import DAY, Rule, Step
from tremplin.recruiters.models import Recruiter


def purge_rejected_accounts(now: datetime) -> int:
    """Accounts whose registration was refused: kept a while for questions, then gone."""
    refused = now - settings.RETENTION_DAYS["rejected_account"] * DAY
    return delete_accounts(
        User.objects.filter(
            is_active=False,
            recruiter__status=Recruiter.Status.REJECTED,
            recruiter__decided_at__lt=refused,
        )
    )


def purge_unconfirmed_recruiters(now: datetime) -> int:
    """Companies that never confirmed their address."""
    return delete_accounts(
        User.objects.filter(
            recruiter__status=Recruiter.Status.AWAITING_EMAIL,
            recruiter__created_at__lt=now - settings.RETENTION_DAYS["unconfirmed_recruiter"] * DAY,
        )
    )


RULES = [
    Rule("rejected_accounts", purge_rejected_accounts, Step.REFUSED_ACCOUNTS),
    Rule("unconfirmed_recruiters", purge_unconfirmed_recruiters, Step.REFUSED_ACCOUNTS),
]
