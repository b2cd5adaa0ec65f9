"""Personas and factories for the tests: the people who use Tremplin, ready to act; and
what the tests share to read their mails, files and sessions (the fixtures that use them
are in the root conftest.py)."""

from __future__ import annotations

import email
import io
import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email import policy

from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from pypdf import PdfWriter

from devcas.testing import free_port
from tremplin.accounts.models import (
    Acceptance,
    ExternalIdentity,
    LegalDocument,
    RoleAssignment,
    User,
)
from tremplin.accounts.sessions import SessionStore
from tremplin.directory.models import Composante, RegistryEntry, Vet
from tremplin.recruiters.models import Organisation, Recruiter

_sequence = itertools.count(1)


def composante(code: str = "SCI", label: str | None = None) -> Composante:
    return Composante.objects.get_or_create(code=code, defaults={"label": label or f"UFR {code}"})[
        0
    ]


def vet(code: str = "L3INF", composante_code: str = "SCI", label: str | None = None) -> Vet:
    return Vet.objects.get_or_create(
        code=code,
        version="1",
        defaults={"label": label or f"Diplôme {code}", "composante": composante(composante_code)},
    )[0]


def user(
    kind: str,
    *,
    uid: str | None = None,
    email: str | None = None,
    verified_email: bool = True,
    **fields,
) -> User:
    """Someone of this kind, whose address is verified (as the directory's, or a mailbox
    proven by a link, is), unless told; students and staff have no password."""
    from allauth.account.models import EmailAddress

    n = next(_sequence)
    uid = uid or f"{kind}{n}"
    person = User(
        username=f"cas:{uid}" if kind in (User.Kind.STUDENT, User.Kind.STAFF) else f"local{n}",
        kind=kind,
        email=email or f"{uid}@univ-test.fr",
        first_name=fields.pop("first_name", uid.split(".")[0].title()),
        last_name=fields.pop("last_name", f"Test{n}"),
        **fields,
    )
    person.set_unusable_password()
    person.save()
    if kind in (User.Kind.STUDENT, User.Kind.STAFF):
        ExternalIdentity.objects.create(user=person, provider="cas", uid=uid)
    if verified_email:
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def student(
    uid: str | None = None,
    *,
    composante_code: str = "SCI",
    vet_code: str = "L3INF",
    email: str | None = None,
) -> User:
    person = user(User.Kind.STUDENT, uid=uid, email=email)
    person.composantes.add(composante(composante_code))
    person.vets.add(vet(vet_code, composante_code))
    return person


def staff(
    uid: str | None = None,
    *roles: tuple[str, Composante | Vet | None],
    accepted_charter: bool = True,
) -> User:
    """A staff member with these roles who has accepted the current charter (unless told)."""
    person = user(User.Kind.STAFF, uid=uid)
    charter = LegalDocument.objects.current(LegalDocument.Kind.CHARTER)
    if accepted_charter and charter:
        Acceptance.objects.create(user=person, document=charter)
    for role, scope in roles:
        RoleAssignment.objects.create(
            user=person,
            role=role,
            composante=scope if isinstance(scope, Composante) else None,
            vet=scope if isinstance(scope, Vet) else None,
        )
    return person


def administrator(uid: str = "paul.admin") -> User:
    return staff(uid, (RoleAssignment.Role.ADMIN, None))


def registry_entry(
    *,
    birth_name: str = "Martin",
    usage_name: str = "",
    first_names: str = "Alice",
    birth_date: date = date(2000, 5, 17),
    vet_code: str = "L3INF",
    composante_code: str = "SCI",
    year: int = 2022,
    student_number: str | None = None,
    institutional_email: str = "",
    personal_email: str = "",
) -> RegistryEntry:
    entry = RegistryEntry(
        student_number=student_number or f"2{next(_sequence):07d}",
        birth_date=birth_date,
        vet=vet(vet_code, composante_code),
        year_obtained=year,
        institutional_email=institutional_email,
        personal_email=personal_email,
    )
    entry.set_names(birth_name=birth_name, usage_name=usage_name, first_names=first_names)
    entry.save()
    return entry


def siret(seed: int | None = None) -> str:
    """A valid SIRET number (both Luhn checks hold), different at each call."""
    from stdnum import luhn

    n = seed if seed is not None else next(_sequence)
    siren = f"{n:08d}"[-8:]
    siren += luhn.calc_check_digit(siren)
    number = f"{siren}{n % 10000:04d}"
    return number + luhn.calc_check_digit(number)


