"""The four journeys the help pages film, one per audience, on a running demo.

They walk the pages the browser tests walk (tests/browser/), with the demo's people, and
each step carries its caption, written once here as a msgid (French in the catalogue).
Every run registers new people (its own e-mail addresses and SIRET number), so a
maintainer can film again on the same demo database; what another person does between
two steps (an administrator's sign-in, a mail the worker sends) happens off camera.
"""

from __future__ import annotations

import io
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfWriter
from stdnum import luhn

from tremplin.demo.referential import registry_rows
from tremplin.demo.tutorials.camera import Camera

MAIL_WAIT_SECONDS = 60
AFTER_STAFF_SIGN_IN = re.compile(r"/(gestion|compte/charte)/")  # the back office, or the charter


@dataclass(frozen=True)
class Graduate:
    """A person of the demo's graduates registry."""

    last_name: str
    first_name: str
    born: date
    registry_name: str  # as the back office lists them: first names, then the name


def demo_graduates(rows: int = 400) -> list[Graduate]:
    """People of the demo registry (the first `rows` rows `demo_data` loads), one each."""
    people: dict[str, Graduate] = {}
    for row in registry_rows(rows):
        if row.usage_name or row.student_number in people:
            continue
        people[row.student_number] = Graduate(
            last_name=row.birth_name.title(),
            first_name=row.first_names.split()[0],
            born=row.birth_date,
            registry_name=f"{row.first_names} {row.birth_name}",
        )
    return list(people.values())


@dataclass(frozen=True)
class Cast:
    """Who plays in the tutorials: the demo's people (README, "Demo accounts")."""

    student: str = "alice.martin"
    staff: str = "nina.conseil"  # a career adviser: her queue is the offers to moderate
    administrator: str = "paul.admin"
    ent_password: str = "demo"  # noqa: S105 — every demo ENT account's, published
    search_words: tuple[str, ...] = ("développeur", "stage", "data", "juriste", "alternance")
    graduate: Graduate | None = None  # None: someone of the demo registry, new each run


@dataclass
class Scene:
    """What a journey is played with."""

    camera: Camera
    base_url: str
    cast: Cast
    run: str  # unique to this build: it makes the new people's addresses
    wait_for_jobs: Callable[[], None] = field(default=lambda: time.sleep(0.5))

    @property
    def page(self) -> Page:
        return self.camera.page

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def email(self, name: str, domain: str) -> str:
        return f"{slugify(name).replace('-', '.')}.{self.run}@{domain}"

    def graduate(self) -> Graduate:
        return self.cast.graduate or random.Random(self.run).choice(demo_graduates())


# --- What several journeys do ----------------------------------------------------------


def home(scene: Scene) -> Page:
    scene.camera.goto(scene.url("/"))
    return scene.page


def ent_sign_in(scene: Scene, uid: str) -> None:
    """On the ENT's page (the development ENT of the demo)."""
    page, camera = scene.page, scene.camera
    camera.type(page.get_by_label("Identifiant"), uid)
    camera.type(page.get_by_label("Mot de passe"), scene.cast.ent_password)
    camera.click(page.get_by_role("button", name="Se connecter"))


def accept_charter(scene: Scene) -> None:
    page = scene.page
    page.get_by_label("J'ai lu et j'accepte les conditions d'utilisation de la plateforme").check()
    page.get_by_role("button", name="Accepter la charte").click()
    page.get_by_role("dialog").get_by_role("button", name="OK").click()


def staff_signs_in_off_camera(scene: Scene, uid: str) -> None:
    """A member of staff signs in through the ENT, accepting the charter if asked."""
    page = scene.page
    with scene.camera.off_camera():
        page.context.clear_cookies()
        page.goto(scene.url("/compte/personnels/"))
        ent_sign_in(scene, uid)
        page.wait_for_url(AFTER_STAFF_SIGN_IN)
        if "/compte/charte/" in page.url:
            accept_charter(scene)
        expect(page.get_by_role("heading", level=1)).to_have_text("Gestion")


