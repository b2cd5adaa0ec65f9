"""Consent, links, budget and deliverability of the mails that are not transactional.

What an e-mail function (`@email`, run by the worker) of such a mail does, for each
recipient:

    return message_for(user, MailKind.ALERTS, "alerts/emails/digest", context={...})

which is None (send nothing) unless the person consented, their address is deliverable
and their weekly budget allows it, and else the `Message` in their language with the
RFC 8058 headers and, in its context, the links its footer shows: `emails/base.html`
shows them in the HTML part by itself, the text part includes
`mailings/emails/_footer.txt`. By hand, the same is:

    controls = admit(user, MailKind.ALERTS)   # consent, deliverable address, budget
    if controls is None:
        return None                           # not this one
    return controls.message(user, "alerts/emails/digest", context={...})

`admit` spends one mail of the person's weekly budget (`admit_many` for a batch of
mails, in a few statements for them all); `may_send` only asks.

**The weekly budget, alerts first.** Each person receives at most MAIL_WEEKLY_BUDGET
such mails a week (Monday to Sunday, local time), all kinds together. Alerts may use all
of it; newsletters and event news together only what leaves MAIL_BUDGET_RESERVED_FOR_ALERTS
of it free: with the defaults (3 and 1), whatever the career service sends, one mail a
week stays for the alerts the person asked for. Spending is one conditional
`INSERT … ON CONFLICT DO UPDATE … WHERE`: of two workers spending the last mail of a
person's week at once, the second waits for the first's row and then finds nothing left.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib import observability
from tremplin.lib.links import LinkInvalid
from tremplin.lib.mail import Message
from tremplin.mailings.models import (
    Consent,
    MailingKey,
    MailKind,
    OptInMail,
    RefusedAddress,
    Unsubscription,
    WeeklySpend,
)

SALT = "tremplin.mailings.preferences"

# --- Consent -----------------------------------------------------------------------------


def consented_kinds(user) -> set[str]:
    return set(Consent.objects.filter(user=user).values_list("kind", flat=True))


def has_consented(user, kind: str) -> bool:
    return Consent.objects.filter(user=user, kind=MailKind(kind)).exists()


def set_consents(user, kinds, *, acting_user, via: str = "account", ip_address=None) -> set[str]:
    """`user` receives exactly these kinds of mail from now on. `acting_user` is the
    person themselves, or None when they follow a mail's signed link."""
    wanted = {MailKind(kind) for kind in kinds}
    with transaction.atomic():
        had = set(
            Consent.objects.select_for_update().filter(user=user).values_list("kind", flat=True)
        )
        Consent.objects.filter(user=user).exclude(kind__in=wanted).delete()
        Unsubscription.objects.bulk_create(
            [Unsubscription(user=user, kind=kind, via=via) for kind in had - wanted]
        )
        Consent.objects.bulk_create(
            [Consent(user=user, kind=kind) for kind in wanted - had], ignore_conflicts=True
        )
        if had != wanted:
            record(
                Action.MAIL_CONSENTS_CHANGED,
                actor=acting_user,
                target=user,
                ip_address=ip_address,
                kinds=sorted(wanted),
                via=via,
            )
    return wanted


def unsubscribe(user, kind: str, *, acting_user=None, via: str = "one-click", ip_address=None):
    """`user` stops receiving `kind` (nothing changes if they did not receive it)."""
    with transaction.atomic():
        deleted, _ = Consent.objects.filter(user=user, kind=MailKind(kind)).delete()
        if deleted:
            Unsubscription.objects.create(user=user, kind=kind, via=via)
            record(
                Action.MAIL_UNSUBSCRIBED,
                actor=acting_user,
                target=user,
                ip_address=ip_address,
                kind=kind,
                via=via,
            )


# --- The signed links of the mails ---------------------------------------------------------


def _key_of(user) -> str:
    found = MailingKey.objects.filter(user=user).values_list("key", flat=True).first()
    if found:
        return found
    MailingKey.objects.get_or_create(user=user, defaults={"key": secrets.token_urlsafe(24)})
    return MailingKey.objects.get(user=user).key


def rotate_key(user) -> None:
    """Break every preferences and unsubscribe link mailed to `user` so far."""
    MailingKey.objects.update_or_create(user=user, defaults={"key": secrets.token_urlsafe(24)})


def link_token(user) -> str:
    """What the links of `user`'s mails carry: their random key, signed (the signature
    needs SECRET_KEY, the key is 192 random bits: neither can be guessed or derived from
    anything known about the person)."""
    return signing.Signer(salt=SALT).sign(_key_of(user))


