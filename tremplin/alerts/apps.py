from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "tremplin.alerts"
    label = "alerts"
    verbose_name = _("Job alerts")

    def ready(self) -> None:
        from tremplin.alerts import personal_data, retention
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.lib.retention import register

        register(*retention.RULES)
        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
