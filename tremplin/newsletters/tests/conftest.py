"""The people of the newsletters. Alice studies in SCI (VET L3INF), Bob in DRT (M1DPR),
Gaëlle graduated from SCI (she reads English); all three want newsletters, Hugo (SCI)
does not. Paul administers, Nina is a career adviser, Claire responsable of SCI, David
responsable of DRT, marc.resp responsable of the VET L3INF."""

from __future__ import annotations

import pytest

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.mailings import services as mailings
from tremplin.mailings.models import MailKind
from tremplin.newsletters import services
from tremplin.newsletters.services import Draft

Role = RoleAssignment.Role


@pytest.fixture
def sci(db):
    return testing.composante("SCI", "UFR Sciences et Techniques")


@pytest.fixture
def drt(db):
    return testing.composante("DRT", "Faculté de Droit")


@pytest.fixture
def l3inf(sci):
    return testing.vet("L3INF", "SCI")


def _wants_newsletters(person):
    mailings.set_consents(person, [MailKind.NEWSLETTERS], acting_user=person)
    return person


@pytest.fixture
def alice(sci, l3inf):
    return _wants_newsletters(testing.student("alice.martin", composante_code="SCI"))


@pytest.fixture
def bob(drt):
    return _wants_newsletters(
        testing.student("bob.nguyen", composante_code="DRT", vet_code="M1DPR")
    )


@pytest.fixture
def gaelle(sci, l3inf):
    person = testing.user(User.Kind.GRADUATE, uid="gaelle.roux", first_name="Gaëlle")
    person.language = "en"
    person.save()
    person.composantes.add(sci)
    person.vets.add(l3inf)
    return _wants_newsletters(person)


@pytest.fixture
def hugo(sci):
    return testing.student("hugo.lambert", composante_code="SCI")


@pytest.fixture
def people(alice, bob, gaelle, hugo):
    return alice, bob, gaelle, hugo


@pytest.fixture
def paul(db):
    return testing.administrator()


@pytest.fixture
def nina(db):
    return testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))


@pytest.fixture
def claire(sci):
    return testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci))


@pytest.fixture
def david(drt):
    return testing.staff("david.resp", (Role.COMPOSANTE_MANAGER, drt))


@pytest.fixture
def marc(l3inf):
    return testing.staff("marc.resp", (Role.VET_MANAGER, l3inf))


def draft(*, composantes=(), vets=(), audience="everyone", **texts) -> Draft:
    return Draft(
        subject=texts.get("subject", "Forum des métiers"),
        body=texts.get("body", "Le **forum** a lieu jeudi.\n\n- stands\n- ateliers"),
        subject_en=texts.get("subject_en", ""),
        body_en=texts.get("body_en", ""),
        audience=audience,
        composantes=list(composantes),
        vets=list(vets),
    )


@pytest.fixture
def make_newsletter():
    def make(writer, **kwargs):
        return services.create(draft(**kwargs), acting_user=writer)

    return make
