"""How long the mailings' counts are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tremplin.lib.retention import DAY, Rule, Step
from tremplin.mailings.models import OptInMail, RefusedAddress, Unsubscription, WeeklySpend
from tremplin.mailings.services import week_of


def purge_past_budgets(now: datetime) -> int:
    """What a person received in a week serves that week's budget only: the counts of the
    weeks before last week go."""
    deleted, _ = WeeklySpend.objects.filter(
        week__lt=week_of(timezone.localdate(now)) - timedelta(days=7)
    ).delete()
    return deleted


def purge_refused_addresses(now: datetime) -> int:
    """The refusals of an address are kept while it is an account's address and was
    refused in the last RETENTION_DAYS["refused_address"] days; then they go (an address
    that was typed into a form, or that its owner changed, is nobody's business)."""
    accounts = get_user_model().objects.filter(email__iexact=OuterRef("address"))
    stale = now - settings.RETENTION_DAYS["refused_address"] * DAY
    deleted, _ = RefusedAddress.objects.filter(
        Q(last_refused_at__lt=stale) | ~Exists(accounts)
    ).delete()
    return deleted


def purge_mail_history(now: datetime) -> int:
    """Which opt-in mails went to a person and when they unsubscribed serve the career
    service's figures of the year: older than RETENTION_DAYS["mail_history"], they go."""
    stale = now - settings.RETENTION_DAYS["mail_history"] * DAY
    mails, _ = OptInMail.objects.filter(sent_at__lt=stale).delete()
    unsubscriptions, _ = Unsubscription.objects.filter(at__lt=stale).delete()
    return mails + unsubscriptions


RULES = [
    Rule("mail_budgets", purge_past_budgets, Step.CONTENT),
    Rule("refused_addresses", purge_refused_addresses, Step.CONTENT),
    Rule("mail_history", purge_mail_history, Step.CONTENT),
]
