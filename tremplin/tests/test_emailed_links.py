"""E-mailed links: the mail carries a random token, the database its hash only; a link
works for its lifetime from the mail leaving, and the nightly purge deletes every link
past it, whatever app it belongs to."""

import hashlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tremplin import testing
from tremplin.graduates.models import RegistrationLink, SetPasswordLink
from tremplin.lib.links import LinkExpired, LinkInvalid, link_models
from tremplin.lib.retention import purge
from tremplin.recruiters.models import ConfirmationLink, Recruiter

pytestmark = pytest.mark.django_db


def registration_link() -> RegistrationLink:
    return RegistrationLink.objects.create(
        route=RegistrationLink.ABSENT,
        email="ines@exemple.fr",
        last_name="Garnier",
        first_name="Inès",
        birth_date=date(1995, 9, 21),
    )


def test_the_database_keeps_the_tokens_hash_only():
    link = registration_link()
    token = link.issue()

    assert testing.tables_holding(token) == set()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert RegistrationLink.objects.for_token(token) == link


def test_a_new_token_ends_the_former_one():
    link = registration_link()
    former = link.issue()
    latest = link.issue()

    with pytest.raises(LinkInvalid):
        RegistrationLink.objects.for_token(former)
    assert RegistrationLink.objects.for_token(latest) == link


def test_a_link_works_for_its_lifetime_from_the_mail_leaving():
    link = registration_link()
    RegistrationLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    token = link.issue()  # the mail left late (the mail server was down)

    assert link.expires_at == pytest.approx(
        timezone.now() + timedelta(hours=48), abs=timedelta(seconds=5)
    )
    RegistrationLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    with pytest.raises(LinkExpired):
        RegistrationLink.objects.for_token(token)


def test_the_purge_deletes_every_expired_link_of_every_app():
    assert set(link_models()) == {RegistrationLink, SetPasswordLink, ConfirmationLink}
    recruiter = testing.recruiter(status=Recruiter.Status.AWAITING_EMAIL)
    fresh = [
        registration_link(),
        SetPasswordLink.for_password_of(testing.user("graduate")),
        ConfirmationLink.objects.create(recruiter=recruiter.recruiter, email=recruiter.email),
    ]
    expired = [
        registration_link(),
        SetPasswordLink.for_password_of(testing.user("graduate")),
        ConfirmationLink.objects.create(recruiter=recruiter.recruiter, email=recruiter.email),
    ]
    for link in expired:
        type(link).objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )

    assert purge().expired_links == 3
    for link in fresh:
        assert type(link).objects.filter(pk=link.pk).exists()
    for link in expired:
        assert not type(link).objects.filter(pk=link.pk).exists()


def test_a_link_never_mailed_expires_as_if_it_had_been():
    link = registration_link()
    assert link.token_hash is None
    assert link.expires_at == pytest.approx(
        timezone.now() + timedelta(hours=48), abs=timedelta(seconds=5)
    )
