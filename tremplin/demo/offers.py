"""Demo offers: realistic French (and some English) internships and jobs, written in bulk.

`small` gives a few hundred offers of every type; `large` gives 100,000 published and
400,000 expired or archived offers with descriptions of about 1,500 characters, written
with COPY and indexed by PostgreSQL in batches. Generated from a fixed seed: loading
twice writes nothing the second time.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from faker import Faker
from stdnum import luhn

from tremplin.directory.models import Composante, Vet
from tremplin.offers.geo import departement_of
from tremplin.offers.models import Offer
from tremplin.offers.search import indexing
from tremplin.offers.search.projection import TABLE
from tremplin.recruiters.models import Organisation

Kind, Domain, Level, Remote = Offer.Kind, Offer.Domain, Offer.Level, Offer.Remote

# (title, domain, level) per kind: the jobs a French university's students look for.
TITLES: dict[str, list[tuple[str, str, str]]] = {
    Kind.INTERNSHIP: [
        ("Stage développeur·se web Python/Django", Domain.IT, Level.BAC_3),
        ("Stage data analyst", Domain.IT, Level.BAC_5),
        ("Stage assistant·e juridique en droit des affaires", Domain.LAW, Level.BAC_5),
        ("Stage chargé·e de communication digitale", Domain.MARKETING, Level.BAC_3),
        ("Stage contrôle de gestion", Domain.FINANCE, Level.BAC_5),
        ("Stage assistant·e ressources humaines", Domain.HR, Level.BAC_3),
        ("Stage ingénieur·e qualité", Domain.ENGINEERING, Level.BAC_5),
        ("Stage en laboratoire de biologie moléculaire", Domain.SCIENCE, Level.BAC_5),
        ("Stage chargé·e de mission transition énergétique", Domain.ENVIRONMENT, Level.BAC_5),
        ("Stage assistant·e logistique", Domain.LOGISTICS, Level.BAC_2),
        ("Software engineering intern", Domain.IT, Level.BAC_5),
        ("Marketing intern (English speaking)", Domain.MARKETING, Level.BAC_3),
    ],
    Kind.PERMANENT: [
        ("Développeur·se full stack", Domain.IT, Level.BAC_5),
        ("Ingénieur·e DevOps", Domain.IT, Level.BAC_5),
        ("Juriste droit social", Domain.LAW, Level.BAC_5),
        ("Chargé·e de recrutement", Domain.HR, Level.BAC_3),
        ("Comptable", Domain.FINANCE, Level.BAC_3),
        ("Infirmier·ère en service de soins", Domain.HEALTH, Level.BAC_3),
        ("Chef·fe de projet marketing", Domain.MARKETING, Level.BAC_5),
        ("Data engineer", Domain.IT, Level.BAC_5),
    ],
    Kind.FIXED_TERM: [
        ("Assistant·e administratif·ve", Domain.PUBLIC, Level.BAC_2),
        ("Chargé·e d'études statistiques", Domain.SCIENCE, Level.BAC_5),
        ("Professeur·e contractuel·le de mathématiques", Domain.EDUCATION, Level.BAC_5),
        ("Technicien·ne de laboratoire", Domain.SCIENCE, Level.BAC_2),
    ],
    Kind.WORK_STUDY: [
        ("Alternance développeur·se d'applications", Domain.IT, Level.BAC_3),
        ("Alternance chargé·e de communication", Domain.MARKETING, Level.BAC_3),
        ("Alternance gestionnaire de paie", Domain.HR, Level.BAC_3),
        ("Alternance technicien·ne de maintenance", Domain.ENGINEERING, Level.BAC_2),
        ("Alternance commercial·e", Domain.MARKETING, Level.BAC_2),
    ],
    Kind.VIE: [
        ("VIE ingénieur·e commercial·e export", Domain.MARKETING, Level.BAC_5),
        ("VIE analyste financier·ère", Domain.FINANCE, Level.BAC_5),
        ("VIA attaché·e de coopération culturelle", Domain.CULTURE, Level.BAC_5),
    ],
    Kind.PHD: [
        ("Thèse CIFRE en apprentissage automatique", Domain.IT, Level.BAC_8),
        ("Thèse en écologie des sols", Domain.SCIENCE, Level.BAC_8),
        ("Thèse en droit du numérique", Domain.LAW, Level.BAC_8),
    ],
    Kind.STUDENT_JOB: [
        ("Job étudiant : tutorat en mathématiques", Domain.EDUCATION, Level.ANY),
        ("Job étudiant : accueil en bibliothèque universitaire", Domain.CULTURE, Level.ANY),
        ("Job étudiant : animateur·rice sportif·ve", Domain.SPORT, Level.ANY),
        ("Job étudiant : vendeur·se le samedi", Domain.MARKETING, Level.ANY),
    ],
}
KIND_WEIGHTS = {
    Kind.INTERNSHIP: 40,
    Kind.PERMANENT: 15,
    Kind.FIXED_TERM: 10,
    Kind.WORK_STUDY: 20,
    Kind.VIE: 4,
    Kind.PHD: 3,
    Kind.STUDENT_JOB: 8,
}

CITIES = [
    ("Clermont-Ferrand", "63000"),
    ("Lyon", "69003"),
    ("Paris", "75011"),
    ("Paris", "75013"),
    ("Villeurbanne", "69100"),
    ("Saint-Étienne", "42000"),
    ("Grenoble", "38000"),
    ("Vichy", "03200"),
    ("Montluçon", "03100"),
    ("Aurillac", "15000"),
    ("Le Puy-en-Velay", "43000"),
    ("Toulouse", "31000"),
    ("Bordeaux", "33000"),
    ("Nantes", "44000"),
    ("Lille", "59000"),
    ("Marseille", "13001"),
    ("Rennes", "35000"),
    ("Strasbourg", "67000"),
    ("Limoges", "87000"),
    ("Orléans", "45000"),
    ("Dijon", "21000"),
    ("Montpellier", "34000"),
    ("Issoire", "63500"),
    ("Riom", "63200"),
    ("Ajaccio", "20000"),
    ("Pointe-à-Pitre", "97110"),
]

INTRO = [
    "{org} est une {nature} implantée à {city} depuis {years} ans. Nous accompagnons nos "
    "clients dans leurs projets de transformation et recrutons des profils curieux, "
    "rigoureux et motivés par le travail en équipe.",
    "Rejoignez {org}, {nature} reconnue dans son secteur, qui emploie aujourd'hui plus de "
    "{people} collaborateurs et collaboratrices. Notre site de {city} regroupe les équipes "
    "techniques, commerciales et support.",
    "Au sein de {org}, vous intégrerez une équipe de {team} personnes engagée au service de "
    "nos usagers. Nous attachons une grande importance à l'accueil et à la formation des "
    "jeunes diplômés et des stagiaires.",
]
MISSIONS = [
    "participer à la conception et au développement de nouvelles fonctionnalités",
    "analyser les besoins des utilisateurs et rédiger les spécifications",
    "préparer des tableaux de bord et des indicateurs de suivi",
    "contribuer à la rédaction de notes et de dossiers juridiques",
    "organiser des événements et animer nos réseaux sociaux",
    "assurer le suivi administratif des dossiers et la relation avec les partenaires",
    "réaliser des tests, documenter les résultats et proposer des améliorations",
    "accompagner les équipes dans la conduite du changement",
    "mener une veille technologique et réglementaire",
    "participer aux campagnes de recrutement et à l'intégration des nouveaux arrivants",
    "réaliser des prélèvements et des analyses en laboratoire",
    "gérer les approvisionnements et optimiser les flux logistiques",
    "préparer les clôtures mensuelles et contribuer au budget",
    "encadrer des groupes et assurer la sécurité des activités",
]
SOUGHT = [
    "Vous préparez ou avez obtenu un diplôme de niveau {level} dans le domaine concerné.",
    "Vous êtes autonome, organisé·e et doté·e d'un bon relationnel.",
    "Une première expérience, même courte, en stage ou en alternance est appréciée.",
    "Vous maîtrisez les outils bureautiques ; Python, SQL ou Excel avancé sont un plus.",
    "Un bon niveau d'anglais écrit et oral est attendu pour échanger avec nos partenaires.",
    "Vous êtes curieux·se, force de proposition et aimez apprendre.",
]
BENEFITS = [
    "Télétravail possible jusqu'à deux jours par semaine, tickets restaurant, prise en charge "
    "de 75 % de l'abonnement de transport, mutuelle et comité d'entreprise.",
    "Horaires flexibles, restaurant d'entreprise, accès à une salle de sport et à un "
    "programme de formation interne.",
    "Gratification légale, remboursement des frais de transport et accompagnement par un "
    "tuteur ou une tutrice tout au long de la mission.",
]
ENGLISH = (
    "{org} is a fast-growing {nature_en} based in {city}. As part of our international team "
    "you will build software used by thousands of customers, work with experienced "
    "engineers who review your code, and take part in agile rituals. We are looking for "
    "curious, autonomous people who enjoy learning. Skills: Python, JavaScript, SQL, Git; "
    "fluent English is required, French is a plus. Benefits: remote work two days a week, "
    "meal vouchers, public transport refunded and a mentor throughout your internship."
)
NATURES = [
    "PME",
    "entreprise de services numériques",
    "association",
    "collectivité territoriale",
    "start-up",
    "entreprise industrielle",
    "clinique",
    "cabinet d'avocats",
]
LEVEL_LABEL = {
    Level.ANY: "bac",
    Level.BAC: "bac",
    Level.BAC_2: "bac+2",
    Level.BAC_3: "bac+3",
    Level.BAC_5: "bac+5",
    Level.BAC_8: "bac+8",
}


def _siret(n: int) -> str:
    siren = f"{700000000 + n:09d}"[:8]
    siren += luhn.calc_check_digit(siren)
    number = f"{siren}{n % 10000:04d}"
    return number + luhn.calc_check_digit(number)


def load_organisations(count: int, rng: random.Random) -> list[int]:
    fake = Faker("fr_FR")
    fake.seed_instance(rng.randint(0, 10**6))
    existing = set(Organisation.objects.values_list("siret", flat=True))
    new = []
    for n in range(count):
        siret = _siret(n)
        if siret in existing:
            continue
        city, postcode = rng.choice(CITIES)
        new.append(
            Organisation(
                name=fake.company(),
                siret=siret,
                address=fake.street_address(),
                postcode=postcode,
                city=city,
                sector=rng.choice(Organisation.Sector.values),
                size=rng.choice(Organisation.Size.values),
                website=f"https://www.{fake.domain_name()}",
                trusted=n % 10 == 0,
            )
        )
    Organisation.objects.bulk_create(new, batch_size=1000)
    return list(
        Organisation.objects.filter(siret__in=[_siret(n) for n in range(count)]).values_list(
            "pk", flat=True
        )
    )


def _paragraphs(rng: random.Random, org: str, city: str, level: str) -> tuple[str, str]:
    intro = rng.choice(INTRO).format(
        org=org,
        nature=rng.choice(NATURES),
        city=city,
        years=rng.randint(3, 80),
        people=rng.choice([20, 80, 250, 1200, 5000]),
        team=rng.randint(4, 30),
    )
    missions = "".join(f"<li>{m.capitalize()} ;</li>" for m in rng.sample(MISSIONS, 5))
    description = (
        f"<p>{intro}</p><h3>Vos missions</h3><ul>{missions}</ul>"
        f"<h3>Ce que nous offrons</h3><p>{rng.choice(BENEFITS)}</p>"
    )
    sought = "".join(f"<p>{p.format(level=LEVEL_LABEL[level])}</p>" for p in rng.sample(SOUGHT, 4))
    return description, sought


COLUMNS = (
    "title",
    "kind",
    "description",
    "candidate_sought",
    "organisation_id",
    "city",
    "postcode",
    "departement",
    "country",
    "remote",
    "start_date",
    "duration_months",
    "pay",
    "level",
    "domain",
    "languages",
    "apply_by",
    "apply_url",
    "apply_email",
    "publish_from",
    "publish_until",
    "audience",
    "status",
    "rejection_reason",
    "created_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "public",
)


AUDIENCES = [Offer.Audience.EVERYONE] * 6 + [Offer.Audience.STUDENTS, Offer.Audience.GRADUATES]


def offer_rows(
    count: int,
    organisations: list[tuple[int, str]],
    *,
    status_of: Callable[[int], str],
    rng: random.Random,
    now: datetime,
) -> Iterator[tuple]:
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        title, domain, level = rng.choice(TITLES[kind])
        org_id, org_name = rng.choice(organisations)
        city, postcode = rng.choice(CITIES)
        if title.startswith(("Software", "Marketing intern")):
            description = f"<p>{ENGLISH.format(org=org_name, nature_en='company', city=city)}</p>"
            sought = "<p>Master's students in computer science or business schools.</p>"
        else:
            description, sought = _paragraphs(rng, org_name, city, level)
        status = status_of(n)
        published = now - timedelta(
            days=rng.randint(0, 60) if status == "published" else rng.randint(70, 900)
        )
        until = (
            published + timedelta(days=rng.randint(70, 120))
            if status == "published"
            else published + timedelta(days=60)
        )
        months = {
            Kind.INTERNSHIP: rng.choice([2, 4, 6]),
            Kind.WORK_STUDY: rng.choice([12, 24]),
            Kind.FIXED_TERM: rng.choice([3, 6, 12]),
            Kind.VIE: rng.choice([12, 18, 24]),
            Kind.PHD: 36,
            Kind.STUDENT_JOB: rng.choice([1, 3, 9]),
        }.get(kind)
        row = (
            title,
            kind,
            description,
            sought,
            org_id,
            city,
            postcode,
            departement_of(postcode),
            "France",
            rng.choice([Remote.NONE] * 3 + [Remote.PARTIAL] * 2 + [Remote.FULL]),
            (published + timedelta(days=rng.randint(15, 150))).date(),
            months,
            "Gratification légale (4,35 € de l'heure)" if kind == Kind.INTERNSHIP else "",
            level,
            domain,
            ["fr", "en"] if "English" in title or "intern" in title else ["fr"],
            Offer.Apply.PLATFORM if n % 3 else Offer.Apply.URL,
            "" if n % 3 else "https://recrutement.exemple.fr/offres",
            "",
            published,
            until,
            rng.choice(AUDIENCES),
            status,
            "",
            published,
            published,
            published,
            published if status != "draft" else None,
        )
        # Half the offers for everybody are public (`make_targeted_private` undoes it for
        # those `target_some` aims at part of the university).
        yield (*row, row[COLUMNS.index("audience")] == Offer.Audience.EVERYONE and n % 2 == 0)


def write_offers(
    rows: Iterator[tuple], *, batch: int, progress: Callable[[int], None]
) -> list[int]:
    """COPY the rows in batches, each in its own transaction; return the ids written."""
    table = Offer._meta.db_table
    written: list[int] = []
    chunk: list[tuple] = []

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(chunk)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            with cursor.copy(f"COPY {table} (id, {', '.join(COLUMNS)}) FROM STDIN") as copy:
                for offer_id, row in zip(ids, chunk, strict=True):
                    copy.write_row((offer_id, *row))
        written.extend(ids)
        progress(len(chunk))
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    return written


def target_some(offer_ids: list[int], rng: random.Random) -> None:
    """Aim one offer in ten at a composante or a VET, as universities do."""
    composantes = list(Composante.objects.values_list("pk", flat=True))
    vets = list(Vet.objects.values_list("pk", flat=True))
    if not composantes:
        return
    through_c, through_v = Offer.composantes.through, Offer.vets.through
    links_c, links_v = [], []
    for offer_id in offer_ids:
        roll = rng.random()
        if roll < 0.07:
            links_c.append(through_c(offer_id=offer_id, composante_id=rng.choice(composantes)))
        elif roll < 0.10:
            links_v.append(through_v(offer_id=offer_id, vet_id=rng.choice(vets)))
    through_c.objects.bulk_create(links_c, batch_size=5000, ignore_conflicts=True)
    through_v.objects.bulk_create(links_v, batch_size=5000, ignore_conflicts=True)


def make_targeted_private(offer_ids: list[int]) -> None:
    """Only an offer aimed at the whole university can be public (the offer form's rule)."""
    targeted = Q(composantes__isnull=False) | Q(vets__isnull=False)
    Offer.objects.filter(
        pk__in=Offer.objects.filter(targeted, pk__in=offer_ids).values("pk")
    ).update(public=False)


def load_offers(
    published: int, other: int, *, progress: Callable[[int], None], seed: int = 2026
) -> int:
    """Write the demo offers that are missing (none on a second run); return how many."""
    rng = random.Random(seed)
    organisation_ids = load_organisations(max(50, published // 200), rng)
    existing = Offer.objects.filter(organisation_id__in=organisation_ids, created_by=None)
    published -= existing.filter(status=Offer.Status.PUBLISHED).count()
    other -= existing.exclude(status=Offer.Status.PUBLISHED).count()
    published, other = max(0, published), max(0, other)
    if not published and not other:
        return 0
    organisations = list(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    now = timezone.now()
    other_statuses = ["expired"] * 6 + ["archived"] * 3 + ["filled"]
    ids = write_offers(
        offer_rows(published, organisations, status_of=lambda n: "published", rng=rng, now=now),
        batch=5000,
        progress=progress,
    )
    target_some(ids, rng)
    make_targeted_private(ids)
    for start in range(0, len(ids), 5000):
        with transaction.atomic():
            indexing.reindex(ids[start : start + 5000])
    write_offers(
        offer_rows(
            other, organisations, status_of=lambda n: rng.choice(other_statuses), rng=rng, now=now
        ),
        batch=5000,
        progress=progress,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Offer._meta.db_table}; ANALYZE {TABLE}")
    return published + other


WAITING_TITLE = "Stage juriste en propriété intellectuelle des biotechnologies"


def load_waiting_offer() -> bool:
    """One offer of the demo recruiter's company waiting for moderation, aimed at two
    composantes (SCI and DRT): each one's responsable approves their part, and it is
    published once both have (or at once by a career adviser). Once only; return whether
    it was written now."""
    organisation = Organisation.objects.filter(siret="41852963200014").first()  # BioLab
    composantes = list(Composante.objects.filter(code__in=["SCI", "DRT"]))
    if organisation is None or len(composantes) < 2:
        return False
    if Offer.objects.filter(organisation=organisation, title=WAITING_TITLE).exists():
        return False
    now = timezone.now()
    with transaction.atomic():
        offer = Offer.objects.create(
            title=WAITING_TITLE,
            kind=Kind.INTERNSHIP,
            organisation=organisation,
            description=(
                "<p>BioLab Auvergne dépose ses inventions en biotechnologies : rejoignez "
                "le service juridique pour six mois.</p><h3>Vos missions</h3><ul>"
                "<li>Suivre les demandes de brevets et les contrats de licence ;</li>"
                "<li>Rédiger des notes de veille pour les équipes de recherche.</li></ul>"
            ),
            candidate_sought=(
                "<p>Master de droit de la propriété intellectuelle, goût des sciences.</p>"
            ),
            city="Aubière",
            postcode="63170",
            departement=departement_of("63170"),
            domain=Domain.LAW,
            level=Level.BAC_5,
            duration_months=6,
            pay="Gratification légale (4,35 € de l'heure)",
            publish_from=now,
            publish_until=now + timedelta(days=60),
            status=Offer.Status.SUBMITTED,
            submitted_at=now,
        )
        offer.composantes.set(composantes)
    return True