def link_tokens(user_ids) -> dict[int, str]:
    """`link_token` of many people at once (a batch of mails): two statements."""
    user_ids = list(user_ids)
    MailingKey.objects.bulk_create(
        [MailingKey(user_id=pk, key=secrets.token_urlsafe(24)) for pk in user_ids],
        ignore_conflicts=True,
    )
    signer = signing.Signer(salt=SALT)
    keys = MailingKey.objects.filter(user__in=user_ids).values_list("user_id", "key")
    return {pk: signer.sign(key) for pk, key in keys}


def person_for(token: str):
    """The person whose mails carry `token`, or LinkInvalid."""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise LinkInvalid from None
    found = MailingKey.objects.filter(key=key).select_related("user").first()
    if found is None or not found.user.is_active:
        raise LinkInvalid
    return found.user


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def preferences_url(user, token: str | None = None) -> str:
    token = token or link_token(user)
    return _absolute(reverse("mailings:link_preferences", args=[token]))


def unsubscribe_url(user, kind: str, token: str | None = None) -> str:
    token = token or link_token(user)
    return _absolute(reverse("mailings:unsubscribe", args=[token, MailKind(kind)]))


@dataclass(frozen=True)
class MailControls:
    """What a mail that is not transactional carries: its RFC 8058 headers, and the links
    its footer shows (`context`, for `mailings/emails/_footer.*`)."""

    kind: str
    preferences_url: str
    unsubscribe_url: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def context(self) -> dict[str, str]:
        return {
            "mail_kind": self.kind,
            "mail_kind_label": MailKind(self.kind).label,
            "preferences_url": self.preferences_url,
            "unsubscribe_url": self.unsubscribe_url,
        }

    def message(self, user, template: str, *, context=None) -> Message:
        """The mail to `user` (template folder `template`), in their language, that
        carries these headers and links."""
        return Message(
            template,
            to=[user.email],
            language=user.language,
            headers=self.headers,
            context={**self.context, **(context or {})},
        )


def controls(user, kind: str, token: str | None = None) -> MailControls:
    """The headers and links of a mail of `kind` to `user`: `List-Unsubscribe` (the
    one-click address, and MAIL_UNSUBSCRIBE_MAILTO's when set) and
    `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). `token`: theirs, if
    read already (`link_tokens`)."""
    token = token or link_token(user)
    unsubscribe = unsubscribe_url(user, kind, token)
    targets = [f"<{unsubscribe}>"]
    if settings.MAIL_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.MAIL_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return MailControls(
        kind=MailKind(kind),
        preferences_url=preferences_url(user, token),
        unsubscribe_url=unsubscribe,
        headers={
            "List-Unsubscribe": ", ".join(targets),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# --- Deliverable addresses -----------------------------------------------------------------


def _undeliverable():
    return RefusedAddress.objects.filter(undeliverable_since__isnull=False)


def is_deliverable(address: str) -> bool:
    return bool(address) and not _undeliverable().filter(address=address.lower()).exists()


def undeliverable_among(addresses) -> set[str]:
    """Of these addresses, those (in lower case) that are undeliverable: one statement."""
    lowered = {address.lower() for address in addresses if address}
    return set(_undeliverable().filter(address__in=lowered).values_list("address", flat=True))


def consenting(user_ids, kind: str) -> set[int]:
    """Of these people (ids), those who consented to `kind`: one statement."""
    found = Consent.objects.filter(user__in=list(user_ids), kind=MailKind(kind))
    return set(found.values_list("user_id", flat=True))


def reachable(people: QuerySet, kind: str) -> QuerySet:
    """Of `people` (users), those who may receive a mail of `kind` now, budget aside:
    active, who consented to it, whose address is not undeliverable."""
    return (
        people.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(Consent.objects.filter(user=OuterRef("pk"), kind=MailKind(kind))))
        .exclude(Exists(_undeliverable().filter(address=Lower(OuterRef("email")))))
    )


_REFUSED = f"""
    INSERT INTO {RefusedAddress._meta.db_table} AS refused
        (address, refusals, last_code, last_response, last_refused_at, undeliverable_since)
    VALUES (%(address)s, 1, %(code)s, %(response)s, statement_timestamp(),
            CASE WHEN %(after)s <= 1 THEN statement_timestamp() END)
    ON CONFLICT (address) DO UPDATE SET
        refusals = refused.refusals + 1,
        last_code = EXCLUDED.last_code,
        last_response = EXCLUDED.last_response,
        last_refused_at = EXCLUDED.last_refused_at,
        undeliverable_since = COALESCE(
            refused.undeliverable_since,
            CASE WHEN refused.refusals + 1 >= %(after)s THEN statement_timestamp() END)
"""  # noqa: S608 (the table's name is ours; values are parameters)


def record_refusal(address: str, code: int, response: str) -> None:
    """The mail server refused `address` for good (the hook of `tremplin.lib.mail`): one
    refusal more; from MAIL_UNDELIVERABLE_AFTER on, the address is undeliverable."""
    with connection.cursor() as cursor:
        cursor.execute(
            _REFUSED,
            {
                "address": address.strip().lower()[:254],
                "code": code if 0 <= code < 1000 else 0,
                "response": response[:255],
                "after": settings.MAIL_UNDELIVERABLE_AFTER,
            },
        )


def forget_refusals(address: str) -> None:
    """The person proved again that the address receives mail: start afresh."""
    RefusedAddress.objects.filter(address=address.lower()).delete()


# --- The weekly budget -------------------------------------------------------------------


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _limits(kind: str) -> tuple[int, int]:
    budget = settings.MAIL_WEEKLY_BUDGET
    others = max(budget - settings.MAIL_BUDGET_RESERVED_FOR_ALERTS, 0)
    return budget, (budget if MailKind(kind) == MailKind.ALERTS else others)


def budget_left(user, kind: str) -> int:
    """How many more mails of `kind` `user` may receive this week."""
    budget, cap = _limits(kind)
    spent = WeeklySpend.objects.filter(user=user, week=week_of(timezone.localdate())).first()
    if spent is None:
        return min(budget, cap)
    if MailKind(kind) == MailKind.ALERTS:
        return max(budget - spent.total, 0)
    return max(min(budget - spent.total, cap - spent.others), 0)


_SPEND = f"""
    INSERT INTO {WeeklySpend._meta.db_table} AS spent (user_id, week, total, others)
    SELECT person, %(week)s, 1, %(other)s FROM unnest(%(people)s::bigint[]) person
    ORDER BY person
    ON CONFLICT (user_id, week) DO UPDATE SET
        total = spent.total + 1, others = spent.others + EXCLUDED.others
    WHERE spent.total < %(budget)s AND (EXCLUDED.others = 0 OR spent.others < %(cap)s)
    RETURNING user_id
"""  # noqa: S608 (the table's name is ours; values are parameters)


def spend(user, kind: str) -> bool:
    """Count one mail of `kind` to `user` this week, if the budget allows it (see the
    module's docstring), and note it (`OptInMail`, under the running job if any); say
    whether it did. Inside a transaction, a rollback gives it back."""
    return user.pk in spend_many([user.pk], kind)


def spend_many(user_ids, kind: str) -> set[int]:
    """`spend` for many people (ids) at once, in two statements; those it spent for.
    The rows are taken in the order of their ids: two workers never wait for each other
    in a circle."""
    budget, cap = _limits(kind)
    people = sorted(set(user_ids))
    if budget < 1 or cap < 1 or not people:
        return set()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _SPEND,
            {
                "people": people,
                "week": week_of(timezone.localdate()),
                "other": 0 if MailKind(kind) == MailKind.ALERTS else 1,
                "budget": budget,
                "cap": cap,
            },
        )
        spent = {row[0] for row in cursor.fetchall()}
        job = observability.job_id.get()
        OptInMail.objects.bulk_create(
            [OptInMail(user_id=pk, kind=kind, job=job) for pk in sorted(spent)]
        )
    return spent


