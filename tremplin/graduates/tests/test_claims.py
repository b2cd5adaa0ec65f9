"""After the e-mailed link: the claim, its validation within each moderator's scope."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.audit.models import AuditEntry
from tremplin.graduates.models import GraduateClaim, RegistrationLink
from tremplin.graduates.services import decide_claim, possible_duplicates
from tremplin.moderation.models import TransitionRefused

from .conftest import BORN

Role = RoleAssignment.Role
PASSWORD = "Un-mot-de-passe-solide-2026"


def link_for(
    route, *, entries=(), email="lea@exemple.fr", last="Moreau-Dupuis", first="Léa", born=BORN
):
    """The path of a registration's e-mailed link, as the worker would have mailed it."""
    link = RegistrationLink.objects.create(
        route=route,
        email=email,
        language="fr",
        last_name=last,
        first_name=first,
        birth_date=born,
        entry_ids=[e.pk for e in entries],
    )
    return reverse("graduates:next_step", args=[link.issue()])


@pytest.fixture
def moderators(db):
    sci, drt = testing.composante("SCI"), testing.composante("DRT")
    return {
        "admin": testing.administrator(),
        "claire": testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci)),
        "david": testing.staff("david.drt", (Role.COMPOSANTE_MANAGER, drt)),
        "marc": testing.staff("marc.resp", (Role.VET_MANAGER, testing.vet("M2GL"))),
        "nina": testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)),
    }


def choose(client, registry, diploma, url=None, **extra):
    url = url or link_for(
        RegistrationLink.FOUND, entries=[registry["lea_licence"], registry["lea_master"]]
    )
    return client.post(
        url, {"diploma": diploma, "password1": PASSWORD, "password2": PASSWORD, **extra}
    )


def test_choosing_a_found_diploma_makes_a_claim_for_its_composante_and_vet(
    client, registry, mailoutbox
):
    response = choose(client, registry, str(registry["lea_master"].pk))

    assert "Votre demande est envoyée" in response.content.decode()
    claim = GraduateClaim.objects.get()
    assert (claim.route, claim.status) == (
        GraduateClaim.Route.DIPLOMA_FOUND,
        GraduateClaim.Status.PENDING,
    )
    assert (claim.composante.code, claim.vet.code, claim.year_obtained) == ("SCI", "M2GL", 2022)
    assert not claim.user.is_active and claim.user.kind == User.Kind.GRADUATE
    assert claim.user.check_password(PASSWORD)
    assert claim.user.emailaddress_set.get().verified


def test_a_link_creates_one_account_only(client, registry):
    url = link_for(
        RegistrationLink.FOUND, entries=[registry["lea_licence"], registry["lea_master"]]
    )
    choose(client, registry, str(registry["lea_master"].pk), url=url)
    again = choose(client, registry, str(registry["lea_licence"].pk), url=url)
    assert again.status_code == 404
    assert "Ce lien ne fonctionne plus" in again.content.decode()
    assert GraduateClaim.objects.count() == 1


def test_a_weak_password_is_refused_and_nothing_is_created(client, registry):
    url = link_for(RegistrationLink.FOUND, entries=[registry["lea_master"]])
    response = client.post(
        url,
        {
            "diploma": registry["lea_master"].pk,
            "password1": "motdepasse",
            "password2": "motdepasse",
        },
    )
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert not GraduateClaim.objects.exists()


