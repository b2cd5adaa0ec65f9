"""An administrator merges two accounts of one person: everything moves to the account
kept, by the stated rules, in one audited transaction."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_cas_ng.models import SessionTicket

from tremplin import testing
from tremplin.accounts.merge import MergeRefused, merge_accounts
from tremplin.accounts.models import ExternalIdentity, User, UserSession
from tremplin.audit.models import Action, AuditEntry
from tremplin.graduates.models import GraduateClaim
from tremplin.lib import personal_data
from tremplin.offers.models import Application, Favourite, Offer
from tremplin.profiles.models import Resume

pytestmark = pytest.mark.django_db


def offer(title: str) -> Offer:
    now = timezone.now()
    return Offer.objects.create(
        title=title,
        kind=Offer.Kind.INTERNSHIP,
        organisation=testing.organisation(),
        description="<p>D</p>",
        city="Clermont-Ferrand",
        domain=Offer.Domain.SCIENCE,
        publish_from=now,
        publish_until=now + timedelta(days=30),
        status=Offer.Status.PUBLISHED,
    )


def cv(user: User) -> Resume:
    resume = Resume.objects.create(user=user)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    return resume


def apply(user: User, to: Offer, message: str) -> Application:
    application = Application(offer=to, candidate=user, message=message)
    application.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    return application


@pytest.fixture
def two_accounts():
    """Alice's student account (ENT) and the graduate account she made separately."""
    student = testing.student("alice.martin", email="alice.martin@etu.univ-test.fr")
    graduate = testing.user(User.Kind.GRADUATE, email="alice@exemple.fr")
    graduate.set_password("Un-mot-de-passe-solide-2026")
    graduate.save()
    return student, graduate


def test_everything_moves_to_the_account_kept_by_the_stated_rules(
    two_accounts, mails, django_capture_on_commit_callbacks
):
    student, graduate = two_accounts
    both, only_graduate, only_student = offer("Both"), offer("Graduate"), offer("Student")
    kept_application = apply(student, both, "from the student account")
    lost_application = apply(graduate, both, "from the graduate account")
    apply(graduate, only_graduate, "moves")
    apply(student, only_student, "stays")
    Favourite.objects.create(user=graduate, offer=both)
    Favourite.objects.create(user=student, offer=both)
    Favourite.objects.create(user=graduate, offer=only_graduate)
    kept_cv, lost_cv = cv(student), cv(graduate)
    claim = GraduateClaim.objects.create(
        user=graduate, route=GraduateClaim.Route.ABSENT, last_name="Martin", first_name="Alice"
    )
    lost_files = [lost_application.cv.name, lost_cv.cv.name]
    admin = testing.administrator()

    with django_capture_on_commit_callbacks(execute=True):
        kept = merge_accounts(student.pk, graduate.pk, acting_user=admin, ip_address="192.0.2.1")

    assert not User.objects.filter(pk=graduate.pk).exists()
    assert kept.kind == User.Kind.GRADUATE  # a student who graduated
    assert kept.has_usable_password()  # the graduate's password signs in to it
    assert set(Application.objects.filter(candidate=kept).values_list("message", flat=True)) == {
        "from the student account",
        "moves",
        "stays",
    }
    assert Application.objects.get(offer=both).pk == kept_application.pk
    assert set(Favourite.objects.filter(user=kept).values_list("offer__title", flat=True)) == {
        "Both",
        "Graduate",
    }
    assert Resume.objects.get().pk == kept_cv.pk
    claim.refresh_from_db()
    assert claim.user == kept
    assert ExternalIdentity.objects.get(uid="alice.martin").user == kept
    assert kept.composantes.filter(code="SCI").exists()
    addresses = EmailAddress.objects.filter(user=kept)
    assert {(a.email, a.verified) for a in addresses} == {
        ("alice.martin@etu.univ-test.fr", True),
        ("alice@exemple.fr", True),
    }
    assert addresses.filter(primary=True).count() == 1
    storage = Resume._meta.get_field("cv").storage
    assert not any(storage.exists(name) for name in lost_files)  # gone with their rows
    entry = AuditEntry.objects.get(action=Action.ACCOUNTS_MERGED)
    assert (entry.actor, entry.target_id, entry.details["other_id"]) == (
        admin,
        str(kept.pk),
        graduate.pk,
    )
    assert entry.details["moved"]["offers.application.candidate"] == 1
    [mail] = [m for m in mails() if "ne font plus qu" in m.subject]
    assert set(mail.to) == {"alice.martin@etu.univ-test.fr", "alice@exemple.fr"}


def test_the_cv_of_the_other_account_moves_when_the_kept_one_has_none(two_accounts):
    student, graduate = two_accounts
    theirs = cv(graduate)
    merge_accounts(student.pk, graduate.pk, acting_user=testing.administrator(), ip_address=None)
    assert Resume.objects.get().pk == theirs.pk and Resume.objects.get().user == student


