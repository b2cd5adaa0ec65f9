"""TOTP: available to graduates and recruiters, required for the Django admin and for
staff who sign in with a local password."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.urls import reverse

from tremplin import testing

pytestmark = pytest.mark.django_db


def record(client, user, method):
    session = client.session
    session["account_authentication_methods"] = [{"method": method, "at": time.time()}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_the_django_admin_asks_an_administrator_to_set_up_totp_first(client):
    admin = testing.administrator()
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_the_django_admin_asks_for_the_code_when_totp_is_set_up(client):
    admin = testing.administrator()
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    assert client.get(reverse("admin:index")).url.startswith(reverse("mfa_reauthenticate"))


def test_a_fresh_code_opens_the_django_admin(client):
    admin = testing.administrator()
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    client.force_login(admin)
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    client.post(reverse("mfa_reauthenticate") + "?next=/django-admin/", {"code": code})
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_signed_in_with_a_local_password_need_totp_before_anything(client):
    person = testing.staff("claire.resp")
    client.force_login(person)
    record(client, person, "password")
    response = client.get("/gestion/")
    assert response.url.startswith(reverse("mfa_activate_totp"))

    record(client, person, "mfa")
    assert client.get("/gestion/").status_code == 200


def test_staff_signed_in_through_the_ent_are_not_asked(client):
    client.force_login(testing.staff("claire.resp"))
    assert client.get("/gestion/").status_code == 200


def test_graduates_may_turn_totp_on_from_their_profile(client):
    graduate = testing.user("graduate", email="lea@exemple.fr")
    graduate.set_password("Un-mot-de-passe-solide-2026")
    graduate.save()
    client.force_login(graduate)
    assert reverse("mfa_index") in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200
