"""Seed 004: at graduation the ENT account goes, the Tremplin account stays, with
everything in it, and is reached with an e-mail address and a password from then on."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import CannotGraduate, ExternalIdentity, User
from tremplin.directory.models import RegistryImport
from tremplin.graduates.models import RegistrationLink
from tremplin.graduates.services import AccountExists, complete_institutional

PASSWORD = "Mon-nouveau-mot-de-passe-2026"
HEADER = "COD_ETU;NOM_PATRONYMIQUE;NOM_USUEL;PRENOM1;DATE_NAI_IND;COD_VET;COD_VRS_VET;LIB_VET;COD_CMP;LIB_CMP;ANNEE_OBT;EMAIL_ETAB;EMAIL_PERSO"


@pytest.fixture
def chloe(db):
    """A student of SCI/L3INF who declared and verified a personal address."""
    person = testing.student(
        "chloe.bernard",
        composante_code="SCI",
        vet_code="L3INF",
        email="chloe.bernard@etu.univ-demo.fr",  # from the ENT: verified
    )
    person.student_number = "21800003"
    person.save()
    EmailAddress.objects.create(user=person, email="chloe.perso@exemple.fr", verified=True)
    EmailAddress.objects.create(user=person, email="jamais.verifiee@exemple.fr", verified=False)
    return person


def import_rows(tmp_path, *rows) -> str:
    path = tmp_path / "diplomes.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("import_registry", str(path), "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


CHLOE_ROW = "21800003;BERNARD;;Chloé;04/02/2003;L3INF;1;Licence Informatique;SCI;UFR Sciences;2026;chloe.bernard@etu.univ-demo.fr;"


def test_the_registry_makes_the_student_a_graduate_of_the_same_account(
    tmp_path, chloe, run_jobs_here, mailoutbox
):
    before = {
        "pk": chloe.pk,
        "identities": list(
            ExternalIdentity.objects.filter(user=chloe).values_list("provider", "uid")
        ),
        "addresses": set(EmailAddress.objects.filter(user=chloe).values_list("email", flat=True)),
        "groups": ({c.code for c in chloe.composantes.all()}, {v.code for v in chloe.vets.all()}),
    }
    out = import_rows(tmp_path, CHLOE_ROW)

    assert "students graduated: 1" in out
    graduate = User.objects.get(pk=before["pk"])  # the same account, not a new one
    assert graduate.kind == User.Kind.GRADUATE
    assert graduate.is_active
    assert (
        list(ExternalIdentity.objects.filter(user=graduate).values_list("provider", "uid"))
        == before["identities"]
    )
    assert (
        set(EmailAddress.objects.filter(user=graduate).values_list("email", flat=True))
        == before["addresses"]
    )
    assert (
        {c.code for c in graduate.composantes.all()},
        {v.code for v in graduate.vets.all()},
    ) == before["groups"]
    assert User.objects.count() == 1

    run_jobs_here()
    [mail] = mailoutbox
    assert sorted(mail.to) == [
        "chloe.bernard@etu.univ-demo.fr",
        "chloe.perso@exemple.fr",
    ]  # not the unverified one
    assert mail.subject == "Félicitations : gardez votre compte du career center après vos études"
    assert "votre profil, votre CV, vos favoris et vos candidatures sont conservés" in mail.body


def test_the_graduate_chooses_a_password_once_and_signs_in_with_either_address(
    client, tmp_path, chloe, run_jobs_here, mailoutbox
):
    import_rows(tmp_path, CHLOE_ROW)
    run_jobs_here()
    link = testing.link_in(mailoutbox[0].body)

    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.url == reverse("accounts:account")
    client.logout()
    assert client.get(link).status_code == 404  # the link works once

    for address in ["chloe.perso@exemple.fr", "chloe.bernard@etu.univ-demo.fr"]:
        client.post(reverse("account_login"), {"login": address, "password": PASSWORD})
        assert client.session[SESSION_KEY] == str(chloe.pk), address
        client.logout()


def test_forgot_password_works_for_the_graduate(
    client, tmp_path, chloe, run_jobs_here, mailoutbox
):
    import_rows(tmp_path, CHLOE_ROW)
    run_jobs_here()
    client.post(reverse("account_reset_password"), {"email": "chloe.perso@exemple.fr"})
    run_jobs_here()
    reset = mailoutbox[-1]
    assert reset.to == ["chloe.perso@exemple.fr"]
    assert "/compte/password/reset/key/" in reset.body


def test_a_student_matched_by_institutional_address_graduates_too(tmp_path, db):
    # The address the ENT gave him, verified.
    person = testing.student("max.dupont", email="max.dupont@etu.univ-demo.fr")
    row = "29999999;DUPONT;;Max;01/01/2002;L3INF;1;Licence;SCI;UFR Sciences;2026;max.dupont@etu.univ-demo.fr;"
    import_rows(tmp_path, row)
    person.refresh_from_db()
    assert person.kind == User.Kind.GRADUATE


def test_an_address_a_student_typed_but_never_verified_graduates_nobody(client, tmp_path, db):
    # Marc's ENT gave no address; he types Max's and, having no verified one, allauth lets
    # him make it his main address: his account's e-mail is now Max's.
    marc = testing.user(User.Kind.STUDENT, uid="marc.squat", verified_email=False)
    testing.add_address(marc, "max.dupont@etu.univ-demo.fr")
    client.force_login(marc)
    client.post(
        reverse("account_email"),
        {"email": "max.dupont@etu.univ-demo.fr", "action_primary": ""},
    )
    marc.refresh_from_db()
    assert marc.email == "max.dupont@etu.univ-demo.fr"
    row = "29999999;DUPONT;;Max;01/01/2002;L3INF;1;Licence;SCI;UFR Sciences;2026;max.dupont@etu.univ-demo.fr;"

    import_rows(tmp_path, row)

    marc.refresh_from_db()
    assert marc.kind == User.Kind.STUDENT


def test_a_graduate_with_totp_is_asked_for_the_code_after_choosing_the_password(
    client, tmp_path, chloe, run_jobs_here, mailoutbox
):
    [code, *_] = testing.totp_codes(testing.totp_secret(chloe))
    import_rows(tmp_path, CHLOE_ROW)
    run_jobs_here()

    response = client.post(
        testing.link_in(mailoutbox[0].body), {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("accounts:account")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.url == reverse("accounts:account")
    assert client.session[SESSION_KEY] == str(chloe.pk)


def test_other_students_and_staff_are_left_alone(tmp_path, chloe):
    other = testing.student("alice.martin")
    staff = testing.staff("claire.resp")
    staff.student_number = "21800003"  # whatever a staff record says, staff stay staff
    staff.save()
    import_rows(tmp_path, CHLOE_ROW)
    other.refresh_from_db()
    staff.refresh_from_db()
    assert other.kind == User.Kind.STUDENT and staff.kind == User.Kind.STAFF


def test_importing_the_same_file_again_sends_nothing_more(
    tmp_path, chloe, run_jobs_here, mailoutbox
):
    import_rows(tmp_path, CHLOE_ROW)
    import_rows(tmp_path, CHLOE_ROW)
    run_jobs_here()
    assert len(mailoutbox) == 1


def test_the_registry_uploaded_in_the_back_office_graduates_the_student_too(
    client, chloe, run_jobs, mailoutbox
):
    testing.signed_in_administrator(client)
    content = f"{HEADER}\n{CHLOE_ROW}\n".encode()
    client.post(
        reverse("backoffice:registry_imports"),
        {"file": SimpleUploadedFile("diplomes.csv", content, "text/csv")},
    )
    run_jobs()  # the import, then the mails it deferred

    chloe.refresh_from_db()
    assert chloe.kind == User.Kind.GRADUATE
    assert RegistryImport.objects.get().graduated == 1
    [mail] = [m for m in mailoutbox if "chloe.perso@exemple.fr" in m.to]
    assert mail.subject == "Félicitations : gardez votre compte du career center après vos études"


def test_staff_and_recruiters_accounts_never_become_graduate_accounts(db):
    for person in (testing.staff("claire.resp"), testing.recruiter("rh@biolab.example")):
        kind = person.kind
        with pytest.raises(CannotGraduate):
            person.become_graduate()
        assert person.kind == kind


@pytest.mark.parametrize("persona", ["staff", "recruiter"])
def test_the_university_address_of_a_staff_or_recruiter_account_opens_no_graduate_account(
    db, persona
):
    """The institutional route turns the account whose verified address it is into the
    graduate's: a student's, never a member of staff's or a recruiter's (the page says it
    exists)."""
    email = "tom.girard@etu.univ-demo.fr"
    person = testing.staff("tom.girard") if persona == "staff" else testing.recruiter(email)
    EmailAddress.objects.update_or_create(user=person, email=email, defaults={"verified": True})
    entry = testing.registry_entry(
        birth_name="Girard", first_names="Tom", institutional_email=email, vet_code="M1INF"
    )
    link = RegistrationLink.objects.create(
        route=RegistrationLink.INSTITUTIONAL,
        email=email,
        language="fr",
        last_name="Girard",
        first_name="Tom",
        birth_date=entry.birth_date,
        entry_ids=[entry.pk],
    )
    with pytest.raises(AccountExists):
        complete_institutional(link, password=PASSWORD)
    person.refresh_from_db()
    assert person.kind == (User.Kind.STAFF if persona == "staff" else User.Kind.RECRUITER)
