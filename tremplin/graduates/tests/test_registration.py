"""“Diplômé” → registration: the same answer whether or not the registry knows the person;
the e-mail carries the next step."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin import testing
from tremplin.graduates.models import RegistrationRequest

LEA = {
    "last_name": "moreau dupuis",
    "first_name": "LEA",
    "birth_date": "1998-03-12",
    "email": "lea@exemple.fr",
}
NOBODY = {
    "last_name": "Garnier",
    "first_name": "Inès",
    "birth_date": "1995-09-21",
    "email": "ines@exemple.fr",
}


def page_without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_answer_is_the_same_page_whether_or_not_the_registry_knows_the_person(
    client, registry, run_jobs, mailoutbox
):
    known = client.post(reverse("graduates:register"), LEA, follow=True)
    unknown = client.post(reverse("graduates:register"), NOBODY, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("graduates:sent"), 302)]
    assert page_without_token(known) == page_without_token(unknown)
    assert "Consultez vos courriels" in known.content.decode()
    assert mailoutbox == []  # the registry is searched by the worker, not in the request

    run_jobs()

    assert [m.to for m in mailoutbox] == [["lea@exemple.fr"], ["ines@exemple.fr"]]
    assert mailoutbox[0].subject == "Votre inscription de diplômé : choisissez votre diplôme"
    assert mailoutbox[1].subject == "Votre inscription de diplômé : complétez votre demande"
    assert not RegistrationRequest.objects.exists()  # what was typed is not kept


def test_the_e_mail_speaks_the_language_of_the_registration(
    client, registry, run_jobs, mailoutbox
):
    client.post(reverse("pages:set_language"), {"language": "en", "next": "/"})
    client.post(reverse("graduates:register"), LEA)
    run_jobs()
    assert mailoutbox[0].subject == "Your graduate registration: choose your diploma"
    assert "The link works once and for 48 hours." in mailoutbox[0].body


def test_an_address_already_used_gets_a_mail_saying_so_and_the_same_page(
    client, registry, run_jobs, mailoutbox
):
    from tremplin import testing

    testing.user("graduate", email="lea@exemple.fr")
    response = client.post(reverse("graduates:register"), LEA, follow=True)
    assert "Consultez vos courriels" in response.content.decode()
    run_jobs()
    [mail] = mailoutbox
    assert mail.subject == "Vous avez déjà un compte sur le career center"
    assert reverse("account_reset_password") in mail.body


def test_an_address_someone_else_typed_but_never_verified_is_free(
    client, registry, run_jobs, mailoutbox
):
    testing.add_address(testing.student("marc.squat"), "lea@exemple.fr")
    run_jobs()  # the confirmation mail allauth sends for Marc
    mailoutbox.clear()

    client.post(reverse("graduates:register"), LEA)
    run_jobs()

    [mail] = mailoutbox
    assert mail.to == ["lea@exemple.fr"]
    assert mail.subject != "Vous avez déjà un compte sur le career center"
    page = client.get(testing.link_in(mail.body)).content.decode()
    assert "Diplôme L3INF (code VET L3INF) — UFR SCI — 2020" in page


def test_the_registration_form_explains_its_errors(client, db):
    response = client.post(
        reverse("graduates:register"), {**NOBODY, "birth_date": "2999-01-01", "email": "x"}
    )
    page = response.content.decode()
    assert "Vérifiez la date de naissance." in page
    assert "Saisissez une adresse de courriel valide." in page
    assert not RegistrationRequest.objects.exists()


def test_nobody_walks_through_birth_dates(client, registry):
    for day in range(1, 6):
        response = client.post(
            reverse("graduates:register"),
            {**LEA, "birth_date": "1998-03-12", "email": f"x{day}@exemple.fr"},
        )
        assert response.status_code == 302
    refused = client.post(reverse("graduates:register"), {**LEA, "email": "x6@exemple.fr"})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.content.decode()
    assert RegistrationRequest.objects.count() == 5


def test_one_network_cannot_flood_the_form(client, db):
    for n in range(20):
        client.post(
            reverse("graduates:register"),
            {**NOBODY, "last_name": f"Nom{n}", "email": f"p{n}@exemple.fr"},
        )
    assert (
        client.post(
            reverse("graduates:register"), {**NOBODY, "email": "last@exemple.fr"}
        ).status_code
        == 429
    )


def test_one_name_gets_five_answers_a_day_whatever_the_dates_and_the_addresses(client, registry):
    """Sweeping the dates of birth of one person from many machines and mailboxes: the
    name, however it is written, is counted without its date."""
    writings = [
        "moreau dupuis",
        "Moreau-Dupuis",
        "MOREAU-DUPUIS",
        "Moreau Dupuis",
        "moreau-dupuis",
    ]
    for day, last_name in enumerate(writings, start=1):
        response = client.post(
            reverse("graduates:register"),
            {
                **LEA,
                "last_name": last_name,
                "birth_date": f"1998-03-{day:02d}",
                "email": f"x{day}@exemple.fr",
            },
            REMOTE_ADDR=f"198.51.100.{day}",
        )
        assert response.status_code == 302, day
    refused = client.post(
        reverse("graduates:register"),
        {**LEA, "birth_date": "1998-03-12", "email": "x6@exemple.fr"},
        REMOTE_ADDR="203.0.113.6",
    )
    assert refused.status_code == 429
    assert RegistrationRequest.objects.count() == 5
    other_name = client.post(
        reverse("graduates:register"),
        {**NOBODY, "email": "x7@exemple.fr"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert other_name.status_code == 302


def register_somebody(client, n: int):
    """A registration of a different person, from a different machine and mailbox."""
    return client.post(
        reverse("graduates:register"),
        {**NOBODY, "last_name": f"Personne{n}", "email": f"p{n}@exemple.fr"},
        REMOTE_ADDR=f"198.51.100.{n}",
    )


@pytest.mark.parametrize(
    "ceiling", ["GRADUATE_REGISTRATIONS_PER_HOUR", "GRADUATE_REGISTRATIONS_PER_DAY"]
)
def test_a_sweep_spread_over_many_names_and_machines_stops_at_the_ceiling(
    client, db, settings, caplog, ceiling
):
    setattr(settings, ceiling, 3)
    assert [register_somebody(client, n).status_code for n in range(1, 5)] == [302, 302, 302, 429]
    assert RegistrationRequest.objects.count() == 3
    assert register_somebody(client, 5).status_code == 429
    warnings = [r.getMessage() for r in caplog.records if r.name == "tremplin.graduates.services"]
    assert warnings == [
        "graduate registrations refused until the window ends: "
        f"graduate-registrations-{'hour' if ceiling.endswith('HOUR') else 'day'} reached 3"
    ]


def test_attempts_a_narrower_limit_refuses_do_not_use_up_the_ceiling(client, db, settings):
    settings.GRADUATE_REGISTRATIONS_PER_HOUR = 6
    same_name = [
        client.post(
            reverse("graduates:register"),
            {**NOBODY, "email": f"x{n}@exemple.fr"},
            REMOTE_ADDR=f"203.0.113.{n}",
        ).status_code
        for n in range(1, 9)
    ]
    assert same_name == [302] * 5 + [429] * 3  # the name's limit
    assert register_somebody(client, 1).status_code == 302  # the sixth under the ceiling
    assert register_somebody(client, 2).status_code == 429


def test_the_link_expires_48_hours_after_the_mail_left(client, registry, run_jobs, mailoutbox):
    client.post(reverse("graduates:register"), LEA)
    run_jobs()
    link = testing.link_in(mailoutbox[0].body)
    now = timezone.now()

    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=47)):
        assert client.get(link).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=49)):
        response = client.get(link)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


def test_a_tampered_link_does_not_open(client, registry, run_jobs, mailoutbox):
    client.post(reverse("graduates:register"), LEA)
    run_jobs()
    link = testing.link_in(mailoutbox[0].body)
    assert client.get(link[:-4] + "xyz/").status_code == 404
    assert client.get(link).status_code == 200


def test_the_link_leads_to_the_diplomas_the_registry_holds(client, registry, run_jobs, mailoutbox):
    client.post(reverse("graduates:register"), LEA)
    run_jobs()
    page = client.get(testing.link_in(mailoutbox[0].body)).content.decode()
    assert "Diplôme L3INF (code VET L3INF) — UFR SCI — 2020" in page
    assert "Diplôme M2GL (code VET M2GL) — UFR SCI — 2022" in page
    assert "Je ne trouve pas mon diplôme" in page
    assert registry["tom"].vet.label not in page  # nobody else's diplomas
