import pytest
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import LegalDocument
from tremplin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_home_page_has_the_four_entries_of_the_seed_in_french(client):
    page = client.get("/").content.decode()
    assert '<html lang="fr">' in page
    for entry in [
        "Étudiant",
        "Diplômé",
        "Entreprises / Partenaires",
        "Inscription",
        "Connexion",
        "Connexion personnels",
    ]:
        assert entry in page
    assert page.index("Entreprises / Partenaires") < page.index(
        "Connexion personnels"
    )  # at the bottom


def test_the_language_switch_turns_the_site_english_and_back(client):
    response = client.post(reverse("pages:set_language"), {"language": "en", "next": "/aide/"})
    assert response.url == "/aide/"
    page = client.get("/").content.decode()
    assert (
        '<html lang="en">' in page and "Companies / Partners" in page and "Staff sign-in" in page
    )

    client.post(reverse("pages:set_language"), {"language": "fr", "next": "/"})
    assert "Connexion personnels" in client.get("/").content.decode()


def test_the_language_switch_never_sends_off_site(client):
    for target in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "http:evil.example",
    ]:
        response = client.post(reverse("pages:set_language"), {"language": "en", "next": target})
        assert "evil.example" not in response.get("Location", ""), target


def test_a_signed_in_user_keeps_the_chosen_language_for_their_mails(client):
    person = testing.student("alice.martin")
    client.force_login(person)
    client.post(reverse("pages:set_language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.parametrize("audience", ["etudiant", "diplome", "recruteur", "personnel"])
def test_each_profile_has_a_help_page(client, audience):
    response = client.get(reverse("pages:help", args=[audience]))
    assert response.status_code == 200
    assert "Comment me connecter ?" in response.content.decode()


def test_an_unknown_help_page_is_a_404(client):
    assert client.get(reverse("pages:help", args=["pirate"])).status_code == 404


@pytest.mark.parametrize("kind", LegalDocument.Kind.values)
def test_each_legal_page_shows_its_current_version(client, kind):
    page = client.get(reverse(f"pages:{kind}")).content.decode()
    assert "Version 1 du" in page


def test_an_administrator_publishes_a_new_version_of_a_legal_text(client):
    admin = testing.administrator()
    testing.signed_in_administrator(client, admin)
    response = client.post(
        reverse("backoffice:legal_document_edit", args=["mentions-legales"]),
        {
            "title_fr": "Mentions légales",
            "title_en": "Legal notice",
            "body_fr": "## Éditeur\n\nL'université <script>alert(1)</script>.",
            "body_en": "## Publisher",
        },
    )
    assert response.status_code == 302

    page = client.get(reverse("pages:mentions-legales")).content.decode()
    assert "Version 2 du" in page
    assert "<h2>Éditeur</h2>" in page
    assert "<script>alert(1)</script>" not in page  # the text is sanitised
    entry = AuditEntry.objects.get(action="legal.published")
    assert entry.actor == admin and entry.target_label == "Mentions légales v2"


def test_only_administrators_edit_legal_texts(client):
    client.force_login(testing.staff("nina.conseil", ("career_adviser", None)))
    url = reverse("backoffice:legal_document_edit", args=["cgu"])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"title_fr": "x", "title_en": "x", "body_fr": "x", "body_en": "x"}
        ).status_code
        == 404
    )
    assert LegalDocument.objects.filter(kind="cgu").count() == 1


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
