from datetime import date

import pytest

from tremplin import testing
from tremplin.directory.services import find_graduates

pytestmark = pytest.mark.django_db

BORN = date(1998, 3, 14)


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Le Guen-Dubois", "le guen dubois"),
        ("LE GUEN-DUBOIS", "Leguen Dubois"),
        ("N'Diaye", "NDIAYE"),
        ("D'ALMEIDA", "d'almeida"),
        ("de La Fontaine", "DELAFONTAINE"),
        ("Œuvray", "Oeuvray"),
    ],
)
def test_a_graduate_is_found_however_the_last_name_is_typed(stored, typed):
    entry = testing.registry_entry(birth_name=stored, first_names="Zoé", birth_date=BORN)
    assert find_graduates(typed, "Zoe", BORN) == [entry]


def test_the_usage_name_finds_the_graduate_too():
    entry = testing.registry_entry(
        birth_name="Durand", usage_name="Le Guen-Dubois", birth_date=BORN
    )
    assert find_graduates("Le Guen Dubois", "Alice", BORN) == [entry]
    assert find_graduates("Durand", "Alice", BORN) == [entry]


def test_any_one_of_several_first_names_finds_the_graduate():
    entry = testing.registry_entry(
        birth_name="Martin", first_names="Marie Zoé Héloïse", birth_date=BORN
    )
    for first in ["Marie", "zoe", "Heloise"]:
        assert find_graduates("Martin", first, BORN) == [entry]
    assert find_graduates("Martin", "Paul", BORN) == []


def test_the_date_of_birth_must_be_exact():
    testing.registry_entry(birth_name="Martin", first_names="Alice", birth_date=BORN)
    assert find_graduates("Martin", "Alice", date(1998, 3, 15)) == []
    assert find_graduates("Martin", "Alice", date(1998, 4, 14)) == []


def test_homonyms_born_on_other_days_are_not_mixed_up():
    mine = testing.registry_entry(birth_name="Nguyen", first_names="Anaïs", birth_date=BORN)
    testing.registry_entry(birth_name="Nguyen", first_names="Anaïs", birth_date=date(1999, 1, 2))
    assert find_graduates("Nguyễn", "Anais", BORN) == [mine]


def test_every_diploma_of_the_person_is_returned_newest_first():
    licence = testing.registry_entry(
        student_number="21000001", vet_code="L3INF", year=2020, birth_date=BORN
    )
    master = testing.registry_entry(
        student_number="21000001", vet_code="M1INF", year=2022, birth_date=BORN
    )
    assert find_graduates("Martin", "Alice", BORN) == [master, licence]


def test_blank_names_find_nobody():
    testing.registry_entry(birth_date=BORN)
    assert find_graduates(" ", "Alice", BORN) == []
    assert find_graduates("Martin", "-", BORN) == []


# --- French names as people type them ---------------------------------------------------
# Each case: the registry's row (birth name, usage name, first names), what the person
# types (last name, first name); the date of birth is always the exact one.

