"""Two accounts of one person (a student account and a graduate account created
separately, say) become one: an administrator chooses the account kept, sees what moves,
and confirms.

What moves is what the registry of `tremplin.lib.personal_data` declares, app by app:
applications, favourites, the CV, graduate claims, addresses, external identities,
groups and roles, and whatever a future app (events, alerts, newsletters) declares. Each
holding's `merge` settles its own conflicts by the rule it states (`Holding.rule`), shown
on the preview. The merge is one transaction, both accounts' rows locked (in the order of
their ids, so two merges of the same pair cannot deadlock), with an audit row; then the
other account is deleted, and what it still holds (a CV, an application that lost to the
kept account's) goes with it, files included (`tremplin.lib.files`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from tremplin.accounts import emails
from tremplin.accounts.models import User
from tremplin.accounts.permissions import CANDIDATE_KINDS, Permission, may
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.lib.personal_data import Holding, holdings


class MergeRefused(Exception):
    """Not two accounts of students or graduates, or not an administrator asking."""


@dataclass(frozen=True)
class Line:
    """One kind of data on the preview: how many rows each account holds, and the rule."""

    label: str
    kept: int
    other: int
    rule: str


def check(kept: User, other: User) -> None:
    """Only two distinct accounts of students or graduates are merged: staff accounts
    follow the directory, recruiters' belong to their organisation."""
    if kept.pk == other.pk:
        raise MergeRefused("the same account")
    if kept.kind not in CANDIDATE_KINDS or other.kind not in CANDIDATE_KINDS:
        raise MergeRefused("only accounts of students and graduates are merged")


def _count(holding: Holding, user: User) -> int:
    model = apps.get_model(holding.model)
    field = model._meta.get_field(holding.field)
    if field.many_to_many and model is User:
        return getattr(user, holding.field).count()
    return model._base_manager.filter(**{holding.field: user}).count()


def _label(holding: Holding) -> str:
    model = apps.get_model(holding.model)
    field = model._meta.get_field(holding.field)
    if field.many_to_many:
        return str(field.verbose_name)
    label = str(model._meta.verbose_name_plural)
    return label if holding.export is not None else f"{label} ({field.verbose_name})"


def preview(kept: User, other: User) -> list[Line]:
    """What each account holds, kind by kind, where either holds something."""
    check(kept, other)
    lines = []
    for holding in sorted(holdings(), key=lambda h: h.name):
        counts = _count(holding, kept), _count(holding, other)
        if any(counts):
            lines.append(Line(_label(holding), *counts, rule=str(holding.rule)))
    return lines


def merge_accounts(kept_pk: int, other_pk: int, *, acting_user, ip_address: str | None) -> User:
    """Move everything of account `other_pk` to account `kept_pk`, then delete it."""
    if not may(acting_user, Permission.ACCOUNTS_MERGE):
        raise MergeRefused("administrators only")
    with transaction.atomic():
        locked = {
            user.pk: user
            for user in User.objects.select_for_update()
            .filter(pk__in=[kept_pk, other_pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise MergeRefused("an account is gone")
        kept, other = locked[kept_pk], locked[other_pk]
        check(kept, other)
        moved = {holding.name: holding.merge(kept, other) for holding in holdings()}
        _merge_the_accounts_themselves(kept, other)
        record(
            Action.ACCOUNTS_MERGED,
            actor=acting_user,
            target=kept,
            ip_address=ip_address,
            other_id=other.pk,
            other=str(other),
            other_email=other.email,
            moved={name: count for name, count in moved.items() if count},
        )
        other.delete()
        emails.send_accounts_merged(kept)
    return kept


def _merge_the_accounts_themselves(kept: User, other: User) -> None:
    """The account's own fields: a graduate's kind wins (one who graduated is a graduate);
    what the kept account lacks (a student number, a name, a password) comes from the
    other; the latest sign-in counts; a pending deletion request of either ends."""
    if other.kind == User.Kind.GRADUATE:
        kept.become_graduate()
    for name in ("student_number", "first_name", "last_name", "email"):
        if not getattr(kept, name) and getattr(other, name):
            setattr(kept, name, getattr(other, name))
    if not kept.has_usable_password() and other.has_usable_password():
        kept.password = other.password
    if other.last_login and (kept.last_login is None or other.last_login > kept.last_login):
        kept.last_login = other.last_login
    kept.deletion_requested_at = None
    kept.deletion_warning_sent_at = None
    kept.save()
