"""Somebody joining an organisation by its SIRET (which is public) is put to its recruiters
first: an accepted recruiter reads every application the organisation receives. A
colleague confirms, and the administrators decide; a colleague refuses, and it ends
there. (Security review, issue 10, hole 9.)

Sophie recruits for BioLab Auvergne, whose SIRET Léa types to register."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.accounts.permissions import is_open_recruiter
from tremplin.audit.models import AuditEntry
from tremplin.moderation.models import TransitionRefused
from tremplin.recruiters import services
from tremplin.recruiters.models import COLLEAGUES_DAYS, JoinRequest, Recruiter

pytestmark = pytest.mark.django_db
Status = Recruiter.Status
SIRET = "418 529 632 00014"


@pytest.fixture
def biolab():
    return testing.organisation("BioLab Auvergne", siret_number=SIRET.replace(" ", ""))


@pytest.fixture
def sophie(biolab):
    return testing.recruiter(
        "rh@biolab-auvergne.example", organisation_of=biolab, first_name="Sophie"
    )


@pytest.fixture
def lea_joins(client, register, mails):
    """Léa registers with BioLab's SIRET and confirms her address; her registration."""

    def join() -> Recruiter:
        register(siret=SIRET)
        client.post(mails()[-1].link("confirmation"))
        return Recruiter.objects.get(user__email="lea.durand@atelier-numerique.example")

    return join


def admin_queue(client, admin) -> str:
    testing.signed_in_administrator(client, admin)
    client.cookies.pop("messages", None)  # the message of a decision taken before
    return client.get(reverse("recruiters:queue")).content.decode()


def test_joining_an_organisation_with_recruiters_asks_them_first(
    client, sophie, lea_joins, admin, mails
):
    lea = lea_joins()
    assert lea.status == Status.AWAITING_COLLEAGUES and lea.joined_existing
    assert JoinRequest.objects.get(recruiter=lea).is_pending
    entry = AuditEntry.objects.get(action="recruiter.join_requested")
    assert entry.details["asked"] == [sophie.email]
    mail = mails()[-1]
    assert mail.to == [sophie.email]
    assert mail.subject == "Travaillez-vous avec Léa Durand chez BioLab Auvergne ?"
    assert "lea.durand@atelier-numerique.example" in mail.text
    assert "Responsable des ressources humaines" in mail.text
    assert "chaque candidature" in mail.text
    assert mail.link("recruteurs/demandes/") == reverse(
        "recruiters:join_request", args=[lea.join_request.pk]
    )

    assert "Léa Durand" not in admin_queue(client, admin)
    with pytest.raises(TransitionRefused):
        services.accept(lea.pk, acting_user=admin)
    lea.refresh_from_db()
    assert lea.status == Status.AWAITING_COLLEAGUES and not lea.user.is_active


def test_the_confirmation_page_says_the_colleagues_are_asked(client, sophie, register, mails):
    register(siret=SIRET)
    page = client.post(mails()[-1].link("confirmation")).content.decode()
    assert "BioLab Auvergne a déjà des recruteurs" in page


def test_a_colleague_confirms_then_the_administrators_decide(
    client, sophie, lea_joins, admin, mails
):
    lea = lea_joins()
    client.force_login(sophie)
    home = client.get(reverse("recruiters:home")).content.decode()
    assert "1 personne s’est inscrite comme recruteur de votre organisation" in home
    link = mails()[-1].link("recruteurs/demandes/")
    page = client.get(link).content.decode()
    assert "Travaillez-vous avec Léa Durand ?" in page
    assert "chaque candidature" in page

    response = client.post(
        reverse("recruiters:join_decide", args=[lea.join_request.pk]),
        {"decision": "confirm"},
        REMOTE_ADDR="192.0.2.9",
    )
    assert response["Location"] == reverse("recruiters:join_requests")
    lea.refresh_from_db()
    assert (lea.status, lea.join_request.decided_by) == (Status.PENDING, sophie)
    assert not lea.user.is_active  # the administrators still decide
    entry = AuditEntry.objects.get(action="recruiter.join_confirmed")
    assert (entry.actor, entry.ip_address) == (sophie, "192.0.2.9")

    queue = admin_queue(client, admin)
    assert "Léa Durand" in queue and "confirmée par un collègue" in queue
    detail = client.get(reverse("recruiters:detail", args=[lea.pk])).content.decode()
    assert "accès à toutes les offres de BioLab Auvergne" in detail
    assert f"{sophie}, recruteur de l’organisation, a confirmé le" in detail
    services.accept(lea.pk, acting_user=admin)
    lea.user.refresh_from_db()
    assert is_open_recruiter(lea.user)


def test_refused_by_a_colleague_it_never_reaches_the_administrators_nor_opens(
    client, sophie, lea_joins, admin, mails
):
    lea = lea_joins()
    client.force_login(sophie)
    url = reverse("recruiters:join_decide", args=[lea.join_request.pk])
    client.post(url, {"decision": "reject", "reason": ""})
    lea.refresh_from_db()
    assert lea.status == Status.AWAITING_COLLEAGUES  # a refusal says why

    client.post(url, {"decision": "reject", "reason": "Personne inconnue chez nous."})
    lea.refresh_from_db()
    assert (lea.status, lea.decided_by, lea.rejection_reason) == (
        Status.REJECTED,
        sophie,
        "Personne inconnue chez nous.",
    )
    assert AuditEntry.objects.get(action="recruiter.join_refused").actor == sophie
    mail = mails()[-1]
    assert mail.to == [lea.user.email]
    assert "Personne inconnue chez nous." in mail.text

    assert "Léa Durand" not in admin_queue(client, admin)
    with pytest.raises(TransitionRefused):
        services.accept(lea.pk, acting_user=admin)
    with pytest.raises(TransitionRefused):
        services.reject(lea.pk, acting_user=admin, reason="Doublon.")
    assert services.forward_unanswered_requests(now=timezone.now() + timedelta(days=30)) == 0
    lea.user.refresh_from_db()
    assert not lea.user.is_active and not is_open_recruiter(lea.user)
    visitor = Client()
    visitor.post(
        reverse("account_login"),
        {"login": lea.user.email, "password": "Un-stage-à-Clermont-2026"},
    )
    assert "_auth_user_id" not in visitor.session


