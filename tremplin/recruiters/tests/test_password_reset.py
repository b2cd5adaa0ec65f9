"""“Mot de passe oublié” works for an accepted recruiter, once."""

import pytest
from django.urls import reverse

from tremplin import testing

pytestmark = pytest.mark.django_db


def test_an_accepted_recruiter_chooses_a_new_password_with_the_mailed_link(client, mails):
    lea = testing.recruiter("lea@atelier-numerique.example", first_name="Léa")

    response = client.post(
        reverse("account_reset_password"), {"email": "lea@atelier-numerique.example"}
    )

    assert response.status_code == 302
    [mail] = mails()
    assert mail.to == [lea.email]
    assert mail.subject == "E-mail de réinitialisation de mot de passe"
    link = mail.link("/password/reset/key/")
    form = client.get(link, follow=True)  # allauth moves the key out of the URL
    assert form.status_code == 200
    form_url = form.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"password1": "Nouveau-mot-de-passe-2026", "password2": "Nouveau-mot-de-passe-2026"},
    )
    assert response.status_code == 302
    lea.refresh_from_db()
    assert lea.check_password("Nouveau-mot-de-passe-2026")

    response = client.post(
        reverse("account_login"),
        {"login": "lea@atelier-numerique.example", "password": "Nouveau-mot-de-passe-2026"},
    )
    assert response["Location"] == reverse("recruiters:home")
    client.logout()

    again = client.get(link, follow=True)  # the link works once
    assert "Le lien de réinitialisation du mot de passe est invalide" in again.content.decode()
    client.post(link, {"password1": "Troisieme-essai-2026", "password2": "Troisieme-essai-2026"})
    lea.refresh_from_db()
    assert lea.check_password("Nouveau-mot-de-passe-2026")


def test_the_new_password_follows_the_rules(client, mails):
    testing.recruiter("lea@atelier-numerique.example")
    client.post(reverse("account_reset_password"), {"email": "lea@atelier-numerique.example"})
    form_url = client.get(mails()[0].link("/password/reset/key/"), follow=True).redirect_chain[-1][
        0
    ]
    response = client.post(form_url, {"password1": "court", "password2": "court"})
    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()


def test_the_mailed_link_expires_after_one_hour(client, mails):
    from datetime import datetime, timedelta
    from unittest import mock

    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    lea = testing.recruiter("lea@atelier-numerique.example")
    client.post(reverse("account_reset_password"), {"email": "lea@atelier-numerique.example"})
    link = mails()[0].link("/password/reset/key/")
    later = datetime.now() + timedelta(minutes=61)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        page = client.get(link, follow=True)
        url = page.redirect_chain[-1][0] if page.redirect_chain else link
        client.post(url, {"password1": "Trop-tard-2026-x", "password2": "Trop-tard-2026-x"})
    assert "Le lien de réinitialisation du mot de passe est invalide" in page.content.decode()
    lea.refresh_from_db()
    assert not lea.check_password("Trop-tard-2026-x")
