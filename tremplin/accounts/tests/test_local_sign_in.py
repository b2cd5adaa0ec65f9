"""Graduates and recruiters sign in with an address and a password (allauth), through the
real pages: rate limits, "Mot de passe oublié" that tells nothing, TOTP, the audit log."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import User
from tremplin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"
TOO_MANY = "Trop de tentatives de connexion échouées"


@pytest.fixture
def lea(db):
    """Léa, a graduate."""
    person = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
    person.set_password(PASSWORD)
    person.save()
    return person


def sign_in(client, login: str, password: str, address: str = "192.0.2.20"):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=address
    )


def page_without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


# --- Rate limits (ACCOUNT_RATE_LIMITS) ----------------------------------------------------


def test_after_five_failures_on_an_address_even_the_right_password_is_refused(client, lea):
    for _ in range(5):
        assert TOO_MANY not in sign_in(client, "lea@exemple.fr", "mauvais").content.decode()

    response = sign_in(client, "lea@exemple.fr", PASSWORD)

    assert TOO_MANY in response.content.decode()
    assert SESSION_KEY not in client.session
    other = testing.user(User.Kind.GRADUATE, email="hugo@exemple.fr")
    other.set_password(PASSWORD)
    other.save()
    assert sign_in(client, "hugo@exemple.fr", PASSWORD).status_code == 302  # others may


def test_ten_failures_a_minute_from_one_network_block_it(client, lea):
    for n in range(10):
        sign_in(client, f"personne{n}@exemple.fr", "mauvais", address="198.51.100.9")

    blocked = sign_in(client, "lea@exemple.fr", PASSWORD, address="198.51.100.9")
    elsewhere = sign_in(client, "lea@exemple.fr", PASSWORD, address="198.51.100.10")

    assert TOO_MANY in blocked.content.decode()
    assert elsewhere.status_code == 302


def test_three_resets_an_hour_for_one_address(client, lea, mails):
    for _ in range(3):
        assert (
            client.post(reverse("account_reset_password"), {"email": lea.email}).status_code == 302
        )

    response = client.post(reverse("account_reset_password"), {"email": lea.email})

    assert response.status_code == 429
    assert len(mails()) == 3


# --- "Mot de passe oublié" tells nothing --------------------------------------------------


@pytest.mark.parametrize(
    "stranger",
    [
        "inconnue@exemple.fr",  # nobody's
        "claire.dubois@univ-demo.fr",  # a staff member's: no local password
        "attente@exemple.fr",  # a registration whose address was never confirmed
    ],
)
def test_a_reset_for_an_address_without_account_answers_as_for_a_known_one(
    client, lea, mails, stranger
):
    testing.staff("claire.resp").emailaddress_set.update(email="claire.dubois@univ-demo.fr")
    testing.recruiter("attente@exemple.fr", status="awaiting_email")

    known = client.post(reverse("account_reset_password"), {"email": lea.email})
    unknown = client.post(reverse("account_reset_password"), {"email": stranger})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == reverse("account_reset_password_done")
    assert page_without_token(client.get(known.url)) == page_without_token(client.get(unknown.url))
    [mail] = mails()
    assert mail.to == ["lea@exemple.fr"] and "/compte/password/reset/key/" in mail.text


# --- TOTP, through the real sign-in -----------------------------------------------------


@pytest.mark.parametrize("kind", ["graduate", "recruiter"])
def test_with_totp_on_the_password_is_followed_by_a_real_code(client, kind):
    if kind == "recruiter":
        person = testing.recruiter("rh@biolab.example", password=PASSWORD)
        home = reverse("recruiters:home")
    else:
        person = testing.user(User.Kind.GRADUATE, email="lea@exemple.fr")
        person.set_password(PASSWORD)
        person.save()
        home = reverse("accounts:account")
    codes = testing.totp_codes(testing.totp_secret(person))

    step = sign_in(client, person.email, PASSWORD)

    assert step.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get(home).status_code == 302  # not signed in yet
    wrong = client.post(step.url, {"code": "123456" if codes[0] != "123456" else "654321"})
    assert wrong.status_code == 200 and SESSION_KEY not in client.session
    response = client.post(step.url, {"code": codes[0]})
    assert response.url == home
    assert client.session[SESSION_KEY] == str(person.pk)
    entry = AuditEntry.objects.get(action="account.signed_in")
    assert entry.details == {"method": "password", "mfa": True}


# --- The audit log ---------------------------------------------------------------------


def test_sign_ins_and_failures_are_logged_without_passwords_or_strangers_addresses(client, lea):
    sign_in(client, "lea@exemple.fr", "Mauvais-mot-de-passe", address="192.0.2.51")
    sign_in(client, "quelquun@exemple.fr", "Mauvais-mot-de-passe", address="192.0.2.52")
    sign_in(client, "lea@exemple.fr", PASSWORD, address="192.0.2.53")

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.actor, e.target_id, e.ip_address, e.details) for e in entries] == [
        ("account.sign_in_failed", None, str(lea.pk), "192.0.2.51", {"method": "password"}),
        ("account.sign_in_failed", None, "", "192.0.2.52", {"method": "password"}),
        (
            "account.signed_in",
            lea,
            str(lea.pk),
            "192.0.2.53",
            {"method": "password", "mfa": False},
        ),
    ]
    for entry in entries:
        assert "Mauvais" not in str(vars(entry)) and "quelquun" not in str(vars(entry))