def signed_out(scene: Scene) -> None:
    with scene.camera.off_camera():
        scene.page.context.clear_cookies()


def open_mail(scene: Scene, to: str, subject: str) -> None:
    """Open, in the demo's outbox, the latest mail to `to` whose subject holds `subject`
    (waiting off camera for the worker to send it)."""
    page = scene.page

    def mail() -> Locator:
        return page.get_by_role("row").filter(has_text=to).filter(has_text=subject).first

    with scene.camera.off_camera():
        deadline = time.monotonic() + MAIL_WAIT_SECONDS
        page.goto(scene.url("/demo/mails/"))
        while not mail().count():
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"no mail “{subject}” to {to} in the demo outbox: is the worker running?"
                )
            scene.wait_for_jobs()
            page.reload()
    scene.camera.goto(scene.url("/demo/mails/"))
    scene.camera.click(mail().get_by_role("link"))


def follow_mail_link(scene: Scene, containing: str) -> None:
    """Click the mail's link whose address holds `containing` (on this site, whatever
    public address the mail names)."""
    link = scene.page.get_by_role("main").get_by_role("link").filter(has_text=containing).first
    address = urlsplit(link.get_attribute("href"))
    query = f"?{address.query}" if address.query else ""
    scene.camera.follow(link, scene.url(address.path + query))


