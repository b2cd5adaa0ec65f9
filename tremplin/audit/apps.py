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
