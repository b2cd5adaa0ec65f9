"""Candidates apply with a CV (their profile's or a PDF chosen then) and a message; the
recruiters of the offer's organisation, and nobody else, read the applications."""

import pytest
from django.urls import reverse

from tremplin.audit.models import AuditEntry
from tremplin.offers.models import Application, Offer
from tremplin.profiles.models import Resume
from tremplin.testing import PNG, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(make_offer):
    return make_offer("Stage développeur web Python")


def apply(client, offer, **data):
    return client.post(reverse("offers:apply", args=[offer.pk]), data)


def with_profile_cv(person, content: bytes | None = None) -> Resume:
    from django.core.files.base import ContentFile

    resume = Resume.objects.create(user=person)
    resume.cv.save("cv.pdf", ContentFile(content or pdf_bytes(2)))
    return resume


def test_alice_applies_with_an_uploaded_pdf_and_both_sides_are_told(
    client, alice, sophie, offer, cv_upload, mails
):
    client.force_login(alice)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Envoyer ma candidature" in page
    response = apply(client, offer, message="Je suis motivée.", cv=cv_upload())
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])

    application = Application.objects.get()
    assert (application.offer, application.candidate) == (offer, alice)
    assert application.message == "Je suis motivée."
    assert application.cv.read().startswith(b"%PDF-")
    to_recruiter, to_alice = mails()
    assert to_recruiter.to == [sophie.email]
    assert to_recruiter.subject == "Nouvelle candidature pour « Stage développeur web Python »"
    assert f"/recruteurs/candidatures/{application.pk}/" in to_recruiter.text
    assert alice.get_full_name() in to_recruiter.text
    assert to_alice.to == [alice.email]
    assert (
        to_alice.subject == "Votre candidature pour « Stage développeur web Python » est envoyée"
    )
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Vous avez candidaté le" in page and "Envoyer ma candidature" not in page


def test_alice_applies_with_the_cv_of_her_profile(client, alice, offer):
    resume = with_profile_cv(alice)
    client.force_login(alice)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Le CV de mon profil" in page
    apply(client, offer, message="Bonjour.", cv_source="profile")
    application = Application.objects.get()
    assert application.cv.read() == resume.cv.open("rb").read()
    assert application.cv.name != resume.cv.name  # a copy: the application keeps what was sent


def test_a_pdf_chosen_then_wins_over_the_profiles(client, alice, offer, cv_upload):
    with_profile_cv(alice)
    chosen = pdf_bytes(3)
    client.force_login(alice)
    apply(client, offer, message="Bonjour.", cv_source="upload", cv=cv_upload(content=chosen))
    assert Application.objects.get().cv.read() == chosen


def test_without_any_cv_the_form_asks_for_one(client, alice, offer):
    client.force_login(alice)
    response = apply(client, offer, message="Bonjour.")
    assert response.status_code == 400
    assert "Choisissez le fichier PDF de votre CV." in response.content.decode()
    assert not Application.objects.exists()


def test_a_png_renamed_pdf_is_refused(client, alice, offer, cv_upload):
    client.force_login(alice)
    response = apply(client, offer, message="Bonjour.", cv=cv_upload("cv.pdf", PNG))
    assert response.status_code == 400
    assert "Ce fichier n’est pas un document PDF." in response.content.decode()
    assert not Application.objects.exists()


def test_a_pdf_over_5_mb_is_refused(client, alice, offer, cv_upload):
    big = pdf_bytes() + b"%" + b"0" * (5 * 1024 * 1024)
    client.force_login(alice)
    response = apply(client, offer, message="Bonjour.", cv=cv_upload(content=big))
    assert response.status_code == 400
    assert "Le fichier dépasse 5 Mo." in response.content.decode()
    assert not Application.objects.exists()


def test_a_message_is_required(client, alice, offer, cv_upload):
    client.force_login(alice)
    response = apply(client, offer, message="", cv=cv_upload())
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_one_application_per_offer_and_candidate(client, alice, offer, cv_upload):
    client.force_login(alice)
    apply(client, offer, message="Première.", cv=cv_upload())
    response = client.post(
        reverse("offers:apply", args=[offer.pk]),
        {"message": "Seconde.", "cv": cv_upload()},
        follow=True,
    )
    assert Application.objects.count() == 1
    assert Application.objects.get().message == "Première."
    assert "Vous avez déjà candidaté à cette offre." in response.content.decode()


def test_nobody_applies_to_an_offer_not_aimed_at_them(client, bob, make_offer, sci, cv_upload):
    for_sci = make_offer("Stage SCI", composantes=[sci])
    client.force_login(bob)
    assert apply(client, for_sci, message="Bonjour.", cv=cv_upload()).status_code == 404
    assert not Application.objects.exists()