@pytest.mark.parametrize(
    ("persona", "refused"),
    [
        (lambda: testing.recruiter("marc@ailleurs.example"), 404),
        (
            lambda: testing.recruiter(
                "tom@biolab-auvergne.example",
                organisation_of=Recruiter.objects.get(user__first_name="Sophie").organisation,
                status=Status.PENDING,
            ),
            302,  # an account not open yet is signed out
        ),
        (lambda: testing.administrator("anne.admin"), 404),
        (lambda: testing.student("alice.martin"), 404),
    ],
    ids=[
        "recruiter-of-another-organisation",
        "colleague-not-accepted",
        "administrator",
        "student",
    ],
)
def test_nobody_but_the_organisations_open_recruiters_sees_or_answers(
    client, sophie, lea_joins, persona, refused
):
    lea = lea_joins()
    join = lea.join_request
    someone = persona()
    client.force_login(someone)
    assert "Léa Durand" not in client.get(reverse("recruiters:join_requests")).content.decode()
    detail = client.get(reverse("recruiters:join_request", args=[join.pk]))
    assert detail.status_code == refused
    response = client.post(
        reverse("recruiters:join_decide", args=[join.pk]), {"decision": "confirm"}
    )
    assert response.status_code == refused
    join.refresh_from_db()
    assert join.is_pending
    with pytest.raises(JoinRequest.DoesNotExist):
        services.confirm_colleague(join.pk, acting_user=someone)


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_answering_at_once_the_second_waits_then_is_told(sophie, biolab):
    tom = testing.recruiter("tom@biolab-auvergne.example", organisation_of=biolab)
    lea = testing.recruiter(
        "lea@exemple.fr", organisation_of=biolab, status=Status.AWAITING_COLLEAGUES
    )
    join = JoinRequest.objects.create(recruiter=lea.recruiter)

    with transaction.atomic():
        services.confirm_colleague(join.pk, acting_user=sophie)  # Sophie holds the row…
        second = testing.Contender(
            lambda: services.refuse_colleague(join.pk, acting_user=tom, reason="Inconnue.")
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # …Tom waits to read it
    second.join()

    assert isinstance(second.error, TransitionRefused)
    assert second.error.obj.is_accepted
    lea.recruiter.refresh_from_db()
    assert (lea.recruiter.status, lea.recruiter.rejection_reason) == (Status.PENDING, "")
    assert not AuditEntry.objects.filter(action="recruiter.join_refused").exists()


def test_unanswered_requests_go_to_the_administrators_with_a_warning(
    client, sophie, lea_joins, admin
):
    lea = lea_joins()
    assert services.forward_unanswered_requests() == 0
    later = timezone.now() + timedelta(days=COLLEAGUES_DAYS, minutes=1)
    assert services.forward_unanswered_requests(now=later) == 1
    assert services.forward_unanswered_requests(now=later) == 0
    lea.refresh_from_db()
    assert lea.status == Status.PENDING and lea.join_request.is_unanswered
    assert AuditEntry.objects.filter(action="recruiter.join_unanswered").count() == 1
    queue = admin_queue(client, admin)
    assert "Léa Durand" in queue and "aucun collègue n’a répondu" in queue
    detail = client.get(reverse("recruiters:detail", args=[lea.pk])).content.decode()
    assert "Aucun recruteur de l’organisation n’a répondu en 7 jours" in detail
    client.force_login(sophie)
    assert (
        client.get(reverse("recruiters:join_request", args=[lea.join_request.pk])).status_code
        == 200
    )
    with pytest.raises(TransitionRefused):  # too late: the administrators decide
        services.confirm_colleague(lea.join_request.pk, acting_user=sophie)


def test_without_an_open_recruiter_the_administrators_decide_warned(
    client, biolab, lea_joins, admin
):
    testing.recruiter("tom@biolab-auvergne.example", organisation_of=biolab, status=Status.PENDING)
    lea = lea_joins()
    assert lea.status == Status.PENDING and lea.joined_existing
    assert not JoinRequest.objects.exists()
    testing.signed_in_administrator(client, admin)
    detail = client.get(reverse("recruiters:detail", args=[lea.pk])).content.decode()
    assert "accès à toutes les offres de BioLab Auvergne" in detail
    assert "n’a aucun recruteur dont le compte est ouvert" in detail


def test_a_new_organisation_is_not_warned_about(client, register, mails, admin):
    register()
    client.post(mails()[-1].link("confirmation"))
    testing.signed_in_administrator(client, admin)
    registration = Recruiter.objects.get()
    detail = client.get(reverse("recruiters:detail", args=[registration.pk])).content.decode()
    assert "accès à toutes les offres" not in detail


def test_unanswered_requests_are_forwarded_every_hour():
    from procrastinate.contrib.django import app

    periodic = {
        task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }
    assert periodic["forward_unanswered_join_requests"] == "20 * * * *"