def test_a_diploma_of_someone_else_cannot_be_chosen(client, registry):
    url = link_for(RegistrationLink.FOUND, entries=[registry["lea_master"]])
    response = client.post(
        url, {"diploma": registry["tom"].pk, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200 and not GraduateClaim.objects.exists()


def test_the_vet_responsable_validates_a_found_diploma_and_the_graduate_joins_both_groups(
    client, registry, moderators, mailoutbox, run_jobs_here
):
    choose(client, registry, str(registry["lea_master"].pk))
    claim = GraduateClaim.objects.get()
    client.force_login(moderators["marc"])

    assert "Léa Marie Moreau-Dupuis" in client.get(reverse("graduates:claims")).content.decode()
    client.post(
        reverse("graduates:claim_decide", args=[claim.pk]),
        {"decision": "validate"},
        REMOTE_ADDR="192.0.2.9",
    )

    claim.refresh_from_db()
    lea = claim.user
    assert (
        claim.status == GraduateClaim.Status.VALIDATED and claim.decided_by == moderators["marc"]
    )
    assert lea.is_active
    assert [c.code for c in lea.composantes.all()] == ["SCI"] and [
        v.code for v in lea.vets.all()
    ] == ["M2GL"]
    entry = AuditEntry.objects.get(action="graduate.validated")
    assert (entry.actor, entry.ip_address) == (moderators["marc"], "192.0.2.9")
    run_jobs_here()
    assert mailoutbox[-1].subject == "Votre compte diplômé est validé"

    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": "lea@exemple.fr", "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and client.session[SESSION_KEY] == str(lea.pk)


def test_a_pending_graduate_cannot_sign_in_yet(client, registry):
    choose(client, registry, str(registry["lea_master"].pk))
    response = client.post(
        reverse("account_login"), {"login": "lea@exemple.fr", "password": PASSWORD}
    )
    assert "Votre compte n’est pas encore ouvert" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_diploma_not_found_goes_to_the_chosen_composante_only(client, registry, moderators):
    sci = testing.composante("SCI")
    choose(
        client,
        registry,
        "other",
        composante=sci.pk,
        diploma_title="DU Data science",
        year_obtained=2023,
    )
    claim = GraduateClaim.objects.get()
    assert (claim.route, claim.composante, claim.vet) == (
        GraduateClaim.Route.DIPLOMA_NOT_FOUND,
        sci,
        None,
    )

    for outsider in (
        "marc",
        "david",
        "nina",
    ):  # the VET responsable, another composante, an adviser
        client.force_login(moderators[outsider])
        assert client.get(reverse("graduates:claim", args=[claim.pk])).status_code == 404, outsider
    client.force_login(moderators["claire"])
    client.post(reverse("graduates:claim_decide", args=[claim.pk]), {"decision": "validate"})
    claim.user.refresh_from_db()
    assert [c.code for c in claim.user.composantes.all()] == [
        "SCI"
    ] and not claim.user.vets.exists()


def test_not_finding_ones_diploma_needs_the_diploma_described(client, registry):
    response = choose(client, registry, "other")
    assert response.content.decode().count("Ce champ est obligatoire.") == 3
    assert not GraduateClaim.objects.exists()


def absent_form(**extra):
    return {
        "last_name": "Garnier",
        "first_name": "Inès",
        "birth_date": "1995-09-21",
        "diploma_title": "Licence AES",
        "year_obtained": 2017,
        "composante": testing.composante("DRT").pk,
        "message": "Diplômée en 2017.",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


def test_someone_absent_from_the_registry_fills_the_complete_form_for_an_administrator(
    client, moderators, mailoutbox, run_jobs_here
):
    url = link_for(
        RegistrationLink.ABSENT,
        email="ines@exemple.fr",
        last="Garnier",
        first="Inès",
        born=date(1995, 9, 21),
    )
    page = client.get(url).content.decode()
    assert 'value="Garnier"' in page  # what was typed is kept
    proof = SimpleUploadedFile("diplome.pdf", testing.pdf_bytes(), "application/pdf")
    client.post(url, absent_form(proof=proof))

    claim = GraduateClaim.objects.get()
    assert claim.route == GraduateClaim.Route.ABSENT and claim.proof
    run_jobs_here()
    assert mailoutbox[-1].subject == "Votre inscription de diplômé attend sa validation"
    assert "Votre demande attend la validation d’un administrateur." in mailoutbox[-1].body
    client.force_login(
        moderators["david"]
    )  # responsable of the declared composante: still not theirs
    assert client.get(reverse("graduates:claim", args=[claim.pk])).status_code == 404
    assert client.get(reverse("graduates:claim_proof", args=[claim.pk])).status_code == 404

    client.force_login(moderators["admin"])
    download = client.get(
        reverse("graduates:claim_proof", args=[claim.pk]), REMOTE_ADDR="192.0.2.62"
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    [read] = AuditEntry.objects.filter(action="graduate.proof_downloaded")
    assert (read.actor, read.target_id, read.ip_address) == (
        moderators["admin"],
        str(claim.pk),
        "192.0.2.62",
    )
    client.post(reverse("graduates:claim_decide", args=[claim.pk]), {"decision": "validate"})
    claim.refresh_from_db()
    assert claim.status == GraduateClaim.Status.VALIDATED
    assert not claim.proof  # the proof has served
    assert [c.code for c in claim.user.composantes.all()] == ["DRT"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "diplome.pdf",
            b"\x89PNG\r\n\x1a\n" + b"0" * 100,
            "Ce fichier n’est pas un document PDF.",
        ),
        ("diplome.pdf", b"%PDF-1.7\nnot really a pdf", "Ce fichier n’est pas un document PDF."),
        ("gros.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "Le fichier dépasse 5 Mo."),
    ],
)
def test_the_proof_is_checked_by_its_content(client, db, name, content, message):
    url = link_for(RegistrationLink.ABSENT, email="ines@exemple.fr", last="Garnier", first="Inès")
    response = client.post(
        url, absent_form(proof=SimpleUploadedFile(name, content, "application/pdf"))
    )
    assert message in response.content.decode()
    assert not GraduateClaim.objects.exists()


def test_a_rejection_needs_a_reason_which_is_e_mailed(
    client, registry, moderators, mailoutbox, run_jobs_here
):
    choose(client, registry, str(registry["lea_master"].pk))
    claim = GraduateClaim.objects.get()
    client.force_login(moderators["claire"])
    client.post(
        reverse("graduates:claim_decide", args=[claim.pk]), {"decision": "reject", "reason": ""}
    )
    claim.refresh_from_db()
    assert claim.is_pending

    client.post(
        reverse("graduates:claim_decide", args=[claim.pk]),
        {"decision": "reject", "reason": "Diplôme non délivré."},
    )
    claim.refresh_from_db()
    assert claim.status == GraduateClaim.Status.REJECTED and not claim.user.is_active
    run_jobs_here()
    assert "Diplôme non délivré." in mailoutbox[-1].body
    assert AuditEntry.objects.filter(
        action="graduate.rejected", actor=moderators["claire"]
    ).exists()


def test_a_decided_claim_cannot_be_decided_again(client, registry, moderators):
    choose(client, registry, str(registry["lea_master"].pk))
    claim = GraduateClaim.objects.get()
    decide_claim(claim.pk, acting_user=moderators["admin"], validate=True)
    client.force_login(moderators["claire"])
    response = client.post(
        reverse("graduates:claim_decide", args=[claim.pk]),
        {"decision": "reject", "reason": "Non"},
        follow=True,
    )
    assert "Cette demande a déjà été traitée par" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == GraduateClaim.Status.VALIDATED


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_the_second_waits_then_is_told(client):
    entry = testing.registry_entry(
        birth_name="Moreau-Dupuis", first_names="Léa", birth_date=BORN, vet_code="M2GL"
    )
    admin = testing.administrator()
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    url = link_for(RegistrationLink.FOUND, entries=[entry])
    client.post(url, {"diploma": entry.pk, "password1": PASSWORD, "password2": PASSWORD})
    claim = GraduateClaim.objects.get()

    with transaction.atomic():
        decide_claim(claim.pk, acting_user=admin, validate=True)  # Paul holds the row…
        second = testing.Contender(
            lambda: decide_claim(claim.pk, acting_user=claire, validate=False, reason="Non")
        )
        second.start()
        assert second.waiting_query().startswith("SELECT")  # …Claire waits to read it
    second.join()

    assert isinstance(second.error, TransitionRefused)
    assert second.error.obj.status == GraduateClaim.Status.VALIDATED
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (GraduateClaim.Status.VALIDATED, admin)
    assert (
        AuditEntry.objects.filter(action__in=["graduate.validated", "graduate.rejected"]).count()
        == 1
    )


def test_each_moderator_sees_only_the_claims_of_their_scope(client, registry, moderators):
    choose(client, registry, str(registry["lea_master"].pk))
    claim = GraduateClaim.objects.get()
    for name, visible in [("admin", True), ("claire", True), ("marc", True), ("david", False)]:
        client.force_login(moderators[name])
        listed = (
            "Léa Marie Moreau-Dupuis" in client.get(reverse("graduates:claims")).content.decode()
        )
        detail = client.get(reverse("graduates:claim", args=[claim.pk])).status_code
        assert (listed, detail == 200) == (visible, visible), name
        if not visible:
            decide = client.post(
                reverse("graduates:claim_decide", args=[claim.pk]),
                {"decision": "reject", "reason": "x"},
            )
            assert decide.status_code == 404
    claim.refresh_from_db()
    assert claim.is_pending
    client.force_login(moderators["nina"])
    assert client.get(reverse("graduates:claims")).status_code == 404


def test_the_institutional_address_validates_the_graduate_at_once(
    client, registry, run_jobs, mailoutbox
):
    client.post(
        reverse("graduates:register"),
        {
            "last_name": "Girard",
            "first_name": "Tom",
            "birth_date": "2001-01-02",
            "email": "tom.girard@etu.univ-demo.fr",
        },
    )
    run_jobs()
    [mail] = mailoutbox
    assert mail.to == ["tom.girard@etu.univ-demo.fr"]
    assert mail.subject == "Votre compte diplômé : choisissez votre mot de passe"

    response = client.post(
        testing.link_in(mail.body), {"password1": PASSWORD, "password2": PASSWORD}
    )
    tom = User.objects.get(email="tom.girard@etu.univ-demo.fr")
    assert response.url == reverse("accounts:account")
    assert tom.is_active and tom.kind == User.Kind.GRADUATE
    assert [v.code for v in tom.vets.all()] == ["M1INF"]
    assert GraduateClaim.objects.get(user=tom).status == GraduateClaim.Status.VALIDATED
    assert client.session[SESSION_KEY] == str(tom.pk)


def register_tom(client, run_jobs, mailoutbox) -> str:
    """Tom registers with his university address; returns the link mailed to it."""
    run_jobs()
    mailoutbox.clear()
    client.post(
        reverse("graduates:register"),
        {
            "last_name": "Girard",
            "first_name": "Tom",
            "birth_date": "2001-01-02",
            "email": "tom.girard@etu.univ-demo.fr",
        },
    )
    run_jobs()
    [mail] = mailoutbox
    return testing.link_in(mail.body)


def test_an_institutional_registration_never_enters_an_account_that_typed_the_address(
    client, registry, run_jobs, mailoutbox
):
    marc = testing.student("marc.squat")
    testing.add_address(marc, "tom.girard@etu.univ-demo.fr")  # never verified

    response = client.post(
        register_tom(client, run_jobs, mailoutbox), {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    tom = GraduateClaim.objects.get().user
    assert tom != marc and client.session[SESSION_KEY] == str(tom.pk)
    assert tom.kind == User.Kind.GRADUATE and tom.check_password(PASSWORD)
    marc.refresh_from_db()
    assert marc.kind == User.Kind.STUDENT and not marc.has_usable_password()
    # Tom's address is his now; the copy Marc typed can never be verified: it is gone.
    [address] = EmailAddress.objects.filter(email="tom.girard@etu.univ-demo.fr")
    assert (address.user, address.verified) == (tom, True)


def test_an_account_with_totp_is_asked_for_its_code_after_the_institutional_link(
    client, registry, run_jobs, mailoutbox
):
    # His student account, with the address the ENT gave it, and TOTP on.
    tom = testing.student("tom.girard", email="tom.girard@etu.univ-demo.fr")
    [code, *_] = testing.totp_codes(testing.totp_secret(tom))

    response = client.post(
        register_tom(client, run_jobs, mailoutbox), {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.url == reverse("accounts:account")
    assert client.session[SESSION_KEY] == str(tom.pk)
    tom.refresh_from_db()
    assert tom.kind == User.Kind.GRADUATE


@pytest.mark.parametrize("validate", [True, False])
def test_the_date_of_birth_is_forgotten_once_the_claim_is_decided(
    client, registry, moderators, validate
):
    choose(client, registry, str(registry["lea_master"].pk))
    claim = GraduateClaim.objects.get()
    assert claim.birth_date == BORN  # the moderator decides with it

    decide_claim(claim.pk, acting_user=moderators["admin"], validate=validate, reason="Non")

    claim.refresh_from_db()
    assert claim.birth_date is None
    assert not GraduateClaim.objects.filter(birth_date=BORN).exists()


def test_the_institutional_route_keeps_no_date_of_birth(client, registry):
    url = link_for(
        RegistrationLink.INSTITUTIONAL,
        entries=[registry["tom"]],
        email="tom.girard@etu.univ-demo.fr",
    )
    client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    claim = GraduateClaim.objects.get()
    assert (claim.status, claim.birth_date) == (GraduateClaim.Status.VALIDATED, None)


def test_the_moderator_still_sees_an_account_of_the_same_person_decided_before(client, moderators):
    first = link_for(
        RegistrationLink.ABSENT, email="ines@exemple.fr", last="Garnier", first="Inès"
    )
    client.post(first, absent_form())
    ines = GraduateClaim.objects.get()
    decide_claim(ines.pk, acting_user=moderators["admin"], validate=True)
    client.logout()
    again = link_for(
        RegistrationLink.ABSENT, email="ines.garnier@exemple.fr", last="GARNIER", first="Ines"
    )
    client.post(again, absent_form(last_name="GARNIER", first_name="Ines"))
    second = GraduateClaim.objects.exclude(pk=ines.pk).get()

    client.force_login(moderators["admin"])
    page = client.get(reverse("graduates:claim", args=[second.pk])).content.decode()
    assert "ines@exemple.fr" in page
    assert possible_duplicates(second) == [ines.user]
    assert possible_duplicates(ines) == [second.user]
