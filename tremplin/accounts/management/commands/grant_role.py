from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from tremplin.accounts.models import ExternalIdentity, RoleAssignment, User
from tremplin.accounts.permissions import staff_identity_provider
from tremplin.accounts.services import RoleError, grant_role, revoke_role
from tremplin.directory.models import Composante, Vet

ROLE_NAMES = {
    "admin": RoleAssignment.Role.ADMIN,
    "composante": RoleAssignment.Role.COMPOSANTE_MANAGER,
    "vet": RoleAssignment.Role.VET_MANAGER,
    "adviser": RoleAssignment.Role.CAREER_ADVISER,
}


class Command(BaseCommand):
    help = (
        "Give (or with --revoke remove) a role to a staff member identified by their ENT uid "
        "(their CAS or LDAP uid, as STAFF_LOGIN_METHOD says). "
        "The first administrator comes from here: `grant_role admin <uid>`. Someone who has "
        "never signed in gets their account now, completed from the ENT at their first sign-in."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", choices=sorted(ROLE_NAMES))
        parser.add_argument("uid", help="ENT (CAS) user id, e.g. paul.admin")
        parser.add_argument("--composante", help="composante code, for the 'composante' role")
        parser.add_argument("--vet", help="VET code (code or code-version), for the 'vet' role")
        parser.add_argument("--revoke", action="store_true")

    @no_translations
    @transaction.atomic
    def handle(
        self, *args, role: str, uid: str, composante=None, vet=None, revoke=False, **options
    ):
        composante_obj = self._get(Composante, code=composante) if composante else None
        vet_obj = None
        if vet:
            code, _, version = vet.partition("-") if "-" in vet else (vet, "", "")
            vets = Vet.objects.filter(code=code, **({"version": version} if version else {}))
            vet_obj = vets.order_by("-version").first()
            if vet_obj is None:
                raise CommandError(f"No VET {vet}.")
        provider = staff_identity_provider()
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(provider=provider, uid=uid)
            .first()
        )
        if identity is None:
            user = User(username=f"{provider}:{uid}", kind=User.Kind.STAFF)
            user.set_unusable_password()
            user.save()
            identity = ExternalIdentity.objects.create(user=user, provider=provider, uid=uid)
        user = identity.user
        try:
            if revoke:
                assignment = RoleAssignment.objects.filter(
                    user=user, role=ROLE_NAMES[role], composante=composante_obj, vet=vet_obj
                ).first()
                if assignment is None:
                    raise CommandError(f"{uid} does not have this role.")
                revoke_role(assignment, acting_user=None)
                self.stdout.write(f"Removed: {uid} — {assignment}")
            else:
                assignment = grant_role(
                    user,
                    ROLE_NAMES[role],
                    composante=composante_obj,
                    vet=vet_obj,
                    acting_user=None,
                )
                self.stdout.write(f"Granted: {uid} — {assignment}")
        except RoleError as error:
            raise CommandError(str(error)) from None

    def _get(self, model, **lookup):
        try:
            return model.objects.get(**lookup)
        except model.DoesNotExist:
            raise CommandError(f"No {model._meta.verbose_name} {lookup}.") from None
