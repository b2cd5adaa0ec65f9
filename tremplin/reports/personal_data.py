"""What the figures and exports hold about a person (see `tremplin.lib.personal_data`):
staff members' export models, and the XLSX files a worker wrote for them."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.lib.personal_data import Holding, Processing, exporting, move
from tremplin.reports.models import ExportModel

HOLDINGS = [
    Holding(
        "reports.ExportModel",
        "owner",
        exporting(
            lambda user: ExportModel.objects.filter(owner=user),
            "kind",
            "name",
            "columns",
            "created_at",
        ),
        move("reports.ExportModel", "owner"),
    ),
    Holding(
        "reports.ExportFile",
        "owner",
        None,
        move("reports.ExportFile", "owner"),
        why="files of other people's data this person exported, as staff: in the audit log's part",
    ),
]

PROCESSINGS = [
    Processing(
        "export_files",
        _("Exports of the back office"),
        _("The students, graduates, offers or applications a staff member exported."),
        _("The career service's reports, within each staff member's scope."),
        lambda days: (
            _("An XLSX file written by a worker is deleted %(hours)d hours after it was asked.")
            % {"hours": settings.EXPORT_FILE_HOURS}
        ),
        rules=("export_files",),
        order=95,
    ),
]
