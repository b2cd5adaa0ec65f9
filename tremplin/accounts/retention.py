"""Personal data is deleted when its time is up, as the "Données personnelles" page says.

Run every night by a periodic job (and by `manage.py purge_personal_data`): running it
twice does the same as once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tremplin.accounts import emails
from tremplin.accounts.models import User
from tremplin.audit.models import AuditEntry
from tremplin.audit.services import record
from tremplin.graduates.models import GraduateClaim, RegistrationRequest
from tremplin.offers.models import Application, Offer
from tremplin.recruiters.models import RecruiterProfile

DAY = timedelta(days=1)


@dataclass
class Purged:
    registration_requests: int = 0
    rejected_accounts: int = 0
    unconfirmed_recruiters: int = 0
    inactive_accounts_warned: int = 0
    inactive_accounts_deleted: int = 0
    applications: int = 0
    audit_entries: int = 0

    def __str__(self) -> str:
        return ", ".join(
            f"{f.name.replace('_', ' ')}: {getattr(self, f.name)}" for f in fields(self)
        )


def _delete_users(users) -> int:
    count = 0
    for user in users:
        record("account.deleted", actor=None, target=user, reason="retention")
        user.delete()
        count += 1
    return count


@transaction.atomic
def purge(now=None) -> Purged:
    now = now or timezone.now()
    days = settings.RETENTION_DAYS
    done = Purged()

    # What was typed on the graduate form, if its answer was never sent.
    done.registration_requests, _ = RegistrationRequest.objects.filter(
        created_at__lt=now - days["registration_request"] * DAY
    ).delete()

    # Accounts whose registration was refused: kept a while for questions, then gone.
    refused = now - days["rejected_account"] * DAY
    done.rejected_accounts = _delete_users(
        User.objects.filter(is_active=False)
        .filter(
            Q(
                graduate_claims__status=GraduateClaim.Status.REJECTED,
                graduate_claims__decided_at__lt=refused,
            )
            | Q(
                recruiter__status=RecruiterProfile.Status.REJECTED,
                recruiter__decided_at__lt=refused,
            )
        )
        .exclude(graduate_claims__status=GraduateClaim.Status.PENDING)
        .distinct()
    )
    # Companies that never confirmed their address.
    done.unconfirmed_recruiters = _delete_users(
        User.objects.filter(
            recruiter__status=RecruiterProfile.Status.AWAITING_EMAIL,
            recruiter__created_at__lt=now - days["unconfirmed_recruiter"] * DAY,
        )
    )

    # Accounts nobody used for three years: a warning, then deletion a month later.
    idle_since = now - days["inactive_account"] * DAY
    idle = User.objects.exclude(kind=User.Kind.STAFF).filter(
        Q(last_login__lt=idle_since) | Q(last_login=None, date_joined__lt=idle_since)
    )
    # A warning counts until the next sign-in: warned before it, the person is warned again.
    warned = Q(deletion_warning_sent_at__isnull=False) & (
        Q(last_login=None) | Q(deletion_warning_sent_at__gt=F("last_login"))
    )
    for user in idle.exclude(warned).exclude(email=""):
        emails.send_deletion_warning(user, days=days["inactive_warning"])
        user.deletion_warning_sent_at = now
        user.save(update_fields=["deletion_warning_sent_at"])
        done.inactive_accounts_warned += 1
    done.inactive_accounts_deleted = _delete_users(
        idle.filter(warned, deletion_warning_sent_at__lt=now - days["inactive_warning"] * DAY)
    )

    # Applications and their CVs serve one recruitment: gone a year after the offer closed.
    closed = now - days["application_after_offer"] * DAY
    old = Application.objects.filter(
        offer__status__in=[Offer.Status.EXPIRED, Offer.Status.FILLED, Offer.Status.ARCHIVED],
        offer__updated_at__lt=closed,
    )
    for application in old:
        application.cv.delete(save=False)
        application.delete()
        done.applications += 1

    # The audit log names people and their IP addresses: it serves a year of questions.
    done.audit_entries, _ = AuditEntry.objects.filter(
        at__lt=now - days["audit_entry"] * DAY
    ).delete()
    return done
