"""How long the mailings' counts are kept (see `tremplin.lib.retention`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tremplin.lib.retention import Rule, Step
from tremplin.mailings.models import WeeklySpend
from tremplin.mailings.services import week_of


def purge_past_budgets(now: datetime) -> int:
    """What a person received in a week serves that week's budget only: the counts of the
    weeks before last week go."""
    deleted, _ = WeeklySpend.objects.filter(
        week__lt=week_of(timezone.localdate(now)) - timedelta(days=7)
    ).delete()
    return deleted


RULES = [
    Rule("mail_budgets", purge_past_budgets, Step.CONTENT),
]
