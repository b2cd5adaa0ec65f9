"""What graduates typed, and the accounts of refused claims, are deleted when their time is up."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.audit.models import AuditEntry
from tremplin.graduates.models import GraduateClaim, RegistrationRequest
from tremplin.lib.retention import purge

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def claim(user, status, decided_days_ago=None):
    return GraduateClaim.objects.create(
        user=user,
        route=GraduateClaim.Route.ABSENT,
        status=status,
        last_name="Garnier",
        first_name="Inès",
        birth_date=date(1995, 9, 21),
        decided_at=NOW - timedelta(days=decided_days_ago)
        if decided_days_ago is not None
        else None,
    )


def test_a_registration_never_answered_is_deleted_after_two_days():
    old = RegistrationRequest.objects.create(
        last_name="A", first_name="B", birth_date=date(2000, 1, 1), email="a@x.fr"
    )
    RegistrationRequest.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=3))
    fresh = RegistrationRequest.objects.create(
        last_name="C", first_name="D", birth_date=date(2000, 1, 1), email="c@x.fr"
    )
    assert purge(NOW).registration_requests == 1
    assert list(RegistrationRequest.objects.all()) == [fresh]


def test_a_refused_graduate_is_deleted_thirty_days_after_the_decision():
    refused_long_ago = testing.user(User.Kind.GRADUATE, is_active=False)
    claim(refused_long_ago, GraduateClaim.Status.REJECTED, decided_days_ago=31)
    refused_recently = testing.user(User.Kind.GRADUATE, is_active=False)
    claim(refused_recently, GraduateClaim.Status.REJECTED, decided_days_ago=5)

    assert purge(NOW).rejected_accounts == 1
    assert not User.objects.filter(pk=refused_long_ago.pk).exists()
    assert User.objects.filter(pk=refused_recently.pk).exists()
    entry = AuditEntry.objects.get(action="account.deleted")
    assert entry.details == {"reason": "retention"}
