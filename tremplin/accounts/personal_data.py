"""What the accounts app (and the identity libraries it configures: allauth, CAS, the
Django admin) holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Acceptance, ExternalIdentity, RoleAssignment, User
from tremplin.accounts.sessions import end_sessions
from tremplin.lib.personal_data import (
    Export,
    Holding,
    Processing,
    exporting,
    move,
    move_unless_kept_has,
    nothing_to_merge,
    rows,
)


def export_account(user: User) -> Export:
    """The account itself: who the person is, as the platform knows them."""
    return Export(
        rows=rows(
            [user],
            "username",
            "kind",
            "first_name",
            "last_name",
            "email",
            "language",
            "student_number",
            "date_joined",
            "last_login",
            "deletion_requested_at",
            "deletion_warning_sent_at",
        )
    )


def _union(name: str):
    def merge(kept: User, other: User) -> int:
        theirs = list(getattr(other, name).all())
        getattr(kept, name).add(*theirs)
        return len(theirs)

    merge.__qualname__ = f"union({name})"
    return merge


def _groups(name: str):
    def export(user: User) -> Export:
        return Export(rows=[{"code": g.code, "label": g.label} for g in getattr(user, name).all()])

    return export


def end_the_other_sessions(kept: User, other: User) -> int:
    """The other account's sessions end, in every browser: its owner signs in again, to
    the kept account. Nothing moves."""
    end_sessions(other)
    return 0


def merge_addresses(kept: User, other: User) -> int:
    """Every address of `other` becomes `kept`'s, verified as it was; `kept`'s primary
    address stays its primary. An address both hold is kept once, verified if either is."""
    moved = 0
    mine = {a.email.lower(): a for a in EmailAddress.objects.filter(user=kept)}
    for address in EmailAddress.objects.filter(user=other):
        same = mine.get(address.email.lower())
        if same is not None:
            if address.verified and not same.verified:
                same.verified = True
                same.save(update_fields=["verified"])
            address.delete()
            continue
        address.user, address.primary = kept, False
        address.save(update_fields=["user", "primary"])
        moved += 1
    return moved


HOLDINGS = [
    Holding("accounts.User", "composantes", _groups("composantes"), _union("composantes")),
    Holding("accounts.User", "vets", _groups("vets"), _union("vets")),
    Holding(
        "accounts.User",
        "groups",
        exporting(lambda user: user.groups.all(), "name"),
        _union("groups"),
    ),
    Holding(
        "accounts.User",
        "user_permissions",
        exporting(lambda user: user.user_permissions.all(), "codename"),
        _union("user_permissions"),
    ),
    Holding(
        "accounts.RoleAssignment",
        "user",
        exporting(
            lambda user: RoleAssignment.objects.filter(user=user).select_related(
                "composante", "vet"
            ),
            "role",
            "composante",
            "vet",
            "granted_at",
        ),
        move_unless_kept_has("accounts.RoleAssignment", "user", "role", "composante_id", "vet_id"),
    ),
    Holding(
        "accounts.RoleAssignment",
        "granted_by",
        None,
        move("accounts.RoleAssignment", "granted_by"),
        why="roles this person gave, as staff: in the audit log's part",
    ),
    Holding(
        "accounts.ExternalIdentity",
        "user",
        exporting(
            lambda user: ExternalIdentity.objects.filter(user=user),
            "provider",
            "uid",
            "last_attributes",
            "last_login_at",
        ),
        move("accounts.ExternalIdentity", "user"),
    ),
    Holding(
        "accounts.LegalDocument",
        "published_by",
        None,
        move("accounts.LegalDocument", "published_by"),
        why="legal texts this person published, as staff: in the audit log's part",
    ),
    Holding(
        "accounts.Acceptance",
        "user",
        exporting(
            lambda user: Acceptance.objects.filter(user=user).select_related("document"),
            "document",
            "accepted_at",
            "ip_address",
        ),
        move_unless_kept_has("accounts.Acceptance", "user", "document_id"),
    ),
    Holding(
        "account.EmailAddress",
        "user",
        exporting(
            lambda user: EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        merge_addresses,
        rule=_(
            "Every address moves, verified as it was; the kept account's main address"
            " stays its main one."
        ),
    ),
    Holding(
        "mfa.Authenticator",
        "user",
        # Which second factors are set up, never their secrets.
        exporting(
            lambda user: Authenticator.objects.filter(user=user),
            "type",
            "created_at",
            "last_used_at",
        ),
        move_unless_kept_has("mfa.Authenticator", "user", "type"),
        rule=_("A second factor both accounts set up: the kept account's stays."),
    ),
    Holding(
        "django_cas_ng.ProxyGrantingTicket",
        "user",
        None,
        nothing_to_merge,
        why="a ticket of an ENT session, which lasts as long as it",
    ),
    Holding(
        "accounts.UserSession",
        "user",
        None,
        end_the_other_sessions,
        why="a browser's sign-in, deleted when the session ends",
        rule=_("The other account's sessions end: its owner signs in again, to the kept one."),
    ),
    Holding(
        "admin.LogEntry",
        "user",
        None,
        move("admin.LogEntry", "user"),
        why="changes an administrator made in the Django admin: in the audit log's part",
    ),
]


def _inactive(days: dict[str, int]) -> str:
    return _(
        "Deleted after %(years)d years without a sign-in, a warning being sent by e-mail"
        " %(warning)d days before."
    ) % {"years": days["inactive_account"] // 365, "warning": days["inactive_warning"]}


def _on_request(days: dict[str, int]) -> str:
    return _(
        "Until you delete it: from “My profile”, “My data”, it is deleted %(days)d days"
        " after your request, unless you sign in meanwhile."
    ) % {"days": days["account_deletion_grace"]}


PROCESSINGS = [
    Processing(
        "accounts",
        _("Accounts"),
        _(
            "ENT identifier, name, first name, e-mail addresses, language, student number,"
            " composante and programme sent by the ENT; sign-ins; second factors."
        ),
        _("To sign you in and show you what is meant for you."),
        _inactive,
        keys=("inactive_account", "inactive_warning"),
        rules=("inactive_accounts_warned", "inactive_accounts_deleted"),
        order=10,
    ),
    Processing(
        "account_deletion",
        _("Deletion of one's account"),
        _("The date you asked for your account to be deleted."),
        _("To leave you time to change your mind."),
        _on_request,
        keys=("account_deletion_grace",),
        rules=("requested_deletions",),
        order=11,
    ),
]