def test_no_row_points_at_the_deleted_account_after_a_merge(two_accounts):
    """Every relation to the account, found by introspection, holds nothing of the
    merged account afterwards: rows it pointed at moved, or went with it."""
    student, graduate = two_accounts
    apply(graduate, offer("One"), "x")
    cv(graduate)
    GraduateClaim.objects.create(
        user=graduate, route=GraduateClaim.Route.ABSENT, last_name="M", first_name="A"
    )
    moved_before = {
        holding.name: personal_data_count(holding, graduate)
        for holding in personal_data.holdings()
    }
    merge_accounts(student.pk, graduate.pk, acting_user=testing.administrator(), ip_address=None)
    from django.apps import apps

    for label, field in personal_data.relations_to_the_account():
        model = apps.get_model(label)
        if model is User:
            continue
        assert not model._base_manager.filter(**{f"{field}_id": graduate.pk}).exists(), label
    assert moved_before["offers.application.candidate"] == 1


def test_the_merged_away_account_is_signed_out_everywhere(two_accounts):
    """Alice is signed in to her graduate account in two browsers and to her student
    account in a third: after the merge, the graduate account's browsers are anonymous
    (their sessions deleted, with their ENT tickets); the student account's session is
    not ended by the merge (it is by Django, at its next request, when the merge gives
    the kept account the other's password, as here)."""
    student, graduate = two_accounts
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(graduate)
    kept_browser = Client()
    kept_browser.force_login(student)
    keys = [browser.session.session_key for browser in browsers]
    SessionTicket.objects.create(session_key=keys[0], ticket="ST-1")

    merge_accounts(student.pk, graduate.pk, acting_user=testing.administrator(), ip_address=None)

    assert not UserSession.objects.filter(session_key__in=keys).exists()
    assert not SessionTicket.objects.filter(session_key__in=keys).exists()
    assert UserSession.objects.get(user=student).session_key == kept_browser.session.session_key
    for browser in browsers:
        assert browser.get(reverse("pages:home")).wsgi_request.user.is_anonymous


def personal_data_count(holding, user) -> int:
    from tremplin.accounts.merge import _count

    return _count(holding, user)


def test_staff_and_recruiters_accounts_are_never_merged(two_accounts):
    student, _graduate = two_accounts
    admin = testing.administrator()
    for other in (testing.staff("claire.resp"), testing.recruiter("rh@a.example")):
        with pytest.raises(MergeRefused):
            merge_accounts(student.pk, other.pk, acting_user=admin, ip_address=None)
    with pytest.raises(MergeRefused):
        merge_accounts(student.pk, student.pk, acting_user=admin, ip_address=None)


def test_only_administrators_merge(two_accounts):
    student, graduate = two_accounts
    adviser = testing.staff("nina.conseil", ("career_adviser", None))
    with pytest.raises(MergeRefused):
        merge_accounts(student.pk, graduate.pk, acting_user=adviser, ip_address=None)
    assert User.objects.filter(pk=graduate.pk).exists()


def test_the_page_previews_then_merges(client, two_accounts):
    student, graduate = two_accounts
    cv(student)
    cv(graduate)
    testing.signed_in_administrator(client)
    page = client.get(
        reverse("backoffice:merge"),
        {"kept": "alice.martin@etu.univ-test.fr", "other": "alice@exemple.fr"},
    )
    text = page.content.decode()
    assert "Ce qui est déplacé" in text
    assert "Les deux comptes ont un CV : celui du compte conservé reste" in text  # the rule
    assert User.objects.filter(pk=graduate.pk).exists()  # a preview changes nothing
    response = client.post(
        reverse("backoffice:merge_confirm"), {"kept": student.pk, "other": graduate.pk}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=graduate.pk).exists()


def test_the_page_refuses_an_unknown_address(client, two_accounts):
    testing.signed_in_administrator(client)
    page = client.get(
        reverse("backoffice:merge"), {"kept": "nobody@exemple.fr", "other": "alice@exemple.fr"}
    )
    assert "Aucun compte n’a cette adresse." in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_merges_at_once_the_second_waits_then_finds_an_account_gone(two_accounts):
    student, graduate = two_accounts
    paul, anne = testing.administrator(), testing.staff("anne.admin", ("admin", None))
    with transaction.atomic():
        merge_accounts(student.pk, graduate.pk, acting_user=paul, ip_address=None)
        second = testing.Contender(  # Anne merges them the other way round meanwhile
            lambda: merge_accounts(graduate.pk, student.pk, acting_user=anne, ip_address=None)
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # she waits for Paul's lock
    second.join()
    assert isinstance(second.error, MergeRefused)
    assert list(User.objects.filter(pk__in=[student.pk, graduate.pk])) == [student]
    assert AuditEntry.objects.filter(action=Action.ACCOUNTS_MERGED).count() == 1
