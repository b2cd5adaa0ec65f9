"""“Diplômé” → registration: the same answer whether or not the registry knows the person;
the e-mail carries the next step."""

import re
from datetime import timedelta
from unittest import mock

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
    assert "Diplôme L3INF — UFR SCI — 2020" in page
    assert "Diplôme M2GL — UFR SCI — 2022" in page
    assert "Je ne trouve pas mon diplôme" in page
    assert registry["tom"].vet.label not in page  # nobody else's diplomas
