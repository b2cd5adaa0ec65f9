"""A mail's job carries ids, and a link's secret is made when the mail leaves: after a
registration, a reset or a graduation, no job and no table other than the one that needs
it holds the person's name, date of birth or a working link, and the mail still arrives,
through a real SMTP server, saying what it must."""

from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.graduates.models import GraduateClaim
from tremplin.graduates.services import decide_claim

PASSWORD = "Un-mot-de-passe-solide-2026"
INES = {
    "last_name": "Garnier",
    "first_name": "Inès",
    "birth_date": "1995-09-21",
    "email": "ines@exemple.fr",
}


def plain_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def holding_identity() -> dict[str, set[str]]:
    return {value: testing.tables_holding(value) for value in ("Garnier", "Inès", "1995-09-21")}


def test_a_graduate_registration_keeps_its_data_only_where_it_is_needed(
    client, run_jobs, smtp_server, admin
):
    client.post(reverse("graduates:register"), INES)
    run_jobs()  # the registry is searched, the answer mailed

    [answer] = smtp_server.messages
    assert answer["To"] == "ines@exemple.fr"
    assert answer["Subject"].strip() == "Votre inscription de diplômé : complétez votre demande"
    assert "Bonjour Inès," in plain_text(answer)
    link = testing.link_in(plain_text(answer), "suite/")
    # What was typed is in the link's row only, which the link needs; the link nowhere.
    link_only = {"graduates_registrationlink"}
    assert holding_identity() == {"Garnier": link_only, "Inès": link_only, "1995-09-21": link_only}
    assert testing.tables_holding(token_of(link)) == set()

    response = client.post(
        link,
        {
            **INES,
            "diploma_title": "Licence AES",
            "year_obtained": 2017,
            "composante": testing.composante("DRT").pk,
            "message": "Diplômée en 2017.",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert "Votre demande est envoyée" in response.content.decode()
    assert client.get(link).status_code == 404  # the link works once
    run_jobs()  # "your request waits for validation"
    account = {"accounts_user", "graduates_graduateclaim", "audit_auditentry"}
    assert holding_identity() == {
        "Garnier": account,
        "Inès": account,
        "1995-09-21": {"graduates_graduateclaim"},  # for the moderator
    }

    decide_claim(GraduateClaim.objects.get().pk, acting_user=admin, validate=True)
    run_jobs()
    assert smtp_server.messages[-1]["Subject"].strip() == "Votre compte diplômé est validé"
    assert holding_identity() == {"Garnier": account, "Inès": account, "1995-09-21": set()}
    assert not testing.tables_holding("ines@exemple.fr") & {"procrastinate_jobs"}


def test_a_password_reset_mail_carries_a_link_no_table_holds(client, run_jobs, smtp_server):
    lea = testing.recruiter("lea@atelier-numerique.example", first_name="Léa", last_name="Durand")

    client.post(reverse("account_reset_password"), {"email": lea.email})
    run_jobs()

    [message] = smtp_server.messages
    assert message["To"] == lea.email
    assert message["Subject"].strip() == "E-mail de réinitialisation de mot de passe"
    link = testing.link_in(plain_text(message), "/password/reset/key/")
    assert testing.tables_holding(token_of(link)) == set()
    assert testing.tables_holding("Durand") == {"accounts_user"}

    form = client.get(link, follow=True)  # allauth moves the key out of the URL
    new_password = {
        "password1": "Nouveau-mot-de-passe-2026",
        "password2": "Nouveau-mot-de-passe-2026",
    }
    assert client.post(form.redirect_chain[-1][0], new_password).status_code == 302
    lea.refresh_from_db()
    assert lea.check_password("Nouveau-mot-de-passe-2026")


def test_a_recruiters_confirmation_link_is_in_no_table(client, run_jobs, smtp_server):
    client.post(
        reverse("recruiters:register"),
        {
            "name": "Atelier Numérique",
            "siret": "852 963 743 00020",
            "address": "4 place de Jaude",
            "postcode": "63000",
            "city": "Clermont-Ferrand",
            "country": "France",
            "sector": "J",
            "size": "10-49",
            "first_name": "Léa",
            "last_name": "Durand",
            "job_title": "Responsable des ressources humaines",
            "phone": "+33 4 73 00 00 00",
            "email": "rh@atelier-numerique.example",
            "password1": "Un-stage-à-Clermont-2026",
            "password2": "Un-stage-à-Clermont-2026",
            "terms": "on",
        },
    )
    run_jobs()

    [message] = smtp_server.messages
    assert "Bonjour Léa," in plain_text(message)
    link = testing.link_in(plain_text(message), "/confirmation/")
    assert testing.tables_holding(token_of(link)) == set()
    assert testing.tables_holding("Durand") == {"accounts_user", "audit_auditentry"}
    assert "Votre adresse électronique est confirmée" in client.post(link).content.decode()


def test_a_graduation_mail_carries_a_password_link_no_table_holds(client, run_jobs, smtp_server):
    from tremplin.graduates.transition import graduate_students

    chloe = testing.student("chloe.bernard")
    chloe.student_number = "21800003"
    chloe.save()
    graduate_students([_row(chloe)])
    run_jobs()

    [message] = smtp_server.messages
    link = testing.link_in(plain_text(message), "mot-de-passe/")
    assert testing.tables_holding(token_of(link)) == set()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.url == reverse("accounts:account")
    assert User.objects.get(pk=chloe.pk).check_password(PASSWORD)


def _row(student: User):
    from datetime import date

    from tremplin.directory.importer import RegistryRow

    return RegistryRow(
        student_number=student.student_number,
        birth_name="BERNARD",
        usage_name="",
        first_names="Chloé",
        birth_date=date(2003, 2, 4),
        vet_code="L3INF",
        vet_version="1",
        vet_label="Licence Informatique",
        composante_code="SCI",
        composante_label="UFR Sciences",
        year=2026,
        institutional_email=student.email,
        personal_email="",
    )
