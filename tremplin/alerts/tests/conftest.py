"""The people and offers of Stages & Jobs (see `tremplin.offers.tests.conftest`), and a
search profile to give them."""

from __future__ import annotations

import pytest

from tremplin.mailings.models import Consent, MailKind
from tremplin.offers.tests.conftest import (  # noqa: F401 (fixtures)
    alice,
    biolab,
    bob,
    claire,
    david,
    drt,
    gaelle,
    l3inf,
    m1dpr,
    make_offer,
    marc,
    marc_resp,
    nina,
    sci,
    sophie,
)
from tremplin.profiles.models import SearchProfile


@pytest.fixture
def search_profile():
    """A search profile with an alert, and the person's consent to alert mails (which
    `mailings` asks for before any alert leaves), unless told `consent=False`."""

    def make(user, *, consent: bool = True, **criteria) -> SearchProfile:
        criteria.setdefault("alert_frequency", "daily")
        profile, _ = SearchProfile.objects.update_or_create(user=user, defaults=criteria)
        if consent:
            Consent.objects.get_or_create(user=user, kind=MailKind.ALERTS)
        return profile

    return make


@pytest.fixture
def offer(make_offer):  # noqa: F811 (the fixture, by its name)
    """A published offer of an organisation of its own (the limit per organisation aside)."""
    from tremplin import testing

    count = iter(range(1, 10_000))

    def make(title: str = "Stage développeur web Python", **fields):
        if "organisation" not in fields:
            fields["organisation"] = testing.organisation(f"Organisation {next(count)}")
        return make_offer(title, **fields)

    return make
