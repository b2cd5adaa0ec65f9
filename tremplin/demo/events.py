"""Demo recruitment events: a forum with ten organisations, a job dating with slots, a
company presentation and a webinar, dated from today. Loading twice writes nothing the
second time (each is looked up by its title)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tremplin.directory.models import Composante
from tremplin.events.models import Event, Participation, Slot
from tremplin.recruiters.models import Organisation

BIOLAB_SIRET = "41852963200014"
FORUM = "Forum Stages & Emplois 2026"
JOB_DATING = "Job dating Sciences & Numérique"
PRESENTATION = "Présentation BioLab Auvergne : nos métiers"
WEBINAR = "Webinaire : réussir son CV et son entretien"


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(title: str, **fields) -> tuple[Event, bool]:
    existing = Event.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    event = Event.objects.create(
        title=title,
        status=Event.Status.PUBLISHED,
        registration_opens_at=now - timedelta(days=1),
        submitted_at=now,
        published_at=now,
        **fields,
    )
    return event, True


@transaction.atomic
def load_demo_events() -> int:
    """Write the demo events that are missing; return how many were written."""
    organisations = list(Organisation.objects.order_by("pk")[:10])
    biolab = Organisation.objects.filter(siret=BIOLAB_SIRET).first()
    if biolab is not None and biolab not in organisations:
        organisations = [biolab, *organisations[:9]]
    written = 0

    forum, created = _event(
        FORUM,
        kind=Event.Kind.FORUM,
        description=(
            "<p>Dix entreprises et organisations rencontrent les étudiants et diplômés de "
            "toutes les composantes : stages, alternances, premiers emplois.</p>"
            "<p>Venez avec quelques CV imprimés.</p>"
        ),
        place="Campus des Cézeaux, hall de la Maison de la vie étudiante, Aubière",
        starts_at=_at(14, 9),
        ends_at=_at(14, 17),
        registration_closes_at=_at(13, 23, 59),
        capacity=500,
    )
    if created:
        written += 1
        for n, organisation in enumerate(organisations, start=1):
            Participation.objects.create(
                event=forum,
                organisation=organisation,
                stand=f"A{n}",
                status=Participation.Status.ACCEPTED,
            )

    job_dating, created = _event(
        JOB_DATING,
        kind=Event.Kind.JOB_DATING,
        description=(
            "<p>Des entretiens de quinze minutes avec les recruteurs : inscrivez-vous, puis "
            "réservez un créneau par entreprise et partagez votre CV si vous le souhaitez.</p>"
        ),
        place="UFR Sciences et Techniques, salle 101",
        starts_at=_at(7, 14),
        ends_at=_at(7, 18),
        registration_closes_at=_at(6, 23, 59),
        capacity=40,
    )
    if created:
        written += 1
        job_dating.composantes.set(Composante.objects.filter(code="SCI"))
        for organisation in organisations[:3]:
            Participation.objects.create(
                event=job_dating, organisation=organisation, status=Participation.Status.ACCEPTED
            )
            for n in range(8):
                start = _at(7, 14) + timedelta(minutes=20 * n)
                Slot.objects.create(
                    event=job_dating,
                    organisation=organisation,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=15),
                )

    _presentation, created = _event(
        PRESENTATION,
        kind=Event.Kind.PRESENTATION,
        organisation=biolab,
        description=(
            "<p>Les équipes de BioLab Auvergne présentent leurs métiers, leurs stages et "
            "leurs postes en biotechnologies, puis répondent à vos questions.</p>"
        ),
        place="Amphithéâtre Pascal, campus des Cézeaux",
        starts_at=_at(10, 12, 30),
        ends_at=_at(10, 13, 30),
        registration_closes_at=_at(10, 10),
        capacity=120,
    )
    written += created

    _webinar, created = _event(
        WEBINAR,
        kind=Event.Kind.WEBINAR,
        description=(
            "<p>Une heure avec une conseillère du service carrières : le CV qui se lit en "
            "trente secondes, les questions qui reviennent en entretien.</p>"
        ),
        online_url="https://visio.example/webinaire-cv",
        starts_at=_at(3, 18),
        ends_at=_at(3, 19),
        registration_closes_at=_at(3, 17),
        capacity=300,
    )
    written += created
    return written
