"""Students who graduate keep everything (seed 004): at graduation the university deletes
their ENT account, so the same Tremplin account becomes a graduate account, reached with
an e-mail address and a password."""

from __future__ import annotations

from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils.crypto import salted_hmac

from tremplin.accounts.models import User
from tremplin.accounts.services import record_verified_address, verified_addresses
from tremplin.audit.services import record
from tremplin.directory.importer import RegistryRow
from tremplin.directory.models import Vet
from tremplin.graduates import emails

SALT = "tremplin.graduates.set-password"
LINK_MAX_AGE = 14 * 24 * 3600  # long enough for someone who just left the university


def _password_fingerprint(user: User) -> str:
    # Changes as soon as a password is set: the link works once.
    return salted_hmac(SALT, user.password).hexdigest()[:20]


def set_password_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "p": _password_fingerprint(user)}, salt=SALT)


def user_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data["u"], kind=User.Kind.GRADUATE, is_active=True).first()
    if user is None or data["p"] != _password_fingerprint(user):
        return None
    return user


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
    institutional = (row.institutional_email or user.email).lower()
    record_verified_address(user, institutional)
    personal = list(
        EmailAddress.objects.filter(user=user, verified=True)
        .exclude(email__iexact=institutional)
        .values_list("email", flat=True)
    )
    url = reverse("graduates:set_password", args=[set_password_token(user)])
    emails.send_graduation(user, url=url, to=[*personal, institutional])
    record("student.graduated", actor=None, target=user, vet=row.vet_code, year=row.year)