def pdf_cv() -> dict:
    """A one-page PDF, as the CV a candidate attaches."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def siret(run: str) -> str:
    """A valid SIRET number of a new organisation, its spaces as people type them."""
    rng = random.Random(run)
    siren = "".join(str(rng.randrange(10)) for _ in range(8))
    siren += luhn.calc_check_digit(siren)
    body = siren + "".join(str(rng.randrange(10)) for _ in range(4))
    number = body + luhn.calc_check_digit(body)
    return f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}"


# --- The journeys ------------------------------------------------------------------------


def student(scene: Scene) -> None:
    """Étudiant → ENT sign-in → search → an offer → apply."""
    camera, cast = scene.camera, scene.cast
    with camera.step(_("On the home page, choose “Student”.")):
        page = home(scene)
        camera.click(page.get_by_role("link", name=re.compile("^Étudiant")))
    with camera.step(_("Sign in on the ENT’s page, with your usual username and password.")):
        ent_sign_in(scene, cast.student)
    word, offer = offer_to_apply_to(scene)
    menu = page.get_by_role("navigation", name="Menu principal")
    with camera.step(_("Back on the career center, you are signed in. Open “Stages & Jobs”.")):
        camera.point(page.locator(".user-name"))
        camera.click(menu.get_by_role("link", name="Stages & Jobs"))
    results = page.locator("#results")
    with camera.step(_("Type what you are looking for, then press Enter.")):
        camera.type(page.get_by_label("Mots-clés"), word)
        camera.press(page.get_by_label("Mots-clés"), "Enter")
        expect(results.locator(f'a[href="{offer}"]')).to_be_visible()
    with camera.step(_("The filters narrow the results down. Open an offer.")):
        camera.point(page.locator("#filters").get_by_role("group").first)
        camera.click(results.locator(f'a[href="{offer}"]'))
    with camera.step(_("To apply, write a few words to the recruiter and attach your CV (PDF).")):
        camera.type(
            page.get_by_label("Message au recruteur"),
            "Bonjour, votre offre correspond à mon projet : je serais heureuse d’en parler.",
        )
        camera.upload(page.get_by_label("CV (PDF, 5 Mo au plus)"), pdf_cv())
    with camera.step(_("Send it: the recruiter receives it, and you receive a confirmation.")):
        camera.click(page.get_by_role("button", name="Envoyer ma candidature"))
        expect(page.locator(".messages")).to_contain_text("Votre candidature est envoyée")
    with camera.step(_("“My applications” follows each of them.")):
        camera.click(menu.get_by_role("link", name="Mes candidatures"))
        camera.point(page.get_by_role("main").locator(f'a[href="{offer}"]').first)


def offer_to_apply_to(scene: Scene) -> tuple[str, str]:
    """A search word, and the address of an offer on the first page of its results that
    the student has not applied to yet (looked for off camera, in another tab)."""
    tab = scene.page.context.new_page()
    try:
        for word in scene.cast.search_words:
            tab.goto(scene.url(f"/offres/?q={word}"))
            links = tab.locator("#results").get_by_role("link")
            for href in links.evaluate_all("(links) => links.map((link) => link.href)"):
                offer = urlsplit(href).path
                if not re.fullmatch(r"/offres/\d+/", offer):
                    continue  # the pages of results
                tab.goto(href)
                if tab.get_by_role("button", name="Envoyer ma candidature").count():
                    return word, offer
    finally:
        tab.close()
    raise LookupError(
        f"{scene.cast.student} has applied to every offer the first page of "
        f"{', '.join(scene.cast.search_words)} shows: add words to Cast.search_words."
    )


def graduate(scene: Scene) -> None:
    """Diplômé → Inscription → the mail → choice of the diploma → sign-in."""
    camera, person = scene.camera, scene.graduate()
    email = scene.email(f"{person.first_name} {person.last_name}", "exemple.fr")
    password = f"Diplome-{scene.run}-2026"
    with camera.step(_("On the home page, under “Graduate”, choose “Sign up”.")):
        page = home(scene)
        camera.click(page.get_by_role("link", name="Inscription — diplômés"))
    with camera.step(
        _("Give your name and date of birth as the university knows them, and your e-mail.")
    ):
        camera.type(page.get_by_label("Nom", exact=True), person.last_name)
        camera.type(page.get_by_label("Prénom", exact=True), person.first_name)
        camera.type(page.get_by_label("Date de naissance"), person.born.isoformat())
        camera.type(page.get_by_label("Adresse électronique"), email)
        camera.click(page.get_by_role("button", name="Envoyer"))
    with camera.step(_("Whatever the answer, the next step arrives by e-mail.")):
        camera.point(page.get_by_role("heading", level=1))
    with camera.step(_("Open the e-mail you received (here, in the demo’s outbox).")):
        open_mail(scene, email, "choisissez votre diplôme")
    with camera.step(_("Follow its link: it works once, for a limited time.")):
        follow_mail_link(scene, "/diplomes/suite/")
    with camera.step(_("Choose your diploma among those the registry holds for you.")):
        camera.check(page.get_by_role("radio").first)
    with camera.step(_("Choose your password, and send your request.")):
        camera.type(page.get_by_label("Mot de passe", exact=True), password)
        camera.type(page.get_by_label("Mot de passe (confirmation)"), password)
        camera.click(page.get_by_role("button", name="Envoyer ma demande"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande est envoyée")
    with camera.step(_("The responsable of your diploma validates it.")):
        camera.point(page.get_by_role("heading", level=1))
    validate_graduate(scene, person, email)
    signed_out(scene)
    with camera.step(_("Once it is validated, an e-mail tells you so.")):
        open_mail(scene, email, "validé")
    with camera.step(_("Then sign in under “Graduate” → “Sign in”, with your e-mail.")):
        home(scene)
        camera.click(page.get_by_role("link", name="Connexion — diplômés"))
        camera.type(page.get_by_label("Courriel"), email)
        camera.type(page.get_by_label("Mot de passe"), password)
        camera.click(page.get_by_role("button", name="Connexion", exact=True))
    with camera.step(_("At your first sign-in, say what you look for, or skip this step.")):
        expect(page.get_by_role("heading", level=1)).to_have_text("Que cherchez-vous ?")
        camera.click(page.get_by_role("button", name="Passer cette étape"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    with camera.step(_("You are in: your profile shows your diploma.")):
        camera.point(page.get_by_role("main").locator("dl").first)


def validate_graduate(scene: Scene, person: Graduate, email: str) -> None:
    """The administrator validates the registration, off camera."""
    page = scene.page
    staff_signs_in_off_camera(scene, scene.cast.administrator)
    with scene.camera.off_camera():
        page.goto(scene.url("/gestion/diplomes/"))
        page.get_by_role("link", name=person.registry_name).last.click()
        expect(page.get_by_role("main")).to_contain_text(email)
        page.get_by_role("button", name="Valider").click()
        expect(page.locator(".messages")).to_contain_text("est validé·e")


def recruiter(scene: Scene) -> None:
    """Entreprises / Partenaires → Inscription → confirmation → acceptance → Connexion →
    the first offer."""
    camera = scene.camera
    email = scene.email("Camille Roux", "ateliers-du-puy.fr")
    password = f"Recrutement-{scene.run}-2026"
    number = siret(scene.run)
    with camera.step(_("On the home page, under “Companies / Partners”, choose “Sign up”.")):
        page = home(scene)
        camera.click(page.get_by_role("link", name="Inscription — entreprises et partenaires"))
    organisation = page.get_by_role("group", name="Votre organisation")
    with camera.step(_("Describe your organisation: its SIRET number is checked.")):
        camera.type(organisation.get_by_label("Nom de l’organisation"), "Les Ateliers du Puy")
        camera.type(organisation.get_by_label("Numéro SIRET"), number)
        camera.type(organisation.get_by_label("Adresse", exact=True), "12 rue Pascal")
        camera.type(organisation.get_by_label("Code postal"), "63000")
        camera.type(organisation.get_by_label("Ville"), "Clermont-Ferrand")
        camera.select(
            organisation.get_by_label("Secteur d’activité"), "Information et communication"
        )
        camera.select(organisation.get_by_label("Effectif"), "10 à 49 salariés")
    you = page.get_by_role("group", name="Vous", exact=True)
    with camera.step(_("Then yourself, with a password of 12 characters or more.")):
        camera.type(you.get_by_label("Prénom"), "Camille")
        camera.type(you.get_by_label("Nom", exact=True), "Roux")
        camera.type(you.get_by_label("Fonction"), "Chargée de recrutement")
        camera.type(you.get_by_label("Téléphone"), "04 73 00 00 00")
        camera.type(you.get_by_label("Adresse électronique professionnelle"), email)
        camera.type(you.get_by_label("Mot de passe", exact=True), password)
        camera.type(you.get_by_label("Mot de passe (confirmation)"), password)
    with camera.step(_("Accept the terms of use, and sign up.")):
        camera.check(
            page.get_by_label("J’ai lu et j’accepte les conditions générales d’utilisation")
        )
        camera.click(page.get_by_role("button", name="S’inscrire"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")
    with camera.step(_("Open the e-mail you received (here, in the demo’s outbox).")):
        open_mail(scene, email, "Confirmez votre adresse")
    with camera.step(_("Follow its link, and confirm your address.")):
        follow_mail_link(scene, "/entreprises/inscription/confirmation/")
        camera.click(page.get_by_role("button", name="Confirmer mon adresse"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Votre adresse électronique est confirmée"
        )
    staff_signs_in_off_camera(scene, scene.cast.administrator)
    with camera.step(
        _("An administrator of the university accepts your registration; an e-mail tells you.")
    ):
        camera.goto(scene.url("/gestion/recruteurs/"))
        camera.click(page.get_by_role("row").filter(has_text=number).get_by_role("link"))
        camera.click(page.get_by_role("button", name="Accepter"))
        expect(page.locator(".messages")).to_contain_text("est accepté·e")
    signed_out(scene)
    with camera.step(_("Then sign in under “Companies / Partners” → “Sign in”.")):
        home(scene)
        camera.click(page.get_by_role("link", name="Connexion — entreprises et partenaires"))
        camera.type(page.get_by_label("Courriel"), email)
        camera.type(page.get_by_label("Mot de passe"), password)
        camera.click(page.get_by_role("button", name="Connexion", exact=True))
        expect(page.get_by_role("heading", level=1)).to_have_text("Espace recruteur")
    with camera.step(_("Your recruiter space: post your first offer.")):
        camera.click(page.get_by_role("main").get_by_role("link", name="Publier une offre"))
    with camera.step(_("Describe the offer: its type, its missions, where and for whom.")):
        camera.type(page.get_by_label("Intitulé de l’offre"), "Stage assistant·e de production")
        camera.select(page.get_by_label("Type d’offre"), "Stage")
        camera.type(
            page.get_by_label("Description : l’organisation, les missions"),
            "Aux **Ateliers du Puy**, vous suivrez la fabrication de nos pièces :\n\n"
            "- préparation des séries\n- contrôle qualité",
        )
        camera.type(page.get_by_label("Ville"), "Clermont-Ferrand")
        camera.type(page.get_by_label("Code postal"), "63000")
        camera.select(page.get_by_label("Niveau d’études"), "Bac+3")
        camera.select(page.get_by_label("Domaine"), "Ingénierie et industrie")
    with camera.step(_("Submit it: the careers service checks it before it is published.")):
        camera.click(page.get_by_role("button", name="Soumettre à la modération"))
        camera.point(page.get_by_role("main").get_by_text("En attente de modération").first)


def staff(scene: Scene) -> None:
    """Connexion personnels → ENT sign-in → the charter and its confirmation → a queue."""
    camera, cast = scene.camera, scene.cast
    charter_asked_of(scene, cast.staff)
    with camera.step(_("At the bottom of the home page, use the “Staff sign-in” module.")):
        page = home(scene)
        module = page.get_by_role("region", name="Connexion personnels")
        camera.click(module.get_by_role("link", name=re.compile("^Connexion")))
    with camera.step(_("Sign in with your ENT username and password.")):
        ent_sign_in(scene, cast.staff)
    with camera.step(
        _("The first time, and whenever it changes, read the charter and tick the box.")
    ):
        camera.check(
            page.get_by_label("J'ai lu et j'accepte les conditions d'utilisation de la plateforme")
        )
    with camera.step(_("Accept it: a window asks you to confirm.")):
        camera.click(page.get_by_role("button", name="Accepter la charte"))
    with camera.step(_("Confirm with OK: your acceptance is recorded.")):
        camera.click(page.get_by_role("dialog").get_by_role("button", name="OK"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Gestion")
    with camera.step(_("Your back office shows what your roles let you do.")):
        camera.click(page.get_by_role("main").get_by_role("link", name="Offres à modérer"))
    with camera.step(_("Each queue lists only what you may validate.")):
        queue = page.get_by_role("main").get_by_role("table")
        camera.point(queue if queue.count() else page.get_by_role("heading", level=1))


def charter_asked_of(scene: Scene, uid: str) -> None:
    """Make sure `uid` will be asked to accept the charter: if they have accepted the
    current version already, the administrator publishes it again, unchanged (off camera),
    which asks every member of staff again, as a new version does."""
    page = scene.page
    with scene.camera.off_camera():
        page.context.clear_cookies()
        page.goto(scene.url("/compte/personnels/"))
        ent_sign_in(scene, uid)
        page.wait_for_url(AFTER_STAFF_SIGN_IN)
        asked = "/compte/charte/" in page.url
    if not asked:
        staff_signs_in_off_camera(scene, scene.cast.administrator)
        with scene.camera.off_camera():
            page.goto(scene.url("/gestion/textes/charte/"))
            page.get_by_role("button", name="Publier").click()
            expect(page.locator(".messages")).to_contain_text("est publiée")
    signed_out(scene)


JOURNEYS: dict[str, Callable[[Scene], None]] = {
    "etudiant": student,
    "diplome": graduate,
    "recruteur": recruiter,
    "personnel": staff,
}
