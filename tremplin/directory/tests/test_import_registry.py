"""`manage.py import_registry FILE`: what an administrator of the student information
system sees when they feed Tremplin the graduates extraction."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tremplin.directory.models import Composante, RegistryEntry, Vet

pytestmark = pytest.mark.django_db

HEADER = (
    "COD_ETU;NOM_PATRONYMIQUE;NOM_USUEL;PRENOM1;DATE_NAI_IND;COD_VET;COD_VRS_VET;LIB_VET;"
    "COD_CMP;LIB_CMP;ANNEE_OBT;EMAIL_ETAB;EMAIL_PERSO"
)
ROWS = [
    "21900001;MARTIN;;Alice;17/05/2000;L3INF;1;Licence Informatique 3;SCI;UFR Sciences;2022;alice.martin@etu.univ-demo.fr;alice@exemple.fr",
    "21900002;LE GUEN-DUBOIS;DURAND;Zoé Marie;02/11/1999;M1DPR;1;Master 1 Droit privé;DRT;Faculté de Droit;2023;zoe.le-guen@etu.univ-demo.fr;",
    "21900003;N'DIAYE;;Moussa;30/01/2001;L3INF;1;Licence Informatique 3;SCI;UFR Sciences;2023;;",
]


def write(tmp_path, rows, *, header=HEADER, encoding="utf-8", name="registry.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_registry", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_apogee_extraction_is_imported_with_its_referential(tmp_path):
    out, _ = run(write(tmp_path, ROWS))

    assert "rows: 3  created: 3  updated: 0  unchanged: 0  rejected: 0" in out
    zoe = RegistryEntry.objects.get(student_number="21900002")
    assert (zoe.birth_name, zoe.usage_name, zoe.first_names) == (
        "LE GUEN-DUBOIS",
        "DURAND",
        "Zoé Marie",
    )
    assert zoe.birth_date == date(1999, 11, 2)
    assert zoe.year_obtained == 2023
    assert zoe.vet.label == "Master 1 Droit privé"
    assert zoe.vet.composante.label == "Faculté de Droit"
    assert set(Composante.objects.values_list("code", flat=True)) == {"SCI", "DRT"}


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path, ROWS)
    run(path)
    out, _ = run(path)

    assert "created: 0  updated: 0  unchanged: 3  rejected: 0" in out
    assert RegistryEntry.objects.count() == 3
    assert Vet.objects.count() == 2


def test_a_changed_row_is_updated_in_place(tmp_path):
    run(write(tmp_path, ROWS))
    changed = ROWS[0].replace("alice@exemple.fr", "alice.martin@exemple.org")
    out, _ = run(write(tmp_path, [changed, *ROWS[1:]]))

    assert "created: 0  updated: 1  unchanged: 2" in out
    assert (
        RegistryEntry.objects.get(student_number="21900001").personal_email
        == "alice.martin@exemple.org"
    )


def test_a_latin1_file_reads_the_same_as_utf8(tmp_path):
    run(write(tmp_path, ROWS, encoding="latin-1"))

    assert RegistryEntry.objects.get(student_number="21900002").first_names == "Zoé Marie"
    assert Composante.objects.get(code="DRT").label == "Faculté de Droit"


def test_a_file_with_errors_imports_nothing_and_lists_them_by_line(tmp_path):
    bad = [
        ROWS[0],
        "21900009;DUPONT;;Jean;31/02/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;;",
        "21900010;;;Paul;01/01/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;;",
        "21900011;PETIT;;Léa;01/01/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;pas-une-adresse;",
        "21900012;ROUX;;Léo;01/01/2001;L3INF;1",
        ROWS[0],
    ]
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, bad))

    assert RegistryEntry.objects.count() == 0
    assert Vet.objects.count() == 0


def test_rejected_rows_are_reported_with_line_and_reason(tmp_path):
    bad = [
        ROWS[0],
        "21900009;DUPONT;;Jean;31/02/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;;",
        "21900010;;;Paul;01/01/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;;",
        "21900011;PETIT;;Léa;01/01/2001;L3INF;1;Licence;SCI;UFR Sciences;2023;pas-une-adresse;",
        "21900012;ROUX;;Léo;01/01/2001;L3INF;1",
        ROWS[0],
    ]
    out, err = run(write(tmp_path, bad), "--skip-invalid")

    assert "line 3: unreadable date of birth “31/02/2001”." in err
    assert "line 4: NOM_PATRONYMIQUE is empty." in err
    assert "line 5: invalid e-mail “pas-une-adresse”." in err
    assert "line 6: 7 columns instead of 13." in err
    assert "line 7: Same student, VET and year as line 2." in err
    assert "rows: 6  created: 1  updated: 0  unchanged: 0  rejected: 5" in out
    assert list(RegistryEntry.objects.values_list("student_number", flat=True)) == ["21900001"]


def test_other_systems_map_their_own_columns(tmp_path):
    header = "NUM;NOM;NOM_MARITAL;PRENOM;PRENOM_2;NAISSANCE;DIPLOME;INTITULE;COMPOSANTE;ANNEE"
    rows = ["A1234;Bernard;;Chloé;Anne;05/06/2001;ING5;Diplôme d'ingénieur;ECOLE;2024"]
    columns = (
        "student_number=NUM,birth_name=NOM,usage_name=NOM_MARITAL,first_names=PRENOM+PRENOM_2,"
        "birth_date=NAISSANCE,vet_code=DIPLOME,vet_label=INTITULE,composante_code=COMPOSANTE,year=ANNEE"
    )
    run(write(tmp_path, rows, header=header), "--columns", columns)

    entry = RegistryEntry.objects.get()
    assert entry.first_names == "Chloé Anne"
    assert (entry.vet.code, entry.vet.version, entry.vet.label) == (
        "ING5",
        "1",
        "Diplôme d'ingénieur",
    )


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Missing columns: COD_ETU"):
        run(write(tmp_path, ["x;y"], header="NUMERO;NOM"))


def test_an_unknown_field_in_the_mapping_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Unknown field “surname”"):
        run(write(tmp_path, ROWS), "--columns", "surname=NOM")