def organisation(
    name: str = "BioLab Auvergne", *, siret_number: str | None = None, **fields
) -> Organisation:
    defaults = {
        "address": "12 rue Blaise Pascal",
        "postcode": "63000",
        "city": "Clermont-Ferrand",
        "sector": Organisation.Sector.PROFESSIONAL,
        "size": Organisation.Size.SMALL,
    }
    return Organisation.objects.create(
        name=name, siret=siret_number or siret(), **{**defaults, **fields}
    )


RECRUITER_PASSWORD = "Recruteur-test-2026"  # noqa: S105 (a test persona's)


def recruiter(
    email: str | None = None,
    *,
    organisation_of: Organisation | None = None,
    status: str = Recruiter.Status.ACCEPTED,
    language: str = "fr",
    password: str = RECRUITER_PASSWORD,
    **fields,
) -> User:
    """A recruiter of `organisation_of` (a new organisation unless given) whose registration
    is at `status`: accepted (active account), pending (address confirmed), awaiting_email."""
    from allauth.account.models import EmailAddress

    person = user(
        User.Kind.RECRUITER,
        uid=fields.pop("uid", None),
        email=email,
        language=language,
        verified_email=False,
        **fields,
    )
    person.is_active = status == Recruiter.Status.ACCEPTED
    person.set_password(password)
    person.save()
    EmailAddress.objects.create(
        user=person,
        email=person.email,
        primary=True,
        verified=status != Recruiter.Status.AWAITING_EMAIL,
    )
    Recruiter.objects.create(
        user=person,
        organisation=organisation_of or organisation(),
        job_title="Chargée RH",
        phone="04 73 00 00 00",
        status=status,
    )
    return person


def ent_sign_in(client, cas: str, uid: str, *, entry: str = "accounts:student_login", **params):
    """A real round trip through the development ENT, as a browser makes it: the entry
    (with `params`, e.g. next) sends `client` to the ENT, the person signs in there with
    the demo password, and the ENT's redirect back, ticket included, is followed once.
    Returns Tremplin's answer to that redirect."""
    from urllib.parse import parse_qs, urlsplit

    from django.urls import reverse

    from devcas.testing import DEMO_PASSWORD
    from devcas.testing import sign_in as sign_in_at_the_ent

    to_ent = client.get(reverse(entry), params)
    assert to_ent.status_code == 302, to_ent
    assert to_ent.url.startswith(cas), to_ent.url
    [service] = parse_qs(urlsplit(to_ent.url).query)["service"]
    back = sign_in_at_the_ent(cas, uid, DEMO_PASSWORD, service)
    assert back.status_code == 302, back.status_code
    return client.get(back.headers["Location"])


# Every way of writing an address of another site that browsers would follow from `next`.
OFF_SITE_NEXT = [
    "//evil.example",
    "https://evil.example",
    "http:evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    " //evil.example",
    "\t//evil.example",
    "\n//evil.example",
    "https:/evil.example",
    "///evil.example",
    "http://127.0.0.1:8000@evil.example",
    "http://testserver@evil.example/",
]


def add_address(person: User, address: str) -> list[str]:
    """`person`, signed in, types `address` into allauth's "Manage my e-mail addresses"
    page (as anyone may, any address); returns the messages the page shows."""
    from django.contrib.messages import get_messages
    from django.test import Client
    from django.urls import reverse

    browser = Client()
    browser.force_login(person)
    response = browser.post(reverse("account_email"), {"email": address, "action_add": ""})
    assert response.status_code == 302, response.status_code
    return [str(message) for message in get_messages(response.wsgi_request)]


def totp_secret(person: User) -> str:
    """The TOTP secret of `person`'s authenticator app, set up now if they have none (as
    allauth's activation page does)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(person, generate_totp_secret()).instance
    return decrypt(authenticator.data["secret"])


def totp_codes(secret: str) -> list[str]:
    """What the authenticator app shows now, then the codes of the 30 seconds before and
    after, which Tremplin accepts too (MFA_TOTP_TOLERANCE): each code works once."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    now = int(time.time()) // 30
    return [format_hotp_value(hotp_value(secret, now + step)) for step in (0, -1, 1)]


def pass_totp(client, person: User) -> None:
    """The TOTP step of the administrators' pages, as `person`, signed in with `client`,
    takes it: a code of their app typed into allauth's check (TOTP is set up for them
    first if need be)."""
    from django.urls import reverse

    for code in totp_codes(totp_secret(person)):
        if client.post(reverse("mfa_reauthenticate"), {"code": code}).status_code == 302:
            return
    raise AssertionError(f"no TOTP code of {person} was accepted")


