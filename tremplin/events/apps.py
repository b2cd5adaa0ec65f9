from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tremplin.events"
    label = "events"
    verbose_name = _("Recruitment events")

    def ready(self) -> None:
        from tremplin.events import retention
        from tremplin.lib.retention import register

        register(*retention.RULES)
