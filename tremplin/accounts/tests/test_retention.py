"""Accounts nobody uses are warned, then deleted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.lib.retention import purge

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_an_account_unused_for_three_years_is_warned_then_deleted_a_month_later(
    run_jobs_here, mailoutbox
):
    idle = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    User.objects.filter(pk=idle.pk).update(last_login=NOW - timedelta(days=3 * 365 + 1))
    active = testing.user(User.Kind.GRADUATE)
    User.objects.filter(pk=active.pk).update(last_login=NOW - timedelta(days=10))
    staff = testing.staff("claire.resp")
    User.objects.filter(pk=staff.pk).update(last_login=NOW - timedelta(days=4 * 365))

    first = purge(NOW)
    assert (first.inactive_accounts_warned, first.inactive_accounts_deleted) == (1, 0)
    run_jobs_here()
    [mail] = mailoutbox
    assert mail.to == ["lea@exemple.fr"]
    assert mail.subject == "Votre compte du career center va être supprimé"
    assert purge(NOW + timedelta(days=10)).inactive_accounts_warned == 0  # once

    later = purge(NOW + timedelta(days=31))
    assert later.inactive_accounts_deleted == 1
    assert set(User.objects.values_list("pk", flat=True)) == {active.pk, staff.pk}


def test_signing_in_after_the_warning_keeps_the_account():
    idle = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    User.objects.filter(pk=idle.pk).update(last_login=NOW - timedelta(days=3 * 365 + 1))
    purge(NOW)
    User.objects.filter(pk=idle.pk).update(last_login=NOW + timedelta(days=5))
    assert purge(NOW + timedelta(days=31)).inactive_accounts_deleted == 0
    assert User.objects.filter(pk=idle.pk).exists()
