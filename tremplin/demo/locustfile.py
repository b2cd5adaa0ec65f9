"""The journeys of `make loadtest` (locust), against the demo on the large data.

People sign in through the real pages: students and staff through the development ENT
(CAS: Tremplin's ENT page, the ENT's login form, the ticket back to Tremplin), recruiters
with their e-mail and password. Each simulated person waits 1 to 3 seconds between pages,
as someone reading them would. A request is named after its page (`offer`, not
`/offres/123/`), so the figures are per page.

Run by `manage.py loadtest`, which starts the servers and reads the figures; the
accounts come from LOADTEST_* variables it sets.
"""

from __future__ import annotations

import io
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task
from pypdf import PdfWriter

STUDENTS = os.environ.get("LOADTEST_STUDENTS", "alice.martin,bob.nguyen").split(",")
STAFF = os.environ.get("LOADTEST_STAFF", "marc.resp,david.drt").split(",")
RECRUITERS = os.environ.get("LOADTEST_RECRUITERS", "rh@biolab-auvergne.fr").split(",")
ENT_PASSWORD = os.environ.get("LOADTEST_ENT_PASSWORD", "demo")
RECRUITER_PASSWORD = os.environ.get("LOADTEST_RECRUITER_PASSWORD", "Recruteur-demo-2026")
WORDS = ["python", "juriste", "stage", "data", "marketing", "comptable", "laboratoire", ""]
OFFER_LINK = re.compile(r'href="/offres/(\d+)/"')
RECRUITER_OFFER_LINK = re.compile(r'href="/recruteurs/offres/(\d+)/candidatures/"')


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


CV = a_pdf()


class _Forms(HTMLParser):
    """The forms of a page: their action and their hidden fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attributes.get("type") == "hidden":
            self.forms[-1]["fields"][attributes.get("name")] = attributes.get("value") or ""


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field: str) -> dict:
    for form in forms_of(html):
        if field in form["fields"]:
            return form
    raise AssertionError(f"no form with {field} on the page")


class Visitor(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def csrf(self, html: str) -> str:
        return form_with(html, "csrfmiddlewaretoken")["fields"]["csrfmiddlewaretoken"]

    def ent_sign_in(self, path: str, uid: str) -> None:
        """Tremplin's ENT page → the ENT's login form → back with a ticket → signed in."""
        with self.client.get(path, name="sign-in: ENT redirect", catch_response=True) as page:
            if "/cas/login" not in page.url:
                page.failure(f"not sent to the ENT: {page.url}")
                return
            form = form_with(page.text, "lt") if "lt" in page.text else forms_of(page.text)[-1]
            fields = {**form["fields"], "username": uid, "password": ENT_PASSWORD}
            login_url = page.url
        with self.client.post(
            login_url, data=fields, name="sign-in: ENT form", catch_response=True
        ) as back:
            if "sessionid" not in str(self.client.cookies.keys()):
                back.failure(f"not signed in to Tremplin after the ENT: {back.url}")
                return
            if "/compte/charte/" in back.url:
                self.accept_charter(back)

    def accept_charter(self, page) -> None:
        form = form_with(page.text, "csrfmiddlewaretoken")
        self.client.post(
            "/compte/charte/",
            data={**form["fields"], "confirmed": "on"},
            name="charter",
            headers={"Referer": page.url},
        )


class Anonymous(Visitor):
    weight = 3

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def help(self):
        self.client.get("/aide/", name="help")
        self.client.get(
            f"/aide/{random.choice(['etudiant', 'recruteur', 'diplome', 'personnel'])}/",
            name="help page",
        )

    @task(1)
    def legal(self):
        self.client.get(
            f"/{random.choice(['mentions-legales', 'cgu', 'donnees-personnelles'])}/",
            name="legal text",
        )

    @task(1)
    def registration_pages(self):
        self.client.get("/diplomes/inscription/", name="graduate registration")
        self.client.get("/entreprises/inscription/", name="recruiter registration")

    @task(1)
    def sign_in_page(self):
        self.client.get("/compte/login/", name="sign-in page")


class Student(Visitor):
    weight = 3

    def on_start(self):
        self.offers: list[str] = []
        self.ent_sign_in("/compte/etudiant/?next=/offres/", random.choice(STUDENTS))
        profile = self.client.get("/compte/profil/", name="profile")
        self.client.post(
            "/compte/profil/cv/",
            data={"csrfmiddlewaretoken": self.csrf(profile.text)},
            files={"cv": ("cv.pdf", CV, "application/pdf")},
            headers={"Referer": profile.url},
            name="upload CV",
        )

    @task(5)
    def search(self):
        words = random.choice(WORDS)
        page = self.client.get(f"/offres/?q={words}", name="search")
        if random.random() < 0.3:
            self.client.get(f"/offres/?q={words}&page=2", name="search page 2")
        self.offers = OFFER_LINK.findall(page.text) or self.offers

    @task(5)
    def open_offer(self):
        if self.offers:
            self.client.get(f"/offres/{random.choice(self.offers)}/", name="offer")

    @task(1)
    def apply(self):
        if not self.offers:
            return
        pk = self.offers.pop(random.randrange(len(self.offers)))
        page = self.client.get(f"/offres/{pk}/", name="offer")
        if "candidater" not in page.text:
            return  # applications outside Tremplin, or applied already
        self.client.post(
            f"/offres/{pk}/candidater/",
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "message": "Votre offre correspond à ce que je cherche.",
                "cv_source": "profile",
            },
            headers={"Referer": page.url},
            name="apply",
        )

    @task(1)
    def my_applications(self):
        self.client.get("/offres/candidatures/", name="my applications")


class Recruiter(Visitor):
    weight = 1

    def on_start(self):
        self.offers: list[str] = []
        page = self.client.get("/compte/login/", name="sign-in page")
        self.client.post(
            "/compte/login/",
            data={
                "csrfmiddlewaretoken": self.csrf(page.text),
                "login": random.choice(RECRUITERS),
                "password": RECRUITER_PASSWORD,
            },
            headers={"Referer": page.url},
            name="sign-in: password",
        )

    @task(3)
    def my_offers(self):
        page = self.client.get("/recruteurs/offres/", name="recruiter offers")
        self.offers = RECRUITER_OFFER_LINK.findall(page.text) or self.offers

    @task(3)
    def applications(self):
        if self.offers:
            self.client.get(
                f"/recruteurs/offres/{random.choice(self.offers)}/candidatures/",
                name="offer applications",
            )

    @task(1)
    def space(self):
        self.client.get("/recruteurs/espace/", name="recruiter space")


class Staff(Visitor):
    weight = 1

    def on_start(self):
        self.ent_sign_in("/compte/personnels/?next=/gestion/", random.choice(STAFF))

    @task(3)
    def dashboard(self):
        self.client.get("/gestion/", name="back office")

    @task(3)
    def offers_queue(self):
        self.client.get("/gestion/offres/", name="offers queue")

    @task(2)
    def claims_queue(self):
        self.client.get("/gestion/diplomes/", name="claims queue")

    @task(1)
    def people(self):
        self.client.get("/gestion/personnes/", name="people")
