"""Who may open what: every URL of the project, for every kind of person, in one table.

The routes are read from the URLconf itself (every pattern, recursively): a route with no
row in `ROUTES` fails `test_every_route_declares_who_may_open_it`, so a new page cannot be
added without saying who opens it. Each row gives the answer each persona gets:

- `OK` (200), `IN` (a redirect to a sign-in page), `GO` (a redirect elsewhere: the
  persona is already signed in, or the page leads to the ENT), `MFA` (to the TOTP check);
- a status: 403, 404 (what Tremplin answers a signed-in person who may not see a page: its
  existence is not theirs to know), 405, 503.

Pages are asked with GET. For a route that takes only POST (`post` in its row), the row gives
`USE` for the personas who may use it (their GET gets 405; nothing is posted) and, for
the others, the refusal a POST carrying a valid CSRF token gets: the refusal does not
rest on the method. Their GET gets that refusal or 405 (the method may be checked first:
a 405 says nothing of the object).

The objects the routes name are made once for the module: organisation A's offers
(published and submitted, aimed at composante A), an application to the published one, a
claim of composante A with its proof, a registration waiting for the administrators, a
request to join organisation A, a registry import, a role; recruitment events (one open to
everyone, a job dating of composante A with a registration, a slot and a booking, a proposal
of organisation A, a stand request of organisation B); the administrator's export model and
export file. Demo routes exist only with the demo on; the Django admin's routes are one row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from devcas.testing import free_port
from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User

Role = RoleAssignment.Role

PERSONAS = (
    "anonymous",
    "student",
    "graduate",
    "recruiter_a",
    "recruiter_b",
    "responsable_a",
    "responsable_vet",
    "adviser",
    "admin",
)
OK, IN, GO, MFA, USE = 200, "sign-in", "elsewhere", "mfa", "use"
SIGN_IN_PATHS = ("/compte/login/", "/compte/personnels/", "/django-admin/login/")


@dataclass(frozen=True)
class Row:
    """One route: its URL name, the answer of each persona (in the order of `PERSONAS`), and
    its parameters: names of the module's objects (`World.objects`) or literal values."""

    name: str
    answers: tuple
    kwargs: dict = field(default_factory=dict)
    post_only: bool = False


ANSWERS = {"OK": OK, "IN": IN, "GO": GO, "MFA": MFA, "USE": USE}


def table(text: str) -> list[Row]:
    """The rows of a table written as the reader sees it: a URL name, one answer per
    persona, then `post` and `key=value` parameters; `#` starts a comment."""
    rows = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        name, answers, parameters = (
            words[0],
            words[1 : len(PERSONAS) + 1],
            words[len(PERSONAS) + 1 :],
        )
        assert len(answers) == len(PERSONAS), line
        kwargs = dict(word.split("=", 1) for word in parameters if word != "post")
        rows.append(
            Row(
                name,
                tuple(ANSWERS[a] if a in ANSWERS else int(a) for a in answers),
                kwargs,
                post_only="post" in parameters,
            )
        )
    return rows