FRENCH_NAMES = [
    # Particles written as in the registry, dropped, glued, or cased otherwise.
    (("de La Fontaine", "", "Jean"), ("de la Fontaine", "Jean")),
    (("de La Fontaine", "", "Jean"), ("Fontaine", "Jean")),
    (("de La Fontaine", "", "Jean"), ("La Fontaine", "Jean")),
    (("de La Fontaine", "", "Jean"), ("Delafontaine", "Jean")),
    (("de La Fontaine", "", "Jean"), ("DE LA FONTAINE", "JEAN")),
    (("d'Ambroise", "", "Hélène"), ("Ambroise", "Helene")),
    (("d'Ambroise", "", "Hélène"), ("D Ambroise", "Hélène")),
    (("d'Ambroise", "", "Hélène"), ("Dambroise", "hélène")),
    (("du Plessis", "", "Armand"), ("Plessis", "Armand")),
    (("du Plessis", "", "Armand"), ("Duplessis", "Armand")),
    (("des Roches", "", "Inès"), ("Roches", "Ines")),
    (("Le Goff", "", "Yann"), ("Goff", "Yann")),
    (("Le Goff", "", "Yann"), ("LEGOFF", "Yann")),
    (("La Salle", "", "Margaux"), ("Lasalle", "Margaux")),
    (("de Saint-Exupéry", "", "Antoine"), ("Saint Exupery", "Antoine")),
    # The registry dropped the particle the person writes.
    (("Fontaine", "", "Jean"), ("de la Fontaine", "Jean")),
    (("Ambroise", "", "Hélène"), ("d'Ambroise", "Hélène")),
    # Compound first names in any order, hyphenated or not, or one of them alone.
    (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Pierre-Jean")),
    (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Jean Pierre")),
    (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Jeanpierre")),
    (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Marie Jean-Pierre")),
    (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Marie")),
    (("Nguyen", "", "Anne Sophie"), ("Nguyen", "Sophie-Anne")),
    (("Nguyen", "", "Anne Sophie"), ("Nguyen", "Anne-Sophie")),
    # Usage names: alone, or written out with the birth name.
    (("Moreau", "Lefèvre", "Claire"), ("Lefevre", "Claire")),
    (("Moreau", "Lefèvre", "Claire"), ("Moreau", "Claire")),
    (("Moreau", "Lefèvre", "Claire"), ("Lefèvre épouse Moreau", "Claire")),
    (("Moreau", "Lefèvre", "Claire"), ("Lefèvre née Moreau", "Claire")),
    (("Moreau", "Lefèvre", "Claire"), ("Lefevre ep. Moreau", "Claire")),
    (("Moreau", "de Villiers", "Claire"), ("Villiers", "Claire")),
]


@pytest.mark.parametrize(("stored", "typed"), FRENCH_NAMES)
def test_french_names_are_found_as_people_type_them(stored, typed):
    birth_name, usage_name, first_names = stored
    entry = testing.registry_entry(
        birth_name=birth_name, usage_name=usage_name, first_names=first_names, birth_date=BORN
    )
    last, first = typed
    assert find_graduates(last, first, BORN) == [entry]


@pytest.mark.parametrize(("stored", "typed"), FRENCH_NAMES)
def test_the_date_of_birth_stays_exact_whatever_the_name(stored, typed):
    birth_name, usage_name, first_names = stored
    testing.registry_entry(
        birth_name=birth_name, usage_name=usage_name, first_names=first_names, birth_date=BORN
    )
    last, first = typed
    assert find_graduates(last, first, date(1998, 3, 13)) == []
    assert find_graduates(last, first, date(1999, 3, 14)) == []


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        # Another person: the name around the particle differs.
        (("de La Fontaine", "", "Jean"), ("de la Fontenelle", "Jean")),
        (("Le Goff", "", "Yann"), ("Le Gall", "Yann")),
        (("du Plessis", "", "Armand"), ("du Pont", "Armand")),
        # A particle alone is no name.
        (("de La Fontaine", "", "Jean"), ("de la", "Jean")),
        (("Le Goff", "", "Yann"), ("Le", "Yann")),
        # Another first name, or one the person does not hold among theirs.
        (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Jean-Paul")),
        (("Martin", "", "Jean-Pierre Marie"), ("Martin", "Pierre Paul")),
        (("Nguyen", "", "Anne Sophie"), ("Nguyen", "Annie")),
        # A married name written out with somebody else's names.
        (("Moreau", "Lefèvre", "Claire"), ("Durand épouse Girard", "Claire")),
        # The name glued to a particle the registry does not write is not guessed at:
        # "Ledoux" is not "Doux", "Dumas" is not "Mas".
        (("Doux", "", "Paul"), ("Ledoux", "Paul")),
        (("Mas", "", "Paul"), ("Dumas", "Paul")),
    ],
)
def test_another_person_is_not_found(stored, typed):
    birth_name, usage_name, first_names = stored
    testing.registry_entry(
        birth_name=birth_name, usage_name=usage_name, first_names=first_names, birth_date=BORN
    )
    last, first = typed
    assert find_graduates(last, first, BORN) == []


def test_two_people_of_one_family_born_the_same_day_are_told_apart_by_first_name():
    """Twins: one name, one date; the first name decides."""
    jean = testing.registry_entry(
        birth_name="de La Fontaine", first_names="Jean Louis", birth_date=BORN
    )
    louise = testing.registry_entry(
        birth_name="de La Fontaine", first_names="Louise Marie", birth_date=BORN
    )
    assert find_graduates("Fontaine", "Louis Jean", BORN) == [jean]
    assert find_graduates("Delafontaine", "Marie", BORN) == [louise]
    assert find_graduates("Fontaine", "Louis", BORN) == [jean]  # not "Louise"


def test_the_import_writes_the_keys_the_lookup_reads():
    from tremplin.directory.importer import RegistryRow, upsert_rows

    upsert_rows(
        [
            RegistryRow(
                student_number="21999999",
                birth_name="de La Fontaine",
                usage_name="Martin",
                first_names="Jean-Pierre",
                birth_date=BORN,
                vet_code="L3INF",
                vet_version="1",
                vet_label="Licence Informatique",
                composante_code="SCI",
                composante_label="Sciences",
                year=2021,
                institutional_email="",
                personal_email="",
            )
        ]
    )
    [entry] = find_graduates("Fontaine", "Pierre Jean", BORN)
    assert entry.name_keys == ["delafontaine", "lafontaine", "fontaine", "martin"]
    assert find_graduates("Martin", "Jean", BORN) == [entry]
