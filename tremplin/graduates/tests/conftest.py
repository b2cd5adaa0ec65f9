from datetime import date

import pytest

from tremplin import testing

BORN = date(1998, 3, 12)


@pytest.fixture
def registry(db):
    """Léa is in the registry with two diplomas; Tom with his university address."""
    return {
        "lea_licence": testing.registry_entry(
            birth_name="Moreau-Dupuis",
            first_names="Léa Marie",
            birth_date=BORN,
            vet_code="L3INF",
            year=2020,
            student_number="21700001",
        ),
        "lea_master": testing.registry_entry(
            birth_name="Moreau-Dupuis",
            first_names="Léa Marie",
            birth_date=BORN,
            vet_code="M2GL",
            year=2022,
            student_number="21700001",
        ),
        "tom": testing.registry_entry(
            birth_name="Girard",
            first_names="Tom",
            birth_date=date(2001, 1, 2),
            vet_code="M1INF",
            year=2024,
            student_number="22000042",
            institutional_email="tom.girard@etu.univ-demo.fr",
        ),
    }