ROUTES = table(
    """
# name                                  anon  stud  grad  recA  recB  resA  resV  advi  admin  parameters
# Public pages
pages:home                              OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:help_index                        OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:help                              OK    OK    OK    OK    OK    OK    OK    OK    OK    audience=etudiant
pages:tutorial_file                     404   404   404   404   404   404   404   404   404   audience=etudiant name=etudiant.webm  # no film built
pages:set_language                      USE   USE   USE   USE   USE   USE   USE   USE   USE   post
pages:mentions-legales                  OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:cgu                               OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:charte                            OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:donnees-personnelles              OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:accessibilite                     OK    OK    OK    OK    OK    OK    OK    OK    OK
# For the load balancer: "not ok" here, as no worker beats in this test (lib/health.py)
healthz                                 503   503   503   503   503   503   503   503   503
pages:robots                            OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:sitemap                           OK    OK    OK    OK    OK    OK    OK    OK    OK
pages:sitemap_section                   OK    OK    OK    OK    OK    OK    OK    OK    OK    section=offers
# Sign-in through the ENT (signed-in people go on to the page they asked for)
# (the ENT is down in this test: 503; up, it is where the anonymous visitor goes)
accounts:cas_login                      503   GO    GO    GO    GO    GO    GO    GO    GO
accounts:student_login                  503   GO    GO    GO    GO    GO    GO    GO    GO
accounts:staff_login                    503   GO    GO    GO    GO    GO    GO    GO    GO
accounts:staff_ldap_login               404   404   404   404   404   404   404   404   404  # LDAP off
accounts:logout                         USE   USE   USE   USE   USE   USE   USE   USE   USE   post
accounts:charter                        IN    GO    GO    GO    GO    GO    GO    GO    GO  # accepted already
accounts:account                        IN    OK    OK    OK    OK    OK    OK    OK    OK
accounts:my_data                        IN    OK    OK    OK    OK    OK    OK    OK    OK
accounts:my_data_download               IN    USE   USE   USE   USE   USE   USE   USE   USE   post
accounts:delete_account                 IN    USE   USE   USE   USE   404   404   404   404   post  # staff: the directory
# Local accounts (allauth)
account_login                           OK    GO    GO    GO    GO    GO    GO    GO    GO
account_logout                          GO    OK    OK    OK    OK    OK    OK    OK    OK
account_inactive                        OK    OK    OK    OK    OK    OK    OK    OK    OK
account_signup                          OK    GO    GO    GO    GO    GO    GO    GO    GO  # says it is closed
account_reauthenticate                  IN    403   403   OK    OK    403   403   403   403  # ENT: no password
account_email                           IN    OK    OK    OK    OK    OK    OK    OK    OK
account_email_verification_sent         OK    OK    OK    OK    OK    OK    OK    OK    OK
account_change_password                 IN    GO    GO    OK    OK    404   404   404   404  # ENT: no password
account_set_password                    IN    OK    OK    GO    GO    404   404   404   404
account_reset_password                  OK    OK    OK    OK    OK    OK    OK    OK    OK
account_confirm_login_code              IN    GO    GO    GO    GO    GO    GO    GO    GO
account_confirm_email                   OK    OK    OK    OK    OK    OK    OK    OK    OK    key=invalid
account_reset_password_from_key_done    OK    OK    OK    OK    OK    OK    OK    OK    OK
account_reset_password_from_key         OK    OK    OK    OK    OK    OK    OK    OK    OK    uidb36=1 key=set-password
account_reset_password_done             OK    OK    OK    OK    OK    OK    OK    OK    OK
accounts:password_change                IN    GO    GO    OK    OK    404   404   404   404  # staff: none
accounts:password_set                   IN    OK    OK    GO    GO    404   404   404   404
accounts:activate_totp                  IN    OK    OK    GO    GO    OK    OK    OK    OK
accounts:recovery_codes                 IN    404   404   404   404   404   404   404   404  # no TOTP yet
mfa_index                               IN    OK    OK    OK    OK    OK    OK    OK    OK
mfa_authenticate                        IN    GO    GO    GO    GO    GO    GO    GO    GO
mfa_reauthenticate                      IN    403   403   GO    GO    403   403   403   403
mfa_activate_totp                       IN    OK    OK    GO    GO    OK    OK    OK    OK
mfa_deactivate_totp                     IN    404   404   404   404   404   404   404   404  # no TOTP yet
mfa_view_recovery_codes                 IN    404   404   404   404   404   404   404   404
mfa_generate_recovery_codes             IN    OK    OK    GO    GO    OK    OK    OK    OK  # GO: reauthenticate
mfa_download_recovery_codes             IN    404   404   404   404   404   404   404   404
# Graduates: registration (links of no registration), claims (one of composante A)
graduates:register                      OK    OK    OK    OK    OK    OK    OK    OK    OK
graduates:sent                          OK    OK    OK    OK    OK    OK    OK    OK    OK
graduates:next_step                     404   404   404   404   404   404   404   404   404   token=invalid
graduates:set_password                  404   404   404   404   404   404   404   404   404   token=invalid
graduates:claims                        IN    404   404   404   404   OK    OK    404   OK
graduates:claim                         IN    404   404   404   404   OK    404   404   OK    pk=claim
graduates:claim_decide                  IN    404   404   404   404   USE   404   404   USE   post pk=claim
graduates:claim_proof                   IN    404   404   404   404   OK    404   404   OK    pk=claim
# Recruiters: registration, their space, requests to join organisation A, validation
recruiters:register                     OK    OK    OK    OK    OK    OK    OK    OK    OK
recruiters:sent                         OK    OK    OK    OK    OK    OK    OK    OK    OK
recruiters:confirm                      404   404   404   404   404   404   404   404   404   token=invalid
recruiters:home                         IN    404   404   OK    OK    404   404   404   404
recruiters:join_requests                IN    404   404   OK    OK    404   404   404   404
recruiters:join_request                 IN    404   404   OK    404   404   404   404   404   pk=join_request
recruiters:join_decide                  IN    404   404   USE   404   404   404   404   404   post pk=join_request
recruiters:queue                        IN    404   404   404   404   404   404   404   MFA
recruiters:detail                       IN    404   404   404   404   404   404   404   MFA   pk=registration
recruiters:decide                       IN    404   404   404   404   404   404   404   MFA   post pk=registration
recruiters:trust                        IN    404   404   404   404   404   404   404   MFA   post pk=organisation_a
# Offers: organisation A's, aimed at composante A (the search lists the public offers to
# everybody; a targeted offer sends a visitor who is not signed in to sign in)
offers:search                           OK    OK    OK    OK    OK    OK    OK    OK    OK
offers:detail                           IN    OK    OK    OK    404   OK    404   OK    OK    pk=published_offer
offers:feed                             OK    OK    OK    OK    OK    OK    OK    OK    OK
offers:apply                            IN    USE   USE   404   404   404   404   404   404   post pk=published_offer
offers:favourite                        IN    USE   USE   404   404   404   404   404   404   post pk=published_offer
offers:my_applications                  IN    OK    OK    404   404   404   404   404   404
offers:favourites                       IN    OK    OK    404   404   404   404   404   404
offers:recruiter_offers                 IN    404   404   OK    OK    404   404   404   404
offers:create                           IN    404   404   OK    OK    404   404   404   404
offers:edit                             IN    404   404   OK    404   404   404   404   404   pk=published_offer
offers:submit                           IN    404   404   USE   404   404   404   404   404   post pk=published_offer
offers:fill                             IN    404   404   USE   404   404   404   404   404   post pk=published_offer
offers:archive                          IN    404   404   USE   404   404   404   404   404   post pk=published_offer
offers:offer_applications               IN    404   404   OK    404   404   404   404   404   pk=published_offer
offers:application                      IN    404   404   OK    404   404   404   404   404   pk=application
offers:application_cv                   IN    404   404   OK    404   404   404   404   404   pk=application
offers:queue                            IN    404   404   404   404   OK    OK    OK    OK
offers:staff_create                     IN    404   404   404   404   OK    OK    OK    OK
offers:moderation                       IN    404   404   404   404   OK    404   OK    OK    pk=submitted_offer
offers:decide                           IN    404   404   404   404   USE   404   USE   USE   post pk=submitted_offer
# Recruitment events: one open to everyone, a job dating aimed at composante A (organisation
# A takes part; the student registered and booked a slot, sharing her CV), organisation
# A's proposal aimed at composante A, organisation B's stand request at the open one
events:listing                          OK    OK    OK    OK    OK    OK    OK    OK    OK
events:archive                          OK    OK    OK    OK    OK    OK    OK    OK    OK
events:detail                           OK    OK    OK    OK    OK    OK    OK    OK    OK    pk=public_event
events:ics                              IN    OK    OK    OK    OK    OK    404   OK    OK    pk=sci_event
events:feed                             404   404   404   404   404   404   404   404   404   token=invalid
events:register                         IN    USE   USE   404   404   404   404   404   404   post pk=sci_event
events:my_registrations                 IN    OK    OK    404   404   404   404   404   404
events:registration                     IN    OK    404   404   404   404   404   404   404   pk=event_registration
events:cancel                           IN    USE   404   404   404   404   404   404   404   post pk=event_registration
events:feed_new                         IN    USE   USE   404   404   404   404   404   404   post
events:feed_revoke                      IN    USE   USE   404   404   404   404   404   404   post
events:slots                            IN    OK    OK    404   404   404   404   404   404   pk=sci_event
events:book                             IN    USE   USE   404   404   404   404   404   404   post pk=slot
events:cancel_booking                   IN    USE   404   404   404   404   404   404   404   post pk=booking
events:recruiter_events                 IN    404   404   OK    OK    404   404   404   404
events:propose                          IN    404   404   OK    OK    404   404   404   404
events:ask_stand                        IN    404   404   USE   USE   404   404   404   404   post pk=public_event
events:schedule                         IN    404   404   OK    404   404   404   404   404   pk=sci_event
events:booking_cv                       IN    404   404   OK    404   404   404   404   404   pk=booking
events:registrants                      IN    404   404   404   404   OK    404   OK    OK    pk=sci_event
events:check_in                         IN    404   404   OK    404   OK    404   OK    OK    pk=proposed_event
events:export_csv                       IN    404   404   404   404   OK    404   OK    OK    pk=sci_event
events:export_xlsx                      IN    404   404   OK    404   OK    404   OK    OK    pk=proposed_event
events:organisations                    IN    404   404   404   404   OK    404   OK    OK    pk=sci_event
events:staff_events                     IN    404   404   404   404   OK    OK    OK    OK
events:staff_create                     IN    404   404   404   404   OK    OK    OK    OK
events:queue                            IN    404   404   404   404   OK    OK    OK    OK
events:moderation                       IN    404   404   404   404   OK    404   OK    OK    pk=proposed_event
events:decide                           IN    404   404   404   404   USE   404   USE   USE   post pk=proposed_event
events:stand_queue                      IN    404   404   404   404   OK    OK    OK    OK
events:stand                            IN    404   404   404   404   404   404   OK    OK    pk=stand_request
events:stand_decide                     IN    404   404   404   404   404   404   USE   USE   post pk=stand_request
# The candidate's CV (the student has one, the graduate none)
profiles:cv                             IN    USE   USE   404   404   404   404   404   404   post
profiles:cv_download                    IN    OK    404   404   404   404   404   404   404
# Mails one opts into: one's choice (signed in, or through a mail's signed link)
mailings:preferences                    IN    OK    OK    OK    OK    OK    OK    OK    OK
mailings:link_preferences               404   404   404   404   404   404   404   404   404   token=invalid
mailings:unsubscribe                    404   404   404   404   404   404   404   404   404   token=invalid kind=alerts
# Newsletters: one of responsable A's, to composante A, sent, received by the student
newsletters:list                        IN    404   404   404   404   OK    OK    OK    OK
newsletters:create                      IN    404   404   404   404   OK    OK    OK    OK
newsletters:detail                      IN    404   404   404   404   OK    404   OK    OK    pk=newsletter
newsletters:edit                        IN    404   404   404   404   GO    404   GO    GO    pk=newsletter  # sent: to its page
newsletters:schedule                    IN    404   404   404   404   USE   404   USE   USE   post pk=newsletter
newsletters:unschedule                  IN    404   404   404   404   USE   404   USE   USE   post pk=newsletter
newsletters:archive                     IN    OK    OK    OK    OK    OK    OK    OK    OK
newsletters:received                    IN    OK    404   404   404   404   404   404   404   pk=newsletter
# Search profile, saved searches and alerts (the student has a profile and a saved search)
alerts:welcome                          IN    GO    OK    404   404   404   404   404   404  # seen already: on
alerts:search_profile                   IN    OK    OK    404   404   404   404   404   404
alerts:settings                         IN    OK    OK    404   404   404   404   404   404
alerts:profile_alert                    IN    USE   USE   404   404   404   404   404   404   post
alerts:save_search                      IN    USE   USE   404   404   404   404   404   404   post
alerts:search_alert                     IN    USE   404   404   404   404   404   404   404   post pk=saved_search
alerts:delete_search                    IN    USE   404   404   404   404   404   404   404   post pk=saved_search
# Back office
backoffice:dashboard                    IN    404   404   404   404   OK    OK    OK    OK
backoffice:registry_imports             IN    404   404   404   404   404   404   404   MFA
backoffice:registry_import              IN    404   404   404   404   404   404   404   MFA   pk=registry_import
backoffice:legal_documents              IN    404   404   404   404   404   404   404   MFA
backoffice:legal_document_edit          IN    404   404   404   404   404   404   404   MFA   kind=cgu
backoffice:acceptances                  IN    404   404   404   404   404   404   404   MFA   kind=cgu
backoffice:roles                        IN    404   404   404   404   404   404   404   MFA
backoffice:role_revoke                  IN    404   404   404   404   404   404   404   MFA   post pk=role
backoffice:audit_log                    IN    404   404   404   404   404   404   404   MFA
backoffice:periodic_jobs                IN    404   404   404   404   404   404   404   MFA
backoffice:merge                        IN    404   404   404   404   404   404   404   MFA
backoffice:merge_confirm                IN    404   404   404   404   404   404   404   MFA   post
backoffice:people                       IN    404   404   404   404   OK    OK    404   OK
backoffice:person                       IN    404   404   404   404   OK    OK    404   OK    pk=student
# Figures and exports (each section, each export further by the right over its rows)
reports:statistics                      IN    404   404   404   404   OK    OK    OK    OK
reports:exports                         IN    404   404   404   404   OK    OK    OK    OK
reports:export                          IN    404   404   404   404   OK    OK    404   OK    kind=people
reports:export_model_delete             IN    404   404   404   404   404   404   404   USE   post pk=export_model  # the admin's
reports:export_file                     IN    404   404   404   404   404   404   404   OK    pk=export_file  # the admin's
reports:export_file_download            IN    404   404   404   404   404   404   404   OK    pk=export_file
# The demo's outbox (only with the demo on)
demo:mails                              OK    OK    OK    OK    OK    OK    OK    OK    OK
demo:mail                               404   404   404   404   404   404   404   404   404   name=invalid.eml
"""
)