def may_send(user, kind: str) -> bool:
    """May a mail of `kind` go to `user` now (consent, deliverable address, budget)? It
    spends nothing: `admit` does."""
    return (
        user.is_active
        and has_consented(user, kind)
        and is_deliverable(user.email)
        and budget_left(user, kind) > 0
    )


def admit(user, kind: str) -> MailControls | None:
    """For the e-mail function of a mail of `kind` to `user`: None if it must not go
    (no consent, undeliverable address, budget spent), else its headers and links, one
    mail of the budget spent. Run again by the same job (its mail server failed), it
    spends nothing more: the mail is the same one."""
    return admit_many([user], kind).get(user.pk)


def admit_many(people, kind: str) -> dict[int, MailControls]:
    """`admit` for many people (users) at once, in a few statements for them all: a
    batch of mails. {user id: the controls of their mail} of those whose mail may go."""
    people = [person for person in people if person.is_active and person.email]
    consent = consenting([person.pk for person in people], kind)
    refused = undeliverable_among(person.email for person in people)
    people = [p for p in people if p.pk in consent and p.email.lower() not in refused]
    job = observability.job_id.get()
    noted = set()
    if job is not None:
        noted = set(
            OptInMail.objects.filter(
                job=job, kind=kind, user__in=[p.pk for p in people]
            ).values_list("user_id", flat=True)
        )
    admitted = noted | spend_many([p.pk for p in people if p.pk not in noted], kind)
    tokens = link_tokens(admitted)
    return {p.pk: controls(p, kind, tokens[p.pk]) for p in people if p.pk in admitted}


def message_for(user, kind: str, template: str, *, context=None) -> Message | None:
    """The mail of `kind` to `user` (template folder `template`), in their language, with
    its headers and links, one mail of their budget spent; None if it must not go."""
    controls = admit(user, kind)
    if controls is None:
        return None
    return controls.message(user, template, context=context)
