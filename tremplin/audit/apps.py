from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tremplin.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from tremplin.audit import retention
        from tremplin.lib.retention import register

        register(*retention.RULES)

        from tremplin.audit import personal_data
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