# --- The people and the objects -------------------------------------------------------


@dataclass
class World:
    people: dict[str, User | None]
    objects: dict[str, object]
    media: Path


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everything the routes name, made once and rolled back after the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        previous_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, media
        try:
            yield _make_world(media)
        finally:
            settings.MEDIA_ROOT = previous_media
            transaction.set_rollback(True)


def _make_world(media: Path) -> World:
    from tremplin.accounts.defaults import publish_first_versions
    from tremplin.accounts.models import LegalDocument
    from tremplin.alerts.models import SavedSearch
    from tremplin.directory.models import RegistryImport
    from tremplin.graduates.models import GraduateClaim
    from tremplin.newsletters.models import Delivery, Newsletter
    from tremplin.offers.models import Application, Offer
    from tremplin.offers.search import indexing
    from tremplin.profiles.models import Resume, SearchProfile
    from tremplin.recruiters.models import JoinRequest, Recruiter
    from tremplin.reports.models import ExportFile, ExportModel

    publish_first_versions(LegalDocument)  # staff accept the charter
    sci, l3inf = testing.composante("SCI"), testing.vet("L3INF", "SCI")
    organisation_a = testing.organisation("Organisation A")
    student = testing.student("alice.martin", composante_code="SCI", vet_code="L3INF")
    graduate = testing.user(User.Kind.GRADUATE, uid="gaelle.roux")
    graduate.composantes.add(sci)
    graduate.vets.add(l3inf)
    people = {
        "anonymous": None,
        "student": student,
        "graduate": graduate,
        "recruiter_a": testing.recruiter("rh@a.example", organisation_of=organisation_a),
        "recruiter_b": testing.recruiter("rh@b.example"),
        "responsable_a": testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci)),
        "responsable_vet": testing.staff("marc.resp", (Role.VET_MANAGER, l3inf)),
        "adviser": testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)),
        "admin": testing.administrator(),
    }
    for uid in ("student", "responsable_a", "responsable_vet", "adviser", "admin"):
        people[uid].set_unusable_password()  # signed in through the ENT, as in life
        people[uid].save()
    now = timezone.now()

    def offer(status: str) -> Offer:
        made = Offer.objects.create(
            title=f"Offre {status}",
            kind=Offer.Kind.INTERNSHIP,
            organisation=organisation_a,
            description="<p>Description</p>",
            city="Clermont-Ferrand",
            domain=Offer.Domain.SCIENCE,
            publish_from=now - timedelta(days=1),
            publish_until=now + timedelta(days=30),
            status=status,
            submitted_at=now - timedelta(days=2),
            published_at=now if status == Offer.Status.PUBLISHED else None,
        )
        made.composantes.set([sci])
        return made

    published, submitted = offer(Offer.Status.PUBLISHED), offer(Offer.Status.SUBMITTED)
    indexing.reindex([published.pk])
    application = Application(offer=published, candidate=student, message="Bonjour.")
    application.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    resume = Resume.objects.create(user=student)
    resume.cv.save("cv.pdf", ContentFile(testing.pdf_bytes()), save=True)
    SearchProfile.objects.create(user=student, kinds=["stage"])
    saved_search = SavedSearch.objects.create(user=student, name="Stages", query="type=stage")

    claimant = testing.user(User.Kind.GRADUATE, uid="hugo.lambert", is_active=False)
    claim = GraduateClaim.objects.create(
        user=claimant,
        route=GraduateClaim.Route.DIPLOMA_NOT_FOUND,
        composante=sci,
        last_name="Lambert",
        first_name="Hugo",
        birth_date=now.date() - timedelta(days=9000),
    )
    claim.proof.save("proof.pdf", ContentFile(testing.pdf_bytes()), save=True)

    waiting = testing.recruiter("new@c.example", status=Recruiter.Status.PENDING)
    joining = testing.recruiter(
        "new@a.example",
        organisation_of=organisation_a,
        status=Recruiter.Status.AWAITING_COLLEAGUES,
    )
    export_file = ExportFile.objects.create(
        owner=people["admin"], kind="people", columns=["email"], status=ExportFile.Status.DONE
    )
    export_file.file.save("export.xlsx", ContentFile(b"PK"), save=True)
    events = _make_events(now, people, organisation_a, sci)
    newsletter = Newsletter.objects.create(
        subject="Forum",
        body="Forum",
        body_html="<p>Forum</p>",
        author=people["responsable_a"],
        status=Newsletter.Status.SENT,
        sent_at=now,
    )
    newsletter.composantes.set([sci])
    Delivery.objects.create(newsletter=newsletter, user=student, status=Delivery.Status.SENT)
    objects = {
        **events,
        "newsletter": newsletter.pk,
        "published_offer": published.pk,
        "submitted_offer": submitted.pk,
        "application": application.pk,
        "claim": claim.pk,
        "registration": waiting.recruiter.pk,
        "organisation_a": organisation_a.pk,
        "join_request": JoinRequest.objects.create(recruiter=joining.recruiter).pk,
        "registry_import": RegistryImport.objects.create(original_name="export.csv").pk,
        "role": people["responsable_vet"].roles.get().pk,
        "student": student.pk,
        "export_model": ExportModel.objects.create(
            owner=people["admin"], kind="people", name="Annuel", columns=["email"]
        ).pk,
        "export_file": export_file.pk,
        "saved_search": saved_search.pk,
    }
    return World(people=people, objects=objects, media=media)


