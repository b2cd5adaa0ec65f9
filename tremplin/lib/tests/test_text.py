import pytest

from tremplin.lib.text import first_name_keys, name_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("le guen dubois", "Le Guen-Dubois"),
        ("LEGUEN-DUBOIS", "Le Guen-Dubois"),
        ("ndiaye", "N'Diaye"),
        ("N’DIAYE", "N'Diaye"),
        ("d almeida", "D'Almeida"),
        ("DE LA FONTAINE", "de La Fontaine"),
        ("delafontaine", "de La Fontaine"),
        ("Oeuvray", "Œuvray"),
        ("OEUVRAY", "Œuvray"),
        ("Zoe", "Zoé"),
        ("laetitia", "Lætitia"),
        ("Nguyen", "Nguyễn"),
        ("ben said", "Ben Saïd"),
    ],
)
def test_names_written_differently_have_the_same_key(typed, stored):
    assert name_key(typed) == name_key(stored)


def test_different_names_keep_different_keys():
    assert name_key("Martin") != name_key("Martins")
    assert name_key("Dupont") != name_key("Dupond")


def test_any_first_name_or_the_compound_is_a_key():
    keys = first_name_keys("Jean-Pierre Marie Zoé")
    for typed in ["Jean-Pierre", "jean pierre", "Jean", "Pierre", "Marie", "Zoe"]:
        assert name_key(typed) in keys
    assert name_key("Paul") not in keys


def test_empty_names_give_no_key():
    assert name_key(" - ' ") == ""
    assert first_name_keys("") == []
