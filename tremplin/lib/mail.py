"""E-mail plumbing: each e-mail is one function, run by the worker when the mail leaves.

Each e-mail the platform sends is one function in its app's `emails.py`, decorated with
`@email`. Given the objects the mail is about, it returns the `Message` to send: a
template folder holding `subject.txt`, `body.txt` and `body.html`, the recipients, their
language and the template's context; or None to send nothing; or a list, one message per
recipient (each in their language), sent over one connection by one job, which resends
them all if the mail server fails halfway.

Calling the decorated function renders nothing: it defers, in the current transaction,
a `send_email` job that carries the function's name and its arguments as ids — a model
instance becomes its model and primary key; otherwise only plain values pass (a
recipient's address, a language, a number). The worker loads the objects again, calls
the function and renders the message in the recipient's language at send time. So:

- if the transaction rolls back, no mail leaves; if the mail server is down, the job
  retries until it is back;
- the jobs table, which keeps a job after it ran (`remove_finished_jobs` deletes it a
  day later), never holds what a mail says: no name, no date of birth, no working link.
  A link's secret is made by the e-mail's function, in the worker, when the mail leaves
  (`tremplin.lib.links`);
- an object deleted before the job runs (the account is gone) sends nothing.

A message may carry extra headers (`Message.headers`: the `List-Unsubscribe` pair of a
mail people opted into). A recipient the mail server refuses for good (a 5xx answer) is
not retried: the mail to them is dropped and each function registered with
`on_permanent_refusal` hears of it (the mailings app counts refusals per address), while
the other messages of the job still leave. A temporary refusal (4xx) or a server that is
down fails the job, which retries.
"""

from __future__ import annotations

import inspect
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any, ParamSpec

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as database
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

P = ParamSpec("P")


@dataclass(frozen=True)
class Rendered:
    """A message as it leaves: what the worker hands to Django's mail backend."""

    to: list[str]
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)

    def email_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject, body=self.text, to=self.to, headers=dict(self.headers)
        )
        message.attach_alternative(self.html, "text/html")
        return message


@dataclass
class Message:
    """One e-mail to send: `template` is a folder with subject.txt, body.txt, body.html."""

    template: str
    to: list[str]
    language: str
    context: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def full_context(self) -> dict[str, Any]:
        return {
            "site_url": settings.SITE_URL,
            "university_name": settings.UNIVERSITY_NAME,
            "LANGUAGE_CODE": self.language,
            **self.context,
        }

    def render(self) -> Rendered:
        context = self.full_context()
        with translation.override(self.language):
            subject = render_to_string(f"{self.template}/subject.txt", context)
            text = render_to_string(f"{self.template}/body.txt", context)
            html = render_to_string(f"{self.template}/body.html", context)
        return Rendered(
            to=list(self.to),
            subject=" ".join(subject.split()),
            text=text,
            html=html,
            headers=dict(self.headers),
        )


Composer = Callable[..., Message | list[Message] | None]
_emails: dict[str, Composer] = {}


class Gone(Exception):
    """An object the mail is about was deleted before the mail left."""


def email(function: Callable[P, Message | list[Message] | None]) -> Callable[P, None]:
    """Make `function` one of the platform's e-mails: calling it defers its job.

    The function itself runs in the worker (`compose`), with the objects loaded again."""
    name = f"{function.__module__}.{function.__qualname__}"
    _emails[name] = function
    signature = inspect.signature(function)

    @wraps(function)
    def defer(*args: P.args, **kwargs: P.kwargs) -> None:
        from tremplin.lib.tasks import send_email

        bound = signature.bind(*args, **kwargs)
        send_email.defer(
            mail=name, arguments={key: _as_id(value) for key, value in bound.arguments.items()}
        )

    def defer_many(calls: Iterable[dict[str, Any]]) -> int:
        """Defer one job per call (its keyword arguments), in one statement: for the mails
        of many people at once (the alerts' digests). Answers how many."""
        from tremplin.lib.tasks import send_email

        jobs = [
            {
                "mail": name,
                "arguments": {
                    key: _as_id(value)
                    for key, value in signature.bind(**arguments).arguments.items()
                },
            }
            for arguments in calls
        ]
        if jobs:
            send_email.batch_defer(*jobs)
        return len(jobs)

    defer.defer_many = defer_many  # type: ignore[attr-defined]
    return defer


def compose(mail: str, arguments: dict[str, Any]) -> list[Rendered]:
    """The worker's side: the messages of e-mail `mail`, rendered now from the database;
    none if an object it is about is gone."""
    function = _function(mail)
    try:
        loaded = {key: _loaded(value) for key, value in arguments.items()}
    except Gone as gone:
        logger.info("%s not sent: %s was deleted", mail, gone)
        return []
    messages = function(**loaded)
    if messages is None:
        return []
    if isinstance(messages, Message):
        messages = [messages]
    return [message.render() for message in messages]


def _function(mail: str) -> Composer:
    if mail not in _emails:
        autodiscover_modules("emails")  # a worker that has not imported every app's e-mails
    return _emails[mail]


_MODEL, _PK = "model", "pk"


