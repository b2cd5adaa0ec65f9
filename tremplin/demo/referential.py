"""The demo university: its composantes, VETs and a graduates registry of French people.

Everything is generated from a fixed seed, so running `demo_data` twice writes the same
rows and the second run creates nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from faker import Faker

from tremplin.directory.importer import RegistryRow
from tremplin.lib.text import name_key

COMPOSANTES = {
    "SCI": "UFR Sciences et Techniques",
    "DRT": "Faculté de Droit et Science politique",
    "LSH": "UFR Lettres, Langues et Sciences humaines",
    "ECO": "IAE — École universitaire de management",
    "IUT": "IUT de Clermont-Vallée",
    "SAN": "UFR Santé et Sport",
}

# (code, label, level, composante)
VETS = [
    ("L3INF", "Licence Informatique, 3e année", "6", "SCI"),
    ("M1INF", "Master Informatique, 1re année", "7", "SCI"),
    ("M2GL", "Master Génie logiciel, 2e année", "7", "SCI"),
    ("M2IA", "Master Intelligence artificielle, 2e année", "7", "SCI"),
    ("L3MAT", "Licence Mathématiques, 3e année", "6", "SCI"),
    ("M2MAF", "Master Mathématiques appliquées et finance, 2e année", "7", "SCI"),
    ("L3PHY", "Licence Physique, 3e année", "6", "SCI"),
    ("M2ENR", "Master Énergies renouvelables, 2e année", "7", "SCI"),
    ("L3BIO", "Licence Sciences de la vie, 3e année", "6", "SCI"),
    ("M2BIO", "Master Biologie moléculaire et cellulaire, 2e année", "7", "SCI"),
    ("DOCSC", "Doctorat Sciences fondamentales", "8", "SCI"),
    ("L3DRT", "Licence Droit, 3e année", "6", "DRT"),
    ("M1DPR", "Master Droit privé, 1re année", "7", "DRT"),
    ("M2DAF", "Master Droit des affaires, 2e année", "7", "DRT"),
    ("M2DPU", "Master Droit public, 2e année", "7", "DRT"),
    ("M2DNU", "Master Droit du numérique, 2e année", "7", "DRT"),
    ("L3SPO", "Licence Science politique, 3e année", "6", "DRT"),
    ("L3LEA", "Licence Langues étrangères appliquées, 3e année", "6", "LSH"),
    ("M2TRA", "Master Traduction spécialisée, 2e année", "7", "LSH"),
    ("L3PSY", "Licence Psychologie, 3e année", "6", "LSH"),
    ("M2PSY", "Master Psychologie du travail, 2e année", "7", "LSH"),
    ("L3HIS", "Licence Histoire, 3e année", "6", "LSH"),
    ("M2MEF", "Master MEEF Professeur des écoles, 2e année", "7", "LSH"),
    ("M2COM", "Master Communication des organisations, 2e année", "7", "LSH"),
    ("L3GES", "Licence Gestion, 3e année", "6", "ECO"),
    ("M2CCA", "Master Comptabilité, contrôle, audit, 2e année", "7", "ECO"),
    ("M2MKG", "Master Marketing digital, 2e année", "7", "ECO"),
    ("M2RH", "Master Gestion des ressources humaines, 2e année", "7", "ECO"),
    ("M2FIN", "Master Finance d'entreprise, 2e année", "7", "ECO"),
    ("M2MAE", "Master Management et administration des entreprises", "7", "ECO"),
    ("BUTGE", "BUT Génie électrique et informatique industrielle, 3e année", "6", "IUT"),
    ("BUTGM", "BUT Génie mécanique et productique, 3e année", "6", "IUT"),
    ("BUTIN", "BUT Informatique, 3e année", "6", "IUT"),
    ("BUTTC", "BUT Techniques de commercialisation, 3e année", "6", "IUT"),
    ("LPLOG", "Licence professionnelle Logistique", "6", "IUT"),
    ("DEUST", "DEUST Métiers de la forme", "5", "SAN"),
    ("L3STA", "Licence STAPS, 3e année", "6", "SAN"),
    ("M2STA", "Master STAPS Activité physique adaptée, 2e année", "7", "SAN"),
    ("M2SPU", "Master Santé publique, 2e année", "7", "SAN"),
    ("DEIFI", "Diplôme d'État d'infirmier", "6", "SAN"),
]
VET_BY_CODE = {code: (label, level, composante) for code, label, level, composante in VETS}

# A few names the matching must handle, mixed into the registry.
_TRICKY_LAST_NAMES = [
    "Le Guen-Dubois",
    "N'Diaye",
    "D'Almeida",
    "de La Fontaine",
    "Œuvray",
    "Lefèvre-Pontalis",
    "Saint-Exupéry",
    "Da Silva",
    "Nguyễn",
    "Ben Saïd",
    "Van der Berg",
    "L'Hôte",
]
_TRICKY_FIRST_NAMES = ["Zoé", "Anaïs", "Jean-Pierre", "Maëlle", "Noël", "Héloïse", "Joël", "Chloé"]


def _pools(seed: int) -> tuple[list[str], list[str], list[str]]:
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    last = list({fake.last_name() for _ in range(3000)}) + _TRICKY_LAST_NAMES * 5
    female = list({fake.first_name_female() for _ in range(1500)}) + _TRICKY_FIRST_NAMES[:4] * 5
    male = list({fake.first_name_male() for _ in range(1500)}) + _TRICKY_FIRST_NAMES[4:] * 5
    return sorted(last), sorted(female), sorted(male)


def _email_part(value: str) -> str:
    return "-".join(name_key(part) for part in value.replace("'", " ").split() if name_key(part))


def registry_rows(count: int, *, seed: int = 2026) -> Iterator[RegistryRow]:
    """`count` registry rows: people with one to three diplomas, homonyms included."""
    rng = random.Random(seed)
    last_names, female, male = _pools(seed)
    vets_by_level: dict[str, list[str]] = {}
    for code, _label, level, _c in VETS:
        vets_by_level.setdefault(level, []).append(code)
    produced = 0
    person = 0
    previous: tuple[str, str, bool] | None = None
    while produced < count:
        person += 1
        if previous and rng.random() < 0.04:
            birth_name, first, is_female = previous  # a homonym, born another day
        else:
            is_female = rng.random() < 0.55
            pool = female if is_female else male
            birth_name = rng.choice(last_names)
            first = rng.choice(pool)
            if rng.random() < 0.3:
                first = f"{first} {rng.choice(pool)}"
        previous = (birth_name, first.split()[0], is_female)
        if rng.random() < 0.7:
            birth_name = birth_name.upper()  # as most information systems store it
        is_married = is_female and rng.random() < 0.15
        usage_name = rng.choice(last_names) if is_married else ""
        birth_date = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        student_number = f"{10000000 + person}"
        given = _email_part(first.split()[0])
        institutional = f"{given}.{_email_part(birth_name)}{person % 1000}@etu.univ-demo.fr"
        personal = (
            f"{given}.{_email_part(usage_name or birth_name)}{person % 97}@exemple.fr"
            if rng.random() < 0.6
            else ""
        )
        first_year = birth_date.year + rng.randint(20, 24)
        path = _diploma_path(rng, vets_by_level)
        for step, vet_code in enumerate(path):
            year = first_year + 2 * step
            if year > 2026 or produced >= count:
                break
            label, _level, composante = VET_BY_CODE[vet_code]
            yield RegistryRow(
                student_number=student_number,
                birth_name=birth_name,
                usage_name=usage_name.upper(),
                first_names=first,
                birth_date=birth_date,
                vet_code=vet_code,
                vet_version="1",
                vet_label=label,
                composante_code=composante,
                composante_label=COMPOSANTES[composante],
                year=year,
                institutional_email=institutional,
                personal_email=personal,
            )
            produced += 1


def _diploma_path(rng: random.Random, vets_by_level: dict[str, list[str]]) -> list[str]:
    roll = rng.random()
    if roll < 0.5:
        return [rng.choice(vets_by_level["6"])]
    if roll < 0.85:
        return [rng.choice(vets_by_level["6"]), rng.choice(vets_by_level["7"])]
    if roll < 0.95:
        return [rng.choice(vets_by_level["7"])]
    return [rng.choice(vets_by_level["7"]), rng.choice(vets_by_level["8"] + vets_by_level["5"])]


def _row(
    number, birth_name, first, born, vet_code, year, institutional="", usage=""
) -> RegistryRow:
    label, _level, composante = VET_BY_CODE[vet_code]
    return RegistryRow(
        student_number=number,
        birth_name=birth_name,
        usage_name="",
        first_names=first,
        birth_date=born,
        vet_code=vet_code,
        vet_version="1",
        vet_label=label,
        composante_code=composante,
        composante_label=COMPOSANTES[composante],
        year=year,
        institutional_email=institutional,
        personal_email="",
    )


# The people of the README's graduate walkthrough (Inès Garnier, 21/09/1995, is absent).
DEMO_GRADUATES = [
    _row("21700001", "MOREAU-DUPUIS", "Léa Marie", date(1998, 3, 12), "L3INF", 2020),
    _row("21700001", "MOREAU-DUPUIS", "Léa Marie", date(1998, 3, 12), "M2GL", 2022),
    _row("21600002", "LAMBERT", "Hugo", date(1997, 7, 5), "L3DRT", 2019),
    _row(
        "22000042", "GIRARD", "Tom", date(2001, 1, 2), "M1INF", 2024, "tom.girard@etu.univ-demo.fr"
    ),
    # Found however the particles and the compound first name are typed.
    _row("21500007", "DE LA FONTAINE", "Jean-Pierre", date(1996, 11, 4), "M1INF", 2019),
]
