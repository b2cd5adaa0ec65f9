"""Administrators give roles; each role sees only its scope."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tremplin import testing
from tremplin.accounts.models import RoleAssignment, User
from tremplin.accounts.permissions import Permission, may
from tremplin.audit.models import Action, AuditEntry
from tremplin.audit.services import record

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def test_an_administrator_makes_claire_responsable_of_sci(client):
    admin = testing.administrator()
    claire = testing.staff("claire.resp")
    sci = testing.composante("SCI")
    testing.signed_in_administrator(client, admin)

    response = client.post(
        reverse("backoffice:roles"),
        {"user": claire.pk, "role": Role.COMPOSANTE_MANAGER, "composante": sci.pk},
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=claire)
    assert (assignment.role, assignment.composante) == (Role.COMPOSANTE_MANAGER, sci)
    entry = AuditEntry.objects.get(action="role.granted")
    assert (entry.actor, entry.target_id, entry.ip_address) == (admin, str(claire.pk), "192.0.2.1")
    assert entry.details == {"role": "composante_manager", "scope": "UFR SCI"}
    page = client.get(reverse("backoffice:roles")).content.decode()
    assert "Responsable composante — UFR SCI" in page


def test_a_role_needs_the_scope_it_names(client):
    testing.signed_in_administrator(client)
    claire = testing.staff("claire.resp")
    response = client.post(
        reverse("backoffice:roles"), {"user": claire.pk, "role": Role.COMPOSANTE_MANAGER}
    )
    assert "Choisissez la composante couverte par ce rôle." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=claire).exists()


def test_an_administrator_removes_a_role_and_it_is_logged(client):
    admin = testing.administrator()
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    testing.signed_in_administrator(client, admin)
    assignment = RoleAssignment.objects.get(user=claire)
    client.post(reverse("backoffice:role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(user=claire).exists()
    assert AuditEntry.objects.filter(action="role.revoked", target_id=str(claire.pk)).exists()


def test_the_last_administrator_cannot_be_removed(client):
    admin = testing.administrator()
    testing.signed_in_administrator(client, admin)
    assignment = RoleAssignment.objects.get(user=admin)
    response = client.post(reverse("backoffice:role_revoke", args=[assignment.pk]), follow=True)
    assert "Le dernier administrateur ne peut pas être retiré." in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("role", [Role.COMPOSANTE_MANAGER, Role.VET_MANAGER, Role.CAREER_ADVISER])
def test_only_administrators_manage_roles(client, role):
    scope = {Role.COMPOSANTE_MANAGER: testing.composante(), Role.VET_MANAGER: testing.vet()}.get(
        role
    )
    client.force_login(testing.staff("claire.resp", (role, scope)))
    nina = testing.staff("nina.conseil")
    assert client.get(reverse("backoffice:roles")).status_code == 404
    client.post(reverse("backoffice:roles"), {"user": nina.pk, "role": Role.ADMIN})
    assert not RoleAssignment.objects.filter(user=nina).exists()


def test_the_first_administrator_comes_from_the_command_line():
    out = StringIO()
    call_command("grant_role", "admin", "paul.admin", stdout=out)
    paul = User.objects.get(identities__provider="cas", identities__uid="paul.admin")
    assert paul.kind == User.Kind.STAFF
    assert may(paul, Permission.ROLES_MANAGE)
    assert "Granted: paul.admin" in out.getvalue()

    call_command(
        "grant_role",
        "composante",
        "claire.resp",
        "--composante",
        testing.composante("SCI").code,
        stdout=out,
    )
    assert RoleAssignment.objects.get(user__identities__uid="claire.resp").composante.code == "SCI"
    with pytest.raises(CommandError, match="already has this role"):
        call_command("grant_role", "admin", "paul.admin", stdout=out)


def test_the_command_refuses_roles_for_students():
    testing.student("alice.martin")
    with pytest.raises(CommandError, match="Only staff members can hold a role"):
        call_command("grant_role", "admin", "alice.martin", stdout=StringIO())


def test_a_role_written_on_a_students_account_gives_nothing(client):
    alice = testing.student("alice.martin")
    RoleAssignment.objects.create(user=alice, role=Role.ADMIN)  # as the Django admin could
    assert not may(alice, Permission.ROLES_MANAGE)
    client.force_login(alice)
    assert client.get(reverse("backoffice:roles")).status_code == 404


@pytest.fixture
def population():
    return {
        "alice": testing.student("alice.martin", composante_code="SCI", vet_code="L3INF"),
        "sam": testing.student("sam.m1", composante_code="SCI", vet_code="M1INF"),
        "bob": testing.student("bob.nguyen", composante_code="DRT", vet_code="M1DPR"),
    }


def test_the_responsable_of_sci_sees_sci_students_only(client, population):
    client.force_login(
        testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    )
    page = client.get(reverse("backoffice:people")).content.decode()
    assert "Alice" in page and "Sam" in page and "Bob" not in page


def test_the_responsable_of_sci_gets_404_on_a_drt_student(client, population):
    client.force_login(
        testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    )
    assert (
        client.get(reverse("backoffice:person", args=[population["alice"].pk])).status_code == 200
    )
    assert client.get(reverse("backoffice:person", args=[population["bob"].pk])).status_code == 404


def test_each_page_of_a_person_read_is_in_the_audit_log(client, population):
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    client.force_login(claire)
    alice = population["alice"]

    client.get(reverse("backoffice:person", args=[alice.pk]), REMOTE_ADDR="192.0.2.63")
    client.get(reverse("backoffice:person", args=[population["bob"].pk]))  # a 404: nothing read

    [entry] = AuditEntry.objects.filter(action="person.viewed")
    assert (entry.actor, entry.target_id, entry.ip_address) == (
        claire,
        str(alice.pk),
        "192.0.2.63",
    )


def test_the_responsable_of_a_vet_sees_that_vet_only(client, population):
    client.force_login(testing.staff("marc.resp", (Role.VET_MANAGER, testing.vet("L3INF"))))
    page = client.get(reverse("backoffice:people")).content.decode()
    assert "Alice" in page and "Sam" not in page and "Bob" not in page
    assert client.get(reverse("backoffice:person", args=[population["sam"].pk])).status_code == 404


def test_a_career_adviser_validates_no_account_so_sees_no_list(client, population):
    client.force_login(testing.staff("nina.conseil", (Role.CAREER_ADVISER, None)))
    assert client.get(reverse("backoffice:people")).status_code == 404
    assert (
        client.get(reverse("backoffice:person", args=[population["alice"].pk])).status_code == 404
    )


def test_an_administrator_sees_everybody_and_staff_are_never_listed(client, population):
    client.force_login(testing.administrator())
    page = client.get(reverse("backoffice:people")).content.decode()
    assert "Alice" in page and "Sam" in page and "Bob" in page
    assert reverse("backoffice:person", args=[population["alice"].pk]) in page
    admin = User.objects.get(kind=User.Kind.STAFF)
    assert reverse("backoffice:person", args=[admin.pk]) not in page


def test_may_answers_on_objects_with_the_same_scope(population):
    claire = testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante("SCI")))
    assert may(claire, Permission.PEOPLE_VIEW, population["alice"])
    assert not may(claire, Permission.PEOPLE_VIEW, population["bob"])
    assert not may(claire, Permission.ROLES_MANAGE)


def test_the_django_admin_is_for_administrators_only(client, settings):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302  # to the staff sign-in
    client.force_login(
        testing.staff("claire.resp", (Role.COMPOSANTE_MANAGER, testing.composante()))
    )
    assert client.get(url).status_code == 404
    client.force_login(testing.administrator())
    assert client.get(url).url.startswith(reverse("mfa_activate_totp"))  # see test_mfa


def test_the_audit_log_names_a_graduate_validation_in_words(client):
    record(Action.GRADUATE_VALIDATED, actor=None)
    testing.signed_in_administrator(client)
    page = client.get(reverse("backoffice:audit_log"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert str(Action.GRADUATE_VALIDATED.label) in page
    assert ">graduate.validated<" not in page
