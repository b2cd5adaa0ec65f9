"""Administrators accept or reject recruiters; nobody else sees the registrations."""

import pytest
from django.db import transaction
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.audit.models import AuditEntry
from tremplin.moderation.models import TransitionRefused
from tremplin.recruiters import services
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
Status = Recruiter.Status


@pytest.fixture
def lea():
    """Léa registered Atelier Numérique and confirmed her address."""
    return testing.recruiter(
        "lea.durand@atelier-numerique.example",
        status=Status.PENDING,
        organisation_of=testing.organisation("Atelier Numérique"),
        first_name="Léa",
        last_name="Durand",
    )


def sign_in(client, email: str, password: str = testing.RECRUITER_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_pending_recruiter_cannot_sign_in_yet(client, lea):
    response = sign_in(client, lea.email)
    assert "Votre compte n’est pas encore ouvert" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_administrator_sees_who_registers_for_which_organisation(client, admin, lea):
    testing.signed_in_administrator(client, admin)
    page = client.get(reverse("recruiters:detail", args=[lea.recruiter.pk])).content.decode()
    assert "Léa Durand — Atelier Numérique" in page
    assert "Nouvelle organisation, inscrite avec cette demande." in page
    assert lea.recruiter.organisation.siret_display in page
    assert "version 1, acceptée le" not in page  # the factory accepted nothing
    assert "Accepter" in page and "Refuser" in page


def test_a_recruiter_joining_a_known_organisation_is_shown_as_such(client, admin, lea):
    colleague = testing.recruiter(
        "tom@atelier-numerique.example",
        organisation_of=lea.recruiter.organisation,
        status=Status.PENDING,
    )
    colleague.recruiter.joined_existing = True
    colleague.recruiter.save()
    testing.signed_in_administrator(client, admin)
    page = client.get(reverse("recruiters:detail", args=[colleague.recruiter.pk])).content.decode()
    assert "Rejoint une organisation déjà inscrite (1 recruteur)." in page
    assert "Léa Durand — lea.durand@atelier-numerique.example (En attente de validation)" in page


def test_accepting_opens_the_account_mails_it_and_logs_it(client, admin, lea, mails):
    testing.signed_in_administrator(client, admin)
    response = client.post(
        reverse("recruiters:decide", args=[lea.recruiter.pk]),
        {"decision": "accept"},
        REMOTE_ADDR="192.0.2.1",
    )

    assert response["Location"] == reverse("recruiters:queue")
    lea.refresh_from_db()
    assert lea.is_active
    assert (lea.recruiter.status, lea.recruiter.decided_by) == (Status.ACCEPTED, admin)
    entry = AuditEntry.objects.get(action="recruiter.accepted")
    assert (entry.actor, entry.target_id, entry.ip_address) == (
        admin,
        str(lea.recruiter.pk),
        "192.0.2.1",
    )
    assert entry.details["organisation"] == "Atelier Numérique"
    [mail] = mails()
    assert mail.to == [lea.email]
    assert mail.subject == "Votre compte recruteur est ouvert"
    assert "Bonjour Léa," in mail.text
    assert "Votre inscription comme recruteur pour Atelier Numérique est acceptée." in mail.text
    assert "/compte/login/" in mail.text

    client.logout()
    response = sign_in(client, lea.email)
    assert response["Location"] == reverse("recruiters:home")
    space = client.get(reverse("recruiters:home")).content.decode()
    assert "Espace recruteur" in space and "Atelier Numérique" in space and "Acceptée" in space


def test_the_acceptance_mail_speaks_english_to_an_english_recruiter(client, admin, mails):
    tom = testing.recruiter(
        "tom@example.com", status=Status.PENDING, language="en", first_name="Tom"
    )
    services.accept(tom.recruiter.pk, acting_user=admin)
    [mail] = mails()
    assert mail.subject == "Your recruiter account is open"
    assert "Hello Tom," in mail.text and "is accepted" in mail.text


def test_rejecting_needs_a_reason_which_is_mailed(client, admin, lea, mails):
    testing.signed_in_administrator(client, admin)
    url = reverse("recruiters:decide", args=[lea.recruiter.pk])

    client.post(url, {"decision": "reject", "reason": ""})
    assert Recruiter.objects.get().status == Status.PENDING

    client.post(url, {"decision": "reject", "reason": "Aucune activité de recrutement."})
    lea.refresh_from_db()
    assert lea.recruiter.status == Status.REJECTED
    assert lea.recruiter.rejection_reason == "Aucune activité de recrutement."
    assert not lea.is_active
    entry = AuditEntry.objects.get(action="recruiter.rejected")
    assert entry.details["reason"] == "Aucune activité de recrutement."
    [mail] = mails()
    assert mail.subject == "Votre inscription comme recruteur n’a pas été acceptée"
    assert "Aucune activité de recrutement." in mail.text
    assert "Aucune activité de recrutement." in mail.html

    client.logout()
    response = sign_in(client, lea.email)
    assert "_auth_user_id" not in client.session
    assert "Votre compte n’est pas encore ouvert" in response.content.decode()


@pytest.mark.parametrize(
    "persona",
    [
        lambda: testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI"))),
        lambda: testing.staff("marc.resp", (Role.VET_MANAGER, testing.vet("L3INF"))),
        lambda: testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)),
        lambda: testing.staff("sans.role"),
        lambda: testing.recruiter("rh@biolab.example"),
        lambda: testing.student("alice.martin"),
    ],
    ids=[
        "responsable-composante",
        "responsable-vet",
        "career-adviser",
        "staff",
        "recruiter",
        "student",
    ],
)
def test_only_administrators_see_and_decide_recruiter_registrations(client, lea, persona):
    someone = persona()
    client.force_login(someone)
    pk = lea.recruiter.pk
    assert client.get(reverse("recruiters:queue")).status_code == 404
    assert client.get(reverse("recruiters:detail", args=[pk])).status_code == 404
    response = client.post(reverse("recruiters:decide", args=[pk]), {"decision": "accept"})
    assert response.status_code == 404
    assert Recruiter.objects.get(pk=pk).status == Status.PENDING
    assert not Recruiter.objects.in_scope_of(someone).exists()


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client, lea):
    response = client.get(reverse("recruiters:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:staff_login"))


