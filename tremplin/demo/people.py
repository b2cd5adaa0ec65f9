"""The demo's staff: accounts made from the development ENT's directory, with their roles,
so the administrator finds them in the back office before they first sign in."""

from __future__ import annotations

from devcas.directory import PEOPLE
from tremplin.accounts.ent_person import map_attributes
from tremplin.accounts.models import ExternalIdentity, RoleAssignment
from tremplin.accounts.services import grant_role, sign_in_from_ent
from tremplin.directory.models import Composante, Vet

Role = RoleAssignment.Role
ROLES = {
    "paul.admin": [(Role.ADMIN, None)],
    "marc.resp": [(Role.VET_MANAGER, ("vet", "L3INF"))],
    "nina.conseil": [(Role.CAREER_ADVISER, None)],
    "david.drt": [(Role.COMPOSANTE_MANAGER, ("composante", "DRT"))],
}


def load_demo_staff() -> int:
    count = 0
    for attributes in PEOPLE:
        person = map_attributes(str(attributes["uid"]), attributes)
        if person.audience != "staff":
            continue
        user = sign_in_from_ent(person, provider=ExternalIdentity.Provider.CAS)
        count += 1
        for role, scope in ROLES.get(person.uid, []):
            composante = (
                Composante.objects.get(code=scope[1])
                if scope and scope[0] == "composante"
                else None
            )
            vet = (
                Vet.objects.get(code=scope[1], version="1")
                if scope and scope[0] == "vet"
                else None
            )
            if not RoleAssignment.objects.filter(
                user=user, role=role, composante=composante, vet=vet
            ).exists():
                grant_role(user, role, composante=composante, vet=vet, acting_user=None)
    return count
