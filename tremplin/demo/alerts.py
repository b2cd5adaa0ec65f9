"""The demo's search profiles, saved searches and alert mails.

Bob (student in DRT) and Chloé (a student about to graduate) get their ENT accounts made
from the development ENT's directory, as the staff's are, with a search profile and a
saved search each; Alice is left to meet the search profile's step at her first sign-in
(the README's walkthrough). Then the day's alert mails are computed: the worker writes
them to the outbox (/demo/mails/). Loading twice changes nothing: the profiles are
written once, and the alerts send one mail a day and an offer once.
"""

from __future__ import annotations

from devcas.directory import PEOPLE
from tremplin.accounts.ent_person import map_attributes
from tremplin.accounts.models import ExternalIdentity
from tremplin.accounts.services import sign_in_from_ent
from tremplin.alerts import services
from tremplin.alerts.models import SavedSearch
from tremplin.profiles.models import SearchProfile

PROFILES = {
    "bob.nguyen": {
        "kinds": ["stage", "alternance", "cdd"],
        "domains": ["droit", "public"],
        "departements": ["63", "75"],
        "level": "bac5",
        "languages": ["fr", "en"],
        "pitch": "Étudiant en M1 droit privé, je cherche un stage ou une alternance juridique.",
        "alert_frequency": "daily",
    },
    "chloe.bernard": {
        "kinds": ["cdi", "cdd"],
        "domains": ["informatique"],
        "cities": ["Clermont-Ferrand", "Lyon"],
        "remote": ["partial", "full"],
        "level": "bac5",
        "pitch": "Bientôt diplômée, je cherche un premier emploi de développeuse.",
        "alert_frequency": "weekly",
    },
}
SEARCHES = {
    "bob.nguyen": [("Juriste à Paris", "q=juriste&departement=75", "weekly")],
    "chloe.bernard": [("Data en Auvergne", "q=data&departement=63", "daily")],
}


def load_demo_alerts() -> tuple[int, int]:
    """Write the personas' profiles and searches (once); defer the day's alert mails.
    Answers (people given a profile now, alert mails deferred)."""
    made = 0
    for person in PEOPLE:
        uid = str(person["uid"])
        if uid not in PROFILES:
            continue
        user = sign_in_from_ent(
            map_attributes(uid, person), provider=ExternalIdentity.Provider.CAS
        )
        if not SearchProfile.objects.filter(user=user).exists():
            values = {name: getattr(SearchProfile(), name) for name in services.PROFILE_FIELDS}
            services.set_search_profile({**values, **PROFILES[uid]}, acting_user=user)
            made += 1
        for name, query, frequency in SEARCHES.get(uid, []):
            if not SavedSearch.objects.filter(user=user, name=name).exists():
                services.save_search(name, query, frequency, acting_user=user)
    return made, services.send_digests()