def _make_events(now, people, organisation_a, sci) -> dict[str, int]:
    from tremplin.events.models import Booking, Event, Participation, Registration, Slot

    def event(title: str, **fields) -> Event:
        values = {
            "kind": Event.Kind.FORUM,
            "description": "<p>Description</p>",
            "place": "Campus",
            "starts_at": now + timedelta(days=3),
            "ends_at": now + timedelta(days=3, hours=3),
            "registration_opens_at": now - timedelta(days=1),
            "registration_closes_at": now + timedelta(days=2),
            "capacity": 50,
            "status": Event.Status.PUBLISHED,
            **fields,
        }
        return Event.objects.create(title=title, **values)

    public = event("Forum pour tous")
    job_dating = event("Job dating SCI", kind=Event.Kind.JOB_DATING)
    job_dating.composantes.set([sci])
    Participation.objects.create(
        event=job_dating, organisation=organisation_a, status=Participation.Status.ACCEPTED
    )
    proposed = event(
        "Présentation A",
        kind=Event.Kind.PRESENTATION,
        organisation=organisation_a,
        status=Event.Status.SUBMITTED,
    )
    proposed.composantes.set([sci])
    stand_request = Participation.objects.create(
        event=public, organisation=people["recruiter_b"].recruiter.organisation
    )
    registration = Registration.objects.create(
        event=job_dating, person=people["student"], status=Registration.Status.REGISTERED
    )
    slot = Slot.objects.create(
        event=job_dating,
        organisation=organisation_a,
        starts_at=job_dating.starts_at,
        ends_at=job_dating.starts_at + timedelta(minutes=15),
    )
    free_slot = Slot.objects.create(
        event=job_dating,
        organisation=organisation_a,
        starts_at=job_dating.starts_at + timedelta(minutes=15),
        ends_at=job_dating.starts_at + timedelta(minutes=30),
    )
    booking = Booking.objects.create(
        slot=slot,
        event=job_dating,
        organisation=organisation_a,
        candidate=people["student"],
        share_cv=True,
    )
    return {
        "public_event": public.pk,
        "sci_event": job_dating.pk,
        "proposed_event": proposed.pk,
        "stand_request": stand_request.pk,
        "event_registration": registration.pk,
        "slot": free_slot.pk,
        "booking": booking.pk,
    }