def _as_id(value: Any) -> Any:
    """What a job may carry: a model instance as its id, plain values as they are."""
    if isinstance(value, models.Model):
        if value.pk is None:
            raise ValueError(f"{value!r} is not saved: a mail's job carries its id")
        return {_MODEL: value._meta.label_lower, _PK: value.pk}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_as_id(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if set(value) == {_MODEL, _PK}:
            raise ValueError("a plain dict of a mail's job cannot look like an object's id")
        return {key: _as_id(item) for key, item in value.items()}
    raise TypeError(
        f"A mail's job carries ids and plain values, not {type(value).__name__}: pass the"
        " object the value comes from, and let the e-mail's function read it when it runs."
    )


def _loaded(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {_MODEL, _PK}:
        model = apps.get_model(value[_MODEL])
        instance = model._base_manager.filter(pk=value[_PK]).first()
        if instance is None:
            raise Gone(f"{value[_MODEL]} {value[_PK]}")
        return instance
    if isinstance(value, list):
        return [_loaded(item) for item in value]
    if isinstance(value, dict):
        return {key: _loaded(item) for key, item in value.items()}
    return value


# --- Sending, and the addresses the mail server refuses ----------------------------------

RefusalHook = Callable[[str, int, str], None]
_refusal_hooks: list[RefusalHook] = []


def on_permanent_refusal(hook: RefusalHook) -> RefusalHook:
    """Have `hook(address, code, response)` called for each recipient the mail server
    refuses for good (5xx). An app above registers it from its `ready()`; registering the
    same function twice keeps one."""
    if hook not in _refusal_hooks:
        _refusal_hooks.append(hook)
    return hook


def _permanently_refused(error: smtplib.SMTPException, recipients: list[str]) -> dict:
    """{address: (code, response)} of a refusal for good, or {} if it may pass later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = error.recipients
    elif isinstance(error, smtplib.SMTPDataError):  # refused once the message was sent
        refused = dict.fromkeys(recipients, (error.smtp_code, error.smtp_error))
    else:
        return {}
    if not refused or any(not 500 <= code < 600 for code, _ in refused.values()):
        return {}  # a temporary refusal of one of them: the job retries
    return refused


def _report(refused: dict) -> None:
    for address, (code, response) in refused.items():
        text = response.decode(errors="replace") if isinstance(response, bytes) else response
        logger.warning("the mail server refused %s for good: %s %s", address, code, text)
        for hook in _refusal_hooks:
            hook(address, code, str(text))


def deliver(connection: BaseEmailBackend, message: Rendered) -> bool:
    """Hand one message to an open connection. False if the server refused its recipients
    for good (they are reported to the hooks); a temporary failure raises."""
    try:
        return bool(connection.send_messages([message.email_message()]))
    except smtplib.SMTPException as error:
        refused = _permanently_refused(error, message.to)
        if not refused:
            raise
        _report(refused)
        return False


def send_rendered(
    messages: Iterable[Rendered],
    *,
    job: int | None = None,
    connection: BaseEmailBackend | None = None,
) -> int:
    """Send these messages through Django's mail backend, over one connection (this open
    `connection`, or one of its own); return how many left (those refused for good are
    reported and dropped, see above).

    Given the `job` that sends them, each message the server accepts is noted at once
    (`SentMail`) and skipped if the job runs again: a batch cut by a killed worker or a
    failing server is taken up where it stopped, and nobody gets the mail twice (but the
    one whose acceptance the worker died before noting)."""
    from tremplin.lib.models import SentMail

    messages = list(messages)
    if job is not None:
        done = set(SentMail.objects.filter(job_id=job).values_list("recipients", flat=True))
        messages = [message for message in messages if _recipients(message) not in done]
    if not messages:
        return 0
    sent = 0
    with nullcontext(connection) if connection else get_connection() as opened:
        for message in messages:
            if deliver(opened, message):
                sent += 1
            if job is not None:
                _note_sent(job, message)
    if job is not None:
        SentMail.objects.filter(job_id=job).delete()
    return sent


def _note_sent(job: int, message: Rendered) -> None:
    """Note that the server accepted `message` of `job`'s batch, committed at once but
    without waiting for the disk (`synchronous_commit` off, for this transaction only):
    the note outlives the worker at once, and only a crash of PostgreSQL itself in the
    next fraction of a second would lose it (the message would then leave twice). A batch
    of many mails no longer waits for one disk flush per message."""
    from tremplin.lib.models import SentMail

    with transaction.atomic(), database.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            f"INSERT INTO {SentMail._meta.db_table} (job_id, recipients)"  # noqa: S608
            " VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [job, _recipients(message)],
        )


def _recipients(message: Rendered) -> str:
    return ",".join(sorted(message.to))[:1000]


class OutboxBackend(BaseEmailBackend):
    """Write each message as an .eml file under MAIL_OUTBOX_DIR (the demo's outbox)."""

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        outbox = settings.MAIL_OUTBOX_DIR
        outbox.mkdir(parents=True, exist_ok=True)
        count = 0
        for message in email_messages:
            name = f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (outbox / name).write_bytes(message.message().as_bytes())
            count += 1
        return count
