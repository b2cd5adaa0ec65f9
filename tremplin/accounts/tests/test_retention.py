"""Personal data is deleted when its time is up."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.accounts.retention import purge
from tremplin.audit.models import AuditEntry
from tremplin.graduates.models import GraduateClaim, RegistrationRequest
from tremplin.recruiters.models import RecruiterProfile

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
        token_nonce=f"n{user.pk}",
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


def test_a_refused_recruiter_and_an_unconfirmed_one_are_deleted_in_time():
    refused = testing.recruiter("refuse@exemple.fr", status=RecruiterProfile.Status.REJECTED)
    RecruiterProfile.objects.filter(user=refused).update(decided_at=NOW - timedelta(days=40))
    unconfirmed = testing.recruiter(
        "jamais@exemple.fr", status=RecruiterProfile.Status.AWAITING_EMAIL
    )
    RecruiterProfile.objects.filter(user=unconfirmed).update(created_at=NOW - timedelta(days=8))
    waiting = testing.recruiter("attente@exemple.fr", status=RecruiterProfile.Status.PENDING)

    result = purge(NOW)
    assert (result.rejected_accounts, result.unconfirmed_recruiters) == (1, 1)
    assert list(User.objects.filter(kind=User.Kind.RECRUITER)) == [waiting]


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


def test_applications_and_their_cvs_go_a_year_after_the_offer_closed(settings, tmp_path):
    from tremplin.offers.models import Application, Offer

    settings.MEDIA_ROOT = tmp_path
    organisation = testing.organisation()
    candidate = testing.student()
    closed = Offer.objects.create(
        title="Stage",
        kind=Offer.Kind.INTERNSHIP,
        description="x",
        organisation=organisation,
        city="Lyon",
        domain=Offer.Domain.IT,
        publish_until=NOW,
        status=Offer.Status.EXPIRED,
    )
    Offer.objects.filter(pk=closed.pk).update(updated_at=NOW - timedelta(days=400))
    application = Application(offer=closed, candidate=candidate, message="Bonjour")
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    path = application.cv.path

    assert purge(NOW).applications == 1
    assert not Application.objects.exists()
    assert not (tmp_path / path).exists()


def test_the_audit_log_forgets_who_did_what_from_where_after_a_year():
    from tremplin.audit.services import record

    staff = testing.staff("ancien.gestionnaire")
    record("role.granted", actor=staff, target=staff, ip_address="192.0.2.7")
    AuditEntry.objects.update(at=NOW - timedelta(days=366))
    record("role.revoked", actor=staff, target=staff, ip_address="192.0.2.8")

    assert purge(NOW).audit_entries == 1
    assert list(AuditEntry.objects.values_list("action", "ip_address")) == [
        ("role.revoked", "192.0.2.8")
    ]
