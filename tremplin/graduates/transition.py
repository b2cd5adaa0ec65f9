"""Students who graduate keep everything (seed 004): at graduation the university deletes
their ENT account, so the same Tremplin account becomes a graduate account, reached with
an e-mail address and a password."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from tremplin.accounts.models import User
from tremplin.accounts.services import record_verified_address, verified_addresses
from tremplin.audit.models import Action
from tremplin.audit.services import record
from tremplin.directory.importer import RegistryRow
from tremplin.directory.models import Vet
from tremplin.graduates import emails
from tremplin.graduates.models import SetPasswordLink
from tremplin.lib.links import LinkInvalid


def user_for_token(token: str) -> User | None:
    """The account whose password the e-mailed link chooses, if the link still works: it
    works once, since choosing a password ends it (see `SetPasswordLink`)."""
    try:
        link = SetPasswordLink.objects.select_related("user").for_token(token)
    except LinkInvalid:
        return None
    return link.user if link.still_opens else None


def graduate_students(rows: Sequence[RegistryRow]) -> int:
    """Turn the students these registry rows name into graduates; return how many.

    A student is recognised by their student number or their institutional address.
    Call it in the transaction that writes the rows: the mails leave only if they land.
    """
    by_number = {r.student_number: r for r in rows}
    by_address = {r.institutional_email.lower(): r for r in rows if r.institutional_email}
    by_owner = {a.user_id: by_address[a.email] for a in verified_addresses(by_address)}
    students = User.objects.filter(kind=User.Kind.STUDENT).filter(
        Q(student_number__in=by_number) | Q(pk__in=by_owner)
    )
    count = 0
    for student in students:
        graduate(student, by_number.get(student.student_number) or by_owner[student.pk])
        count += 1
    return count


def graduate(user: User, row: RegistryRow) -> None:
    user.become_graduate()
    user.save(update_fields=["kind"])
    vet = (
        Vet.objects.select_related("composante")
        .filter(code=row.vet_code, version=row.vet_version)
        .first()
    )
    if vet is not None:
        user.composantes.add(vet.composante)
        user.vets.add(vet)
    # The registry vouches for the institutional address (unless another account verified
    # it first): the mail goes to every address the person verified, that one included.
    record_verified_address(user, (row.institutional_email or user.email).lower())
    emails.send_graduation(user)
    record(Action.STUDENT_GRADUATED, actor=None, target=user, vet=row.vet_code, year=row.year)
