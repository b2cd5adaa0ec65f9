from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tremplin.reports"
    label = "reports"
    verbose_name = _("Figures and exports")

    def ready(self) -> None:
        from tremplin.lib.files import delete_files_with_rows
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.lib.retention import register
        from tremplin.reports import personal_data
        from tremplin.reports.models import ExportFile
        from tremplin.reports.retention import RULES

        register(*RULES)
        delete_files_with_rows(ExportFile)
        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
