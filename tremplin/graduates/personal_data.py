"""What the graduates app holds about a person (see `tremplin.lib.personal_data`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tremplin.graduates.models import GraduateClaim
from tremplin.lib.personal_data import Holding, Processing, exporting, move, nothing_to_merge

HOLDINGS = [
    Holding(
        "graduates.GraduateClaim",
        "user",
        exporting(
            lambda user: GraduateClaim.objects.filter(user=user).select_related(
                "composante", "vet", "declared_composante"
            ),
            "route",
            "status",
            "last_name",
            "first_name",
            "birth_date",
            "composante",
            "vet",
            "declared_composante",
            "diploma_title",
            "year_obtained",
            "message",
            "proof",
            "created_at",
            "decided_at",
            "rejection_reason",
        ),
        move("graduates.GraduateClaim", "user"),
    ),
    Holding(
        "graduates.GraduateClaim",
        "decided_by",
        None,
        move("graduates.GraduateClaim", "decided_by"),
        why="claims this person decided, as staff: in the audit log's part",
    ),
    Holding(
        "graduates.SetPasswordLink",
        "user",
        None,
        nothing_to_merge,
        why="the secret of a link sent by e-mail, used once or expired",
    ),
]

PROCESSINGS = [
    Processing(
        "graduate_registrations",
        _("Graduate registrations"),
        _(
            "Identity, date of birth, e-mail address, diploma, message and proof typed to"
            " register as a graduate; the university's graduates registry, only to check a"
            " registration, never displayed."
        ),
        _("To check that you graduated from the university."),
        lambda days: (
            _(
                "What was typed is deleted after %(request)d days if its answer was never sent;"
                " the date of birth as soon as the registration is decided; an account refused,"
                " %(refused)d days after the decision."
            )
            % {"request": days["registration_request"], "refused": days["rejected_account"]}
        ),
        keys=("registration_request", "rejected_account"),
        rules=("registration_requests", "rejected_accounts"),
        order=20,
    ),
]