def test_an_administrator_deciding_second_is_told_who_decided_first(client, admin, lea):
    anne = testing.staff("anne.admin", (Role.ADMIN, None))
    testing.signed_in_administrator(client, anne)
    client.get(reverse("recruiters:detail", args=[lea.recruiter.pk]))  # Anne reads…
    services.accept(lea.recruiter.pk, acting_user=admin)  # …while Paul accepts

    response = client.post(
        reverse("recruiters:decide", args=[lea.recruiter.pk]),
        {"decision": "reject", "reason": "Doublon."},
        follow=True,
    )

    assert f"Cette inscription a déjà été décidée par {admin} : Acceptée." in (
        response.content.decode()
    )
    assert Recruiter.objects.get().status == Status.ACCEPTED
    assert AuditEntry.objects.filter(action__startswith="recruiter.").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_the_second_waits_then_finds_it_decided(admin):
    anne = testing.staff("anne.admin", (Role.ADMIN, None))
    lea = testing.recruiter("lea@example.com", status=Status.PENDING)

    with transaction.atomic():
        services.accept(lea.recruiter.pk, acting_user=admin)  # Paul holds the row…
        second = testing.Contender(
            lambda: services.reject(lea.recruiter.pk, acting_user=anne, reason="Doublon.")
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # …Anne waits to read it
    second.join()

    assert isinstance(second.error, TransitionRefused)
    assert second.error.obj.status == Status.ACCEPTED
    assert second.error.obj.decided_by == admin
    assert Recruiter.objects.get().status == Status.ACCEPTED
    assert AuditEntry.objects.filter(action__startswith="recruiter.").count() == 1


def test_an_unconfirmed_registration_cannot_be_decided(admin):
    lea = testing.recruiter("lea@example.com", status=Status.AWAITING_EMAIL)
    with pytest.raises(TransitionRefused) as refused:
        services.accept(lea.recruiter.pk, acting_user=admin)
    assert (refused.value.action, refused.value.obj.status) == ("accept", Status.AWAITING_EMAIL)


def test_the_queue_lists_the_oldest_registrations_first(client, admin):
    first = testing.recruiter("premiere@example.com", status=Status.PENDING, last_name="Aubert")
    second = testing.recruiter("seconde@example.com", status=Status.PENDING, last_name="Zola")
    testing.recruiter("ouverte@example.com", last_name="Ouvert")  # accepted: not listed
    Recruiter.objects.filter(pk=second.recruiter.pk).update(
        created_at=first.recruiter.created_at.replace(year=2020)
    )
    testing.signed_in_administrator(client, admin)
    page = client.get(reverse("recruiters:queue")).content.decode()
    assert page.index("Zola") < page.index("Aubert")
    assert "Ouvert" not in page


def test_the_dashboard_of_a_responsable_has_no_recruiter_section(client):
    client.force_login(
        testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    )
    assert "recruteur" not in client.get(reverse("backoffice:dashboard")).content.decode()


def test_the_recruiter_space_is_for_recruiters(client):
    client.force_login(testing.student("alice.martin"))
    assert client.get(reverse("recruiters:home")).status_code == 404
    client.logout()
    response = client.get(reverse("recruiters:home"))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_trusting_an_organisation_goes_on_within_the_site(client, admin, next_url):
    biolab = testing.organisation()
    testing.signed_in_administrator(client, admin)

    response = client.post(
        reverse("recruiters:trust", args=[biolab.pk]), {"trusted": "on", "next": next_url}
    )

    assert response.status_code == 302 and response["Location"] == reverse("recruiters:queue")
