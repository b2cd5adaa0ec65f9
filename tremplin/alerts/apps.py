from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "tremplin.alerts"
    label = "alerts"
    verbose_name = _("Job alerts")

    def ready(self) -> None:
        from tremplin.alerts import retention
        from tremplin.lib.retention import register

        register(*retention.RULES)
