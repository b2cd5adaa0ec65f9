"""Recruiters' accounts that never opened are deleted when their time is up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.lib.retention import purge
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_a_refused_recruiter_and_an_unconfirmed_one_are_deleted_in_time():
    refused = testing.recruiter("refuse@exemple.fr", status=Recruiter.Status.REJECTED)
    Recruiter.objects.filter(user=refused).update(decided_at=NOW - timedelta(days=40))
    unconfirmed = testing.recruiter("jamais@exemple.fr", status=Recruiter.Status.AWAITING_EMAIL)
    Recruiter.objects.filter(user=unconfirmed).update(created_at=NOW - timedelta(days=8))
    waiting = testing.recruiter("attente@exemple.fr", status=Recruiter.Status.PENDING)

    result = purge(NOW)
    assert (result.rejected_accounts, result.unconfirmed_recruiters) == (1, 1)
    assert list(User.objects.filter(kind=User.Kind.RECRUITER)) == [waiting]
