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
