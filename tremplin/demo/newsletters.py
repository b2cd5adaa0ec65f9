"""The demo's newsletter: David, responsable of DRT, wrote to his composante's students;
Bob (DRT), who chose to receive newsletters, finds it in the demo outbox, with its
one-click unsubscribe, and in **Mon profil → Mes courriels → Les lettres d'information que
j'ai reçues**."""

from __future__ import annotations

from django.utils import timezone

from devcas.directory import PEOPLE
from tremplin.accounts.ent_person import map_attributes
from tremplin.accounts.models import ExternalIdentity, User
from tremplin.accounts.services import sign_in_from_ent
from tremplin.directory.models import Composante
from tremplin.mailings.models import MailKind
from tremplin.mailings.services import set_consents
from tremplin.newsletters import services
from tremplin.newsletters.models import Newsletter

SUBJECT = "Faculté de Droit : les rendez-vous de l'insertion"
BODY = """Bonjour,

Le service d'insertion professionnelle de la **Faculté de Droit** vous propose ce mois-ci :

- un atelier *CV et lettre de motivation* le mardi à 12 h 30, salle B12 ;
- des simulations d'entretien avec des juristes d'entreprise ;
- une permanence pour relire vos conventions de stage.

Retrouvez les offres de stage dans **Stages & Jobs**.
"""
BODY_EN = """Hello,

This month the **Faculty of Law**'s career service offers a CV and cover letter workshop,
mock interviews with in-house lawyers, and help with your internship agreements.
"""


def _person(uid: str) -> User:
    entry = next(person for person in PEOPLE if person["uid"] == uid)
    return sign_in_from_ent(map_attributes(uid, entry), provider=ExternalIdentity.Provider.CAS)


def load_demo_newsletter() -> bool:
    """Send it once (the demo's mail backend writes it to the outbox); return whether it
    was sent now."""
    if Newsletter.objects.filter(subject=SUBJECT).exists():
        return False
    drt = Composante.objects.filter(code="DRT").first()
    david = User.objects.filter(identities__uid="david.drt").first()
    if drt is None or david is None:
        return False
    bob = _person("bob.nguyen")
    set_consents(bob, [MailKind.NEWSLETTERS, MailKind.ALERTS], acting_user=bob)
    newsletter = services.create(
        services.Draft(
            subject=SUBJECT,
            body=BODY,
            subject_en="Faculty of Law: career events",
            body_en=BODY_EN,
            audience="student",
            composantes=[drt],
            vets=[],
        ),
        acting_user=david,
    )
    services.schedule(newsletter, timezone.now(), acting_user=david)
    services.start(newsletter.pk)
    services.send_batch(newsletter.pk, list(newsletter.deliveries.values_list("pk", flat=True)))
    return True
