"""How long what graduates typed is kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tremplin.accounts.models import User
from tremplin.accounts.retention import delete_accounts
from tremplin.graduates.models import GraduateClaim, RegistrationRequest
from tremplin.lib.retention import DAY, Rule, Step


def purge_registration_requests(now: datetime) -> int:
    """What was typed on the graduate form, if its answer was never sent."""
    deleted, _ = RegistrationRequest.objects.filter(
        created_at__lt=now - settings.RETENTION_DAYS["registration_request"] * DAY
    ).delete()
    return deleted


def purge_rejected_accounts(now: datetime) -> int:
    """Accounts whose claim was refused: kept a while for questions, then gone, unless
    another claim of theirs waits for a decision."""
    refused = now - settings.RETENTION_DAYS["rejected_account"] * DAY
    return delete_accounts(
        User.objects.filter(
            is_active=False,
            graduate_claims__status=GraduateClaim.Status.REJECTED,
            graduate_claims__decided_at__lt=refused,
        )
        .exclude(graduate_claims__status=GraduateClaim.Status.PENDING)
        .distinct()
    )


RULES = [
    Rule("registration_requests", purge_registration_requests, Step.REQUESTS),
    Rule("rejected_accounts", purge_rejected_accounts, Step.REFUSED_ACCOUNTS),
]