def signed_in_administrator(client, person: User | None = None) -> User:
    """An administrator (Paul unless told) signed in, who has just passed the TOTP step
    their pages ask for."""
    person = person or administrator()
    client.force_login(person)
    pass_totp(client, person)
    return person


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages, as a CV or a proof."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# The smallest PNG there is: a 1×1 image (signature, IHDR, IDAT, IEND).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def tables_holding(text: str) -> set[str]:
    """The tables of the database with a row that holds `text` anywhere (any column, as
    PostgreSQL writes the row as text; case ignored): where a name, a date or a link is
    kept, procrastinate's jobs included."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        tables = [name for (name,) in cursor.fetchall()]
        found = set()
        for table in tables:
            cursor.execute(
                f"SELECT 1 FROM {connection.ops.quote_name(table)} AS row"  # noqa: S608
                " WHERE strpos(lower(row::text), lower(%s)) > 0 LIMIT 1",
                [text],
            )
            if cursor.fetchone():
                found.add(table)
    return found


def link_in(text: str, containing: str = "") -> str:
    """The path of the first link to Tremplin in a mail's text whose path holds
    `containing`."""
    return re.search(rf"https?://[^/\s]+(/\S*{re.escape(containing)}\S*)", text)[1]


def mail_link(mailoutbox, subject_part: str) -> str:
    """The path of the link in the latest mail sent whose subject holds `subject_part`."""
    mail = next(m for m in reversed(mailoutbox) if subject_part in m.subject)
    return link_in(mail.body)


@dataclass
class Mail:
    """A mail as the worker renders it from its `send_email` job, before it sends it."""

    to: list[str]
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)

    def link(self, containing: str = "") -> str:
        return link_in(self.text, containing)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port of this machine; `messages` holds what
    it received, parsed. Stopped, the port refuses connections as a server that is down."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def migrate(targets=None):
    """Migrate the test database (of a transactional test) to `targets`, the latest
    migrations when None; the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def signed_in_as(page, live_server, user: User) -> None:
    """What `client.force_login` does, for the browser: a session cookie for `user`."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def pass_totp_in(page, live_server, person: User) -> None:
    """The TOTP step of the administrators' pages, in the browser: `person`'s app code
    typed into allauth's check (TOTP is set up for them first if need be)."""
    code = totp_codes(totp_secret(person))[0]
    page.goto(f"{live_server.url}/compte/2fa/reauthenticate/?next=/gestion/")
    page.locator("#id_code").fill(code)
    page.locator("#id_code").press("Enter")
    page.wait_for_url(f"{live_server.url}/gestion/")


class Contender(threading.Thread):
    """A second decision, taken in its own thread and database connection while the test
    holds the first one's transaction open: the proof that a row lock makes it wait.

        with transaction.atomic():
            services.accept(pk, acting_user=paul)          # Paul holds the row lock
            anne = Contender(lambda: services.reject(pk, acting_user=anne, reason="…"))
            anne.start()
            assert anne.waiting_query().startswith("SELECT")  # Anne waits to read it
        anne.join()                                        # Paul committed: Anne goes on
        assert isinstance(anne.error, TransitionRefused)   # and reads what he decided

    `waiting_query()` asks PostgreSQL, from a third connection, until the thread's session
    waits for a lock (no sleep: it polls `pg_stat_activity`), and returns the statement
    that waits; it fails if the thread ends without waiting. A plain SELECT never waits for
    a row lock in PostgreSQL: a SELECT that waits is the SELECT … FOR UPDATE (the text is
    cut at 1,024 characters, before the clause). Without the lock, the second decision
    would read the row as it was and wait, if at all, at its UPDATE. Needs a transactional
    test.
    """

    TIMEOUT = 10  # seconds

    def __init__(self, action: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.action = action
        self.result: object = None
        self.error: BaseException | None = None
        self.pid: int | None = None
        self._connected = threading.Event()

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self._connected.set()
            self.result = self.action()
        except BaseException as error:  # the test reads it
            self.error = error
        finally:
            self._connected.set()
            connection.close()

    def waiting_query(self) -> str:
        assert self._connected.wait(self.TIMEOUT), "the second session never connected"
        observer = connections.create_connection("default")
        deadline = time.monotonic() + self.TIMEOUT
        try:
            with observer.cursor() as cursor:
                while time.monotonic() < deadline:
                    assert self.is_alive(), (
                        f"the second decision ended without waiting for a lock: {self.error!r}"
                    )
                    cursor.execute(
                        "SELECT wait_event_type, query FROM pg_stat_activity WHERE pid = %s",
                        [self.pid],
                    )
                    row = cursor.fetchone()
                    if row and row[0] == "Lock":
                        return row[1]
        finally:
            observer.close()
        raise AssertionError("the second decision was not waiting for a lock")

    def join(self, timeout: float | None = None) -> None:
        super().join(self.TIMEOUT if timeout is None else timeout)
        assert not self.is_alive(), "the second decision is still waiting"