# --- Reading the URLconf --------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespaced; "admin:None" for the admin's few unnamed routes
    pattern: URLPattern
    prefix: str  # the patterns it is included under, as written


def routes(patterns=None, namespace: str = "", prefix: str = "") -> list[Route]:
    """Every route of the project."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            found.append(Route(f"{namespace}{pattern.name}", pattern, prefix))
    return found


def rows_by_name() -> dict[str, Row]:
    return {r.name: r for r in ROUTES}


def is_admin_site(route: Route) -> bool:
    return route.name.startswith("admin:")


def test_every_route_declares_who_may_open_it():
    declared = rows_by_name()
    names = [route.name for route in routes() if not is_admin_site(route)]
    assert [n for n in names if n.endswith("None")] == [], "every route has a name"
    assert [n for n in names if n not in declared] == [], "routes with no row in ROUTES"
    stale = set(declared) - set(names) - {n for n in declared if n.startswith("demo:")}
    assert stale == set(), "rows of routes that no longer exist"


# --- Asking ---------------------------------------------------------------------------

# The admin site's routes, whatever their number: one row, but for its own sign-in (which
# sends to Tremplin's) and sign-out (which sends those who may not use it to its index).
ADMIN_SITE = (IN, 404, 404, 404, 404, 404, 404, 404, MFA)
ADMIN_SITE_DOORS = {
    "admin:login": (IN, 404, 404, 404, 404, 404, 404, 404, 404),
    "admin:logout": (IN, 404, 404, 404, 404, 404, 404, 404, MFA),
}
# What the admin's parameters are filled with (the administrator stops at the TOTP check,
# everybody else at the door: the values are never looked up).
ADMIN_VALUES = {"app_label": "accounts", "content_type_id": "1"}


def admin_url(route: Route) -> str:
    """A URL of the admin site's route, named or not."""
    values = {n: ADMIN_VALUES.get(n, "1") for n in route.pattern.pattern.regex.groupindex}
    if not route.name.endswith("None"):
        return reverse(route.name, kwargs=values)
    written = str(route.pattern.pattern)  # "<path:object_id>/" or "(?P<url>.*)$"
    path = re.sub(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", "1", written).strip("^$")
    return f"/{route.prefix}{path}"


def url_of(route: Route, world: World, declared: Row | None) -> str:
    if declared is None:
        return admin_url(route)
    kwargs = {key: world.objects.get(value, value) for key, value in declared.kwargs.items()}
    return reverse(route.name, kwargs=kwargs)


def classify(response) -> int | str:
    if response.status_code in (301, 302):
        path = response["Location"].split("?")[0]
        if path.startswith(SIGN_IN_PATHS):
            return IN
        if path.startswith("/compte/2fa/"):
            return MFA
        return GO
    return response.status_code


def client_for(person: User | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if person is not None:
        client.force_login(person)
    return client


def post_with_csrf(client: Client, url: str):
    """A POST that passes the CSRF check: the refusal it gets is the view's."""
    token = "t" * 32  # a secret as the CSRF cookie holds it, and the same in the form
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client.post(url, {"csrfmiddlewaretoken": token})


def ask(persona: str, world: World) -> list[str]:
    """Every route as `persona`: what differs from the table, readably."""
    person = world.people[persona]
    client = client_for(person)
    column = PERSONAS.index(persona)
    declared = rows_by_name()
    wrong = []
    for route in routes():
        row_ = None if is_admin_site(route) else declared[route.name]
        if row_ is None:
            expected = ADMIN_SITE_DOORS.get(route.name, ADMIN_SITE)[column]
        else:
            expected = row_.answers[column]
        url = url_of(route, world, row_)
        got = classify(client.get(url))
        if row_ is not None and row_.post_only:
            allowed = {405} if expected == USE else {expected, 405}
            if got not in allowed:
                wrong.append(f"GET {url} ({route.name}) as {persona}: {got}, not {allowed}")
            if expected != USE:
                got = classify(post_with_csrf(client, url))
                if got != expected:
                    wrong.append(f"POST {url} ({route.name}) as {persona}: {got}, not {expected}")
        elif got != expected:
            wrong.append(f"GET {url} ({route.name}) as {persona}: {got}, not {expected}")
        if person is not None and "_auth_user_id" not in client.session:
            client = client_for(person)  # the page signed them out: sign in again
    return wrong


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_table_says(persona, world, settings, db):
    settings.MEDIA_ROOT = world.media
    settings.CAS_SERVER_URL = f"http://127.0.0.1:{free_port()}/cas"  # the ENT is down
    assert ask(persona, world) == []
