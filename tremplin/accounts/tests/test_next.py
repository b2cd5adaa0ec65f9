"""Pages that go on to a `next` page go on only within Tremplin, whatever is written in
it: the charter, allauth's sign-in and its TOTP steps (the ENT's round trip: see
test_cas_sign_in; favourites and trust: their apps' tests)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"
PROFILE = "/compte/profil/"


@pytest.fixture
def graduate(db):
    person = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    person.set_password(PASSWORD)
    person.save()
    return person


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_the_charter_goes_on_to_the_back_office(client, next_url):
    client.force_login(testing.staff("claire.resp", accepted_charter=False))

    response = client.post(
        f"{reverse('accounts:charter')}?next=x",
        {"accept": "on", "confirmed": "True", "next": next_url},
    )

    assert response.status_code == 302 and response.url == reverse("backoffice:dashboard")
    assert client.get(reverse("accounts:charter"), {"next": next_url}).url == "/gestion/"


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_the_sign_in_page_goes_on_to_the_profile(client, graduate, next_url):
    response = client.post(
        reverse("account_login"), {"login": graduate.email, "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302 and response.url == PROFILE
    assert client.session[SESSION_KEY] == str(graduate.pk)


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_the_totp_step_of_the_sign_in_goes_on_to_the_profile(client, graduate, next_url):
    codes = testing.totp_codes(testing.totp_secret(graduate))
    step = client.post(
        f"{reverse('account_login')}?next=/aide/",
        {"login": graduate.email, "password": PASSWORD, "next": next_url},
    )
    assert step.url == reverse("mfa_authenticate")

    response = client.post(step.url, {"code": codes[0], "next": next_url})

    assert response.status_code == 302 and response.url == PROFILE
    assert client.session[SESSION_KEY] == str(graduate.pk)


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_the_administrators_totp_check_stays_on_the_site(client, next_url):
    paul = testing.administrator()
    codes = testing.totp_codes(testing.totp_secret(paul))
    client.force_login(paul)

    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next={next_url}", {"code": codes[0], "next": next_url}
    )

    assert response.status_code == 302 and response.url == reverse("backoffice:dashboard")


@pytest.mark.parametrize("next_url", testing.OFF_SITE_NEXT)
def test_setting_totp_up_goes_on_within_the_site(client, next_url):
    client.force_login(testing.administrator())
    setup = client.get(reverse("mfa_activate_totp"), {"next": next_url})
    [code, *_] = testing.totp_codes(setup.context["form"].secret)

    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.url == f"{reverse('mfa_view_recovery_codes')}?next=%2Fcompte%2Fprofil%2F"
    page = client.get(response.url).content.decode()
    assert f'<a class="button" href="{PROFILE}">' in page and "evil" not in page
