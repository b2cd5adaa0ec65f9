"""The verbs of job alerts: the search profile, saved searches, and the day's digests."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from tremplin.alerts import emails
from tremplin.alerts.matching import Run, write_digests
from tremplin.alerts.models import SavedSearch
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.offers.search.form import SearchForm
from tremplin.offers.search.query import Criteria
from tremplin.profiles.models import SearchProfile
from tremplin.recruiters.models import Organisation

# --- The search profile ----------------------------------------------------------------

PROFILE_FIELDS = (
    "kinds",
    "domains",
    "departements",
    "cities",
    "abroad",
    "remote",
    "start_from",
    "start_until",
    "max_duration_months",
    "level",
    "languages",
    "pitch",
    "alert_frequency",
)


def search_profile_of(user) -> SearchProfile | None:
    return SearchProfile.objects.filter(user=user).first()


def set_search_profile(values: dict, *, acting_user) -> SearchProfile:
    """Write the person's search profile (the step at first sign-in, the profile page)."""
    with transaction.atomic():
        profile, created = SearchProfile.objects.select_for_update().get_or_create(
            user=acting_user, defaults={name: values[name] for name in PROFILE_FIELDS}
        )
        if not created:
            for name in PROFILE_FIELDS:
                setattr(profile, name, values[name])
            profile.save()
        record(
            Action.SEARCH_PROFILE_SAVED,
            actor=acting_user,
            target=acting_user,
            alert=profile.alert_frequency,
        )
    return profile


def skip_search_profile_step(*, acting_user) -> SearchProfile:
    """The person skipped the step: an empty profile without alert, so the step is not
    offered again; they may fill it in from their profile page."""
    with transaction.atomic():
        profile, created = SearchProfile.objects.get_or_create(user=acting_user)
        if created:
            record(Action.SEARCH_PROFILE_SKIPPED, actor=acting_user, target=acting_user)
    return profile


def set_alert_frequency(frequency: str, *, acting_user) -> SearchProfile:
    """The alert of the search profile alone (the home's alert settings)."""
    with transaction.atomic():
        profile, _created = SearchProfile.objects.get_or_create(user=acting_user)
        profile.alert_frequency = frequency
        profile.save(update_fields=["alert_frequency", "updated_at"])
        record(Action.SEARCH_PROFILE_ALERT, actor=acting_user, target=acting_user, alert=frequency)
    return profile


# --- Saved searches ----------------------------------------------------------------------

# The column of `SavedSearch` that holds each filter of the search (by the filter's name);
# a filter missing here is refused when a search is saved (see the tests), and "since"
# means nothing to an alert, which only ever sends new offers.
FILTER_COLUMNS = {
    "type": "kinds",
    "remote": "remotes",
    "level": "levels",
    "domain": "domains",
    "departement": "departement",
    "city": "city",
    "start_after": "start_after",
    "max_duration": "max_duration",
    "organisation": "organisation_id",
}
IGNORED_FILTERS = {"since"}


def criteria_of(query: str) -> Criteria:
    """The search's query string read by the search's own form (its filter table)."""
    return SearchForm(QueryDict(query)).criteria()


def _clean_query(criteria: Criteria) -> str:
    """The query string of the search's words and filters (no page, no sort)."""
    form = SearchForm()
    pairs: list[tuple[str, str]] = []
    if criteria.q:
        pairs.append(("q", criteria.q))
    for name, value in criteria.filters.items():
        if name in IGNORED_FILTERS:
            continue
        field = form.fields[name]
        values = value if isinstance(value, list) else [value]
        pairs.extend((name, str(field.prepare_value(v) if v is not None else "")) for v in values)
    return urlencode(pairs)


def _columns(criteria: Criteria) -> dict:
    columns = {"q": criteria.q}
    empty = SavedSearch(user_id=0)
    for name, column in FILTER_COLUMNS.items():
        columns[column] = criteria.filters.get(name, getattr(empty, column))
    organisation = columns["organisation_id"]
    if organisation is not None and not Organisation.objects.filter(pk=organisation).exists():
        columns["organisation_id"] = None
    return columns


def save_search(name: str, query: str, frequency: str, *, acting_user) -> SavedSearch:
    """Save the search of `query` under `name` (the same name again: replaced)."""
    criteria = criteria_of(query)
    with transaction.atomic():
        search, created = SavedSearch.objects.update_or_create(
            user=acting_user,
            name=name,
            defaults={
                "query": _clean_query(criteria),
                "frequency": frequency,
                **_columns(criteria),
            },
        )
        record(
            Action.SAVED_SEARCH_SAVED,
            actor=acting_user,
            target=acting_user,
            search=search.pk,
            created=created,
            alert=frequency,
        )
    return search


def set_search_frequency(search: SavedSearch, frequency: str, *, acting_user) -> None:
    if search.user_id != acting_user.pk:
        raise PermissionError("not theirs")
    with transaction.atomic():
        search.frequency = frequency
        search.save(update_fields=["frequency"])
        record(
            Action.SAVED_SEARCH_ALERT,
            actor=acting_user,
            target=acting_user,
            search=search.pk,
            alert=frequency,
        )


def delete_search(search: SavedSearch, *, acting_user) -> None:
    if search.user_id != acting_user.pk:
        raise PermissionError("not theirs")
    with transaction.atomic():
        record(
            Action.SAVED_SEARCH_DELETED, actor=acting_user, target=acting_user, search=search.pk
        )
        search.delete()


# --- The day's digests -------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """Compute the alert mails of the day for everyone whose alert is due, write them and
    defer their mail jobs (`queue_mails`), in one transaction. Idempotent: a person who has
    their mail of the day gets no other (`Digest`), an offer sent is never sent again
    (`SentOffer`). Answers how many mails were deferred."""
    now = now or timezone.now()
    run = Run(day=timezone.localdate(now), now=now)
    with transaction.atomic():
        digests = write_digests(run)
        queue_mails(digests)
        if digests:
            record(Action.ALERTS_DIGESTS_SENT, actor=None, day=str(run.day), mails=len(digests))
    return len(digests)


def queue_mails(digests: list[int]) -> int:
    """Defer the mails of these digests (ids), ALERT_MAIL_BATCH per job, in one
    statement; answers how many jobs."""
    size = settings.ALERT_MAIL_BATCH
    return emails.send_alert_digests.defer_many(
        {"digests": digests[first : first + size]} for first in range(0, len(digests), size)
    )
