"""How long accounts are kept (see `tremplin.lib.retention`): an account nobody used for
three years is warned, then deleted a month later. Other apps delete the accounts whose
registration they refused with `delete_accounts`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import F, Q, QuerySet

from tremplin.accounts import emails
from tremplin.accounts.models import User
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.retention import DAY, Rule, Step


def delete_accounts(
    users: Iterable[User], *, action: Action = Action.ACCOUNT_DELETED, reason: str = "retention"
) -> int:
    """Delete these accounts, each with its audit row; return how many. Their rows go by
    cascade, and the files of those rows with them (`tremplin.lib.files`)."""
    count = 0
    for user in users:
        record(action, actor=None, target=user, reason=reason)
        user.delete()
        count += 1
    return count


def _idle(now: datetime) -> QuerySet[User]:
    idle_since = now - settings.RETENTION_DAYS["inactive_account"] * DAY
    return User.objects.exclude(kind=User.Kind.STAFF).filter(
        Q(last_login__lt=idle_since) | Q(last_login=None, date_joined__lt=idle_since)
    )


# A warning counts until the next sign-in: warned before it, the person is warned again.
_WARNED = Q(deletion_warning_sent_at__isnull=False) & (
    Q(last_login=None) | Q(deletion_warning_sent_at__gt=F("last_login"))
)


def warn_inactive_accounts(now: datetime) -> int:
    """Accounts nobody used for three years: a warning first."""
    days = settings.RETENTION_DAYS["inactive_warning"]
    count = 0
    for user in _idle(now).exclude(_WARNED).exclude(email=""):
        emails.send_deletion_warning(user, days=days)
        user.deletion_warning_sent_at = now
        user.save(update_fields=["deletion_warning_sent_at"])
        count += 1
    return count


def delete_inactive_accounts(now: datetime) -> int:
    """Then deletion, a month after the warning."""
    warned_before = now - settings.RETENTION_DAYS["inactive_warning"] * DAY
    return delete_accounts(_idle(now).filter(_WARNED, deletion_warning_sent_at__lt=warned_before))


def delete_requested_accounts(now: datetime) -> int:
    """Accounts their owner asked to delete ("Mes données"), once the grace period is
    over without a sign-in (a sign-in clears the request). Staff accounts follow the
    directory, never a request. Each person is told at the addresses they had."""
    asked_before = now - settings.RETENTION_DAYS["account_deletion_grace"] * DAY
    due = list(
        User.objects.exclude(kind=User.Kind.STAFF)
        .filter(deletion_requested_at__lt=asked_before)
        .exclude(last_login__gt=F("deletion_requested_at"))
    )
    for user in due:
        if user.email:
            emails.send_account_deleted(user.email, user.language)
    return delete_accounts(due, action=Action.ACCOUNT_DELETED_ON_REQUEST, reason="request")


RULES = [
    Rule("requested_deletions", delete_requested_accounts, Step.IDLE_ACCOUNTS),
    Rule("inactive_accounts_warned", warn_inactive_accounts, Step.IDLE_ACCOUNTS),
    Rule("inactive_accounts_deleted", delete_inactive_accounts, Step.IDLE_ACCOUNTS),
]
