"""`manage.py build_tutorials` refuses clearly what it cannot film; the films themselves are
tested in tests/browser/test_tutorials.py."""

import re

import pytest
from django.core.management import CommandError, call_command

from tremplin.demo.referential import registry_rows
from tremplin.demo.tutorials.journeys import JOURNEYS, demo_graduates, siret
from tremplin.directory.importer import upsert_rows
from tremplin.directory.services import find_graduates
from tremplin.pages.views import HELP_AUDIENCES


def test_without_a_running_demo_the_build_says_how_to_start_one(tmp_path):
    with pytest.raises(
        CommandError, match=re.escape("No Tremplin answers at http://127.0.0.1:9/")
    ):
        call_command("build_tutorials", "--base-url", "http://127.0.0.1:9", "--output", tmp_path)


def test_every_help_page_has_its_journey():
    assert set(JOURNEYS) == set(HELP_AUDIENCES)


def test_each_run_registers_a_new_organisation_with_a_valid_siret():
    from stdnum.fr import siret as checker

    numbers = {siret(run) for run in ("a1", "a2", "a3")}
    assert len(numbers) == 3
    assert all(checker.is_valid(number.replace(" ", "")) for number in numbers)


@pytest.mark.django_db
def test_the_graduates_the_tutorial_registers_are_in_the_demo_registry():
    upsert_rows(list(registry_rows(400)))
    people = demo_graduates()
    assert len(people) > 50
    for person in people:
        found = find_graduates(person.last_name, person.first_name, person.born)
        assert {f"{entry.first_names} {entry.birth_name}" for entry in found} == {
            person.registry_name
        }