def test_recruiters_and_staff_do_not_apply(client, sophie, nina, offer, cv_upload):
    for person in (sophie, nina):
        client.force_login(person)
        assert apply(client, offer, message="Bonjour.", cv=cv_upload()).status_code == 404
    assert not Application.objects.exists()


def test_an_offer_applied_to_elsewhere_shows_the_way(client, alice, make_offer, cv_upload):
    offer = make_offer(
        "Stage externe", apply_by=Offer.Apply.URL, apply_url="https://jobs.example/42"
    )
    client.force_login(alice)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert 'href="https://jobs.example/42"' in page and "Envoyer ma candidature" not in page
    apply(client, offer, message="Bonjour.", cv=cv_upload())
    assert not Application.objects.exists()


def test_candidates_see_their_own_applications(client, alice, bob, offer, cv_upload):
    client.force_login(alice)
    apply(client, offer, message="Bonjour.", cv=cv_upload())
    page = client.get(reverse("offers:my_applications")).content.decode()
    assert "Stage développeur web Python" in page and "Reçue" in page
    client.force_login(bob)
    page = client.get(reverse("offers:my_applications")).content.decode()
    assert "Stage développeur web Python" not in page


# --- The recruiter's side --------------------------------------------------------------


@pytest.fixture
def application(client, alice, offer, cv_upload):
    client.force_login(alice)
    apply(client, offer, message="Je suis motivée.", cv=cv_upload())
    client.logout()
    return Application.objects.get()


def test_the_recruiter_reads_the_applications_to_their_offers(client, sophie, application):
    client.force_login(sophie)
    page = client.get(
        reverse("offers:offer_applications", args=[application.offer_id])
    ).content.decode()
    assert application.candidate.get_full_name() in page
    page = client.get(reverse("offers:application", args=[application.pk])).content.decode()
    assert "Je suis motivée." in page
    assert application.candidate.email in page


def test_the_cv_downloads_as_an_attachment_never_sniffed(client, sophie, application):
    client.force_login(sophie)
    response = client.get(reverse("offers:application_cv", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"-{application.pk}.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_recruiter_reading_a_cv_is_in_the_audit_log_the_candidate_is_not(
    client, alice, sophie, application, cv_upload
):
    client.force_login(alice)
    client.post(reverse("profiles:cv"), {"cv": cv_upload()})
    assert client.get(reverse("profiles:cv_download")).status_code == 200  # her own: not logged
    client.force_login(sophie)
    client.get(reverse("offers:application_cv", args=[application.pk]), REMOTE_ADDR="192.0.2.61")

    [entry] = AuditEntry.objects.filter(action__endswith="cv_downloaded")
    assert (entry.action, entry.actor, entry.target_id, entry.ip_address) == (
        "application.cv_downloaded",
        sophie,
        str(application.pk),
        "192.0.2.61",
    )


def test_another_organisations_recruiter_gets_404_on_the_applications(client, marc, application):
    client.force_login(marc)
    for url in (
        reverse("offers:offer_applications", args=[application.offer_id]),
        reverse("offers:application", args=[application.pk]),
        reverse("offers:application_cv", args=[application.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("offers:application", args=[application.pk]), {"status": "declined"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_candidates_and_staff_get_404_on_the_recruiter_pages(client, bob, nina, application):
    for person in (bob, nina, application.candidate):
        client.force_login(person)
        assert client.get(reverse("offers:application", args=[application.pk])).status_code == 404
        cv = reverse("offers:application_cv", args=[application.pk])
        assert client.get(cv).status_code == 404


def test_shortlisting_tells_the_candidate(client, sophie, application, mails):
    before = len(mails())
    client.force_login(sophie)
    response = client.post(
        reverse("offers:application", args=[application.pk]), {"status": "shortlisted"}
    )
    assert response["Location"] == reverse("offers:application", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    assert application.status_changed_at is not None
    [mail] = mails()[before:]
    assert mail.to == [application.candidate.email]
    assert mail.subject == "Votre candidature pour « Stage développeur web Python » est retenue"
    assert "BioLab Auvergne a retenu votre candidature" in mail.text


def test_declining_tells_the_candidate_kindly(client, sophie, application, mails):
    before = len(mails())
    client.force_login(sophie)
    client.post(reverse("offers:application", args=[application.pk]), {"status": "declined"})
    [mail] = mails()[before:]
    assert "n’a pas retenu votre candidature" in mail.text
    client.force_login(application.candidate)
    page = client.get(reverse("offers:my_applications")).content.decode()
    assert "Non retenue" in page


def test_the_same_status_again_mails_nobody(client, sophie, application, mails):
    before = len(mails())
    client.force_login(sophie)
    client.post(reverse("offers:application", args=[application.pk]), {"status": "received"})
    assert len(mails()) == before
