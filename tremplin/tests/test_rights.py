"""One place for rights: every right is a `Permission` with the roles that hold it; who is a
candidate and who is a recruiter whose account is open is said once; and the services
that change state check their acting user themselves, whoever calls them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import RoleAssignment
from tremplin.accounts.permissions import (
    Permission,
    is_candidate,
    is_open_recruiter,
    may,
    right_required,
)
from tremplin.accounts.services import grant_role, revoke_role
from tremplin.audit.models import AuditEntry
from tremplin.recruiters.models import Recruiter

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def test_every_right_is_held_by_roles_that_exist():
    for right in Permission:
        assert right.roles, right
        assert right.roles <= set(Role.values), right


def test_a_misspelt_right_is_an_error_not_a_silent_refusal():
    admin = testing.administrator()
    with pytest.raises(ValueError, match=r"roles\.manages"):
        may(admin, "roles.manages")
    with pytest.raises(ValueError, match=r"roles\.manages"):
        right_required("roles.manages")


def test_djangos_has_perm_answers_the_named_rights_with_their_scope():
    """What a floor below accounts (the directory) asks, without importing the rights."""
    sci = testing.composante("SCI")
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, sci))
    alice = testing.student("alice.martin", composante_code="SCI")
    bob = testing.student("bob.nguyen", composante_code="DRT", vet_code="M1DPR")
    assert testing.administrator().has_perm("registry.import")
    assert not claire.has_perm("registry.import")
    assert claire.has_perm("people.view", alice)
    assert not claire.has_perm("people.view", bob)


BACK_OFFICE = [
    ("backoffice:roles", [], Permission.ROLES_MANAGE),
    ("backoffice:registry_imports", [], Permission.REGISTRY_IMPORT),
    ("backoffice:legal_documents", [], Permission.LEGAL_EDIT),
    ("backoffice:legal_document_edit", ["charte"], Permission.LEGAL_EDIT),
    ("backoffice:acceptances", ["charte"], Permission.LEGAL_EDIT),
    ("backoffice:audit_log", [], Permission.AUDIT_VIEW),
    ("backoffice:periodic_jobs", [], Permission.JOBS_VIEW),
]


@pytest.mark.parametrize(("name", "args", "right"), BACK_OFFICE, ids=[b[0] for b in BACK_OFFICE])
def test_each_back_office_page_opens_to_the_holders_of_its_right(client, name, args, right):
    adviser = testing.staff("nina.conseil", (Role.CAREER_ADVISER, None))
    assert not may(adviser, right)
    client.force_login(adviser)
    assert client.get(reverse(name, args=args)).status_code == 404
    admin = testing.signed_in_administrator(client)
    assert may(admin, right)
    assert client.get(reverse(name, args=args)).status_code == 200


def test_the_dashboard_lists_the_pages_of_ones_rights_only(client):
    client.force_login(testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)))
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert reverse("offers:queue") in page
    for name, args, _right in BACK_OFFICE:
        assert reverse(name, args=args) not in page
    client.force_login(testing.administrator())
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    for url in ("backoffice:roles", "backoffice:registry_imports", "backoffice:audit_log"):
        assert reverse(url) in page


# --- Who is who ------------------------------------------------------------------------


def test_candidates_are_the_students_and_the_graduates():
    assert is_candidate(testing.student())
    assert is_candidate(testing.user("graduate"))
    assert not is_candidate(testing.recruiter("rh@biolab.example"))
    assert not is_candidate(testing.administrator())


def test_a_recruiters_account_is_open_once_accepted_and_while_active():
    accepted = testing.recruiter("rh@biolab.example")
    assert is_open_recruiter(accepted)
    pending = testing.recruiter("lea@atelier.example", status=Recruiter.Status.PENDING)
    assert not is_open_recruiter(pending)
    pending.is_active = True  # activated by hand: still not accepted
    assert not is_open_recruiter(pending)
    accepted.is_active = False  # closed since
    assert not is_open_recruiter(accepted)
    assert not is_open_recruiter(testing.student())


# --- Services check their acting user -----------------------------------------------


@pytest.mark.parametrize(
    "role",
    [Role.COMPOSANTE_MANAGER, Role.VET_MANAGER, Role.CAREER_ADVISER],
)
def test_only_administrators_give_or_remove_roles_through_the_services(role):
    scope = {Role.COMPOSANTE_MANAGER: testing.composante(), Role.VET_MANAGER: testing.vet()}
    acting = testing.staff("claire.resp", (role, scope.get(role)))
    nina = testing.staff("nina.conseil")
    with pytest.raises(PermissionDenied):
        grant_role(nina, Role.ADMIN, acting_user=acting)
    assert not RoleAssignment.objects.filter(user=nina).exists()

    testing.administrator("anne.admin")
    assignment = RoleAssignment.objects.get(user=testing.administrator(), role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        revoke_role(assignment, acting_user=acting)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="role.").exists()


def test_the_system_gives_roles_without_an_acting_user():
    """The `grant_role` command and the demo data act as the system (acting_user=None)."""
    nina = testing.staff("nina.conseil")
    assignment = grant_role(nina, Role.CAREER_ADVISER, acting_user=None)
    assert may(nina, Permission.OFFERS_MODERATE)
    assert AuditEntry.objects.get(action="role.granted").actor is None
    revoke_role(assignment, acting_user=None)
    assert not RoleAssignment.objects.filter(user=nina).exists()
