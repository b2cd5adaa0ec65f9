from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraduatesConfig(AppConfig):
    name = "tremplin.graduates"
    label = "graduates"
    verbose_name = _("Graduate registrations")

    def ready(self) -> None:
        from tremplin.graduates import retention
        from tremplin.lib.retention import register

        register(*retention.RULES)
