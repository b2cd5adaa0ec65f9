"""What the recruiters app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import Holding, Processing, exporting, move
from tremplin.recruiters.models import Recruiter


def merge_recruiter(kept, other) -> int:
    """One registration per account: `other`'s moves only to an account without one (the
    merge itself refuses recruiters' accounts, so this is a safety net)."""
    if Recruiter.objects.filter(user=kept).exists():
        return 0
    return Recruiter.objects.filter(user=other).update(user=kept)


HOLDINGS = [
    Holding(
        "recruiters.Recruiter",
        "user",
        exporting(
            lambda user: Recruiter.objects.filter(user=user).select_related("organisation"),
            "organisation",
            "job_title",
            "phone",
            "status",
            "created_at",
            "decided_at",
            "rejection_reason",
        ),
        merge_recruiter,
    ),
    Holding(
        "recruiters.Recruiter",
        "decided_by",
        None,
        move("recruiters.Recruiter", "decided_by"),
        why="registrations this person decided, as staff: in the audit log's part",
    ),
    Holding(
        "recruiters.JoinRequest",
        "decided_by",
        None,
        move("recruiters.JoinRequest", "decided_by"),
        why="requests to join this person answered: in the audit log's part",
    ),
]

PROCESSINGS = [
    Processing(
        "recruiters",
        _("Recruiters"),
        _("Organisation, identity, job title, telephone, e-mail address."),
        _("To check who publishes offers, and let students and graduates answer them."),
        lambda days: (
            _(
                "A registration whose address is never confirmed is deleted after %(days)d"
                " days; one refused, %(refused)d days after the decision; then as any account."
            )
            % {"days": days["unconfirmed_recruiter"], "refused": days["rejected_account"]}
        ),
        keys=("unconfirmed_recruiter", "rejected_account"),
        rules=("unconfirmed_recruiters", "rejected_accounts"),
        order=30,
    ),
]
