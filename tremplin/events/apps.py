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

        from tremplin.events import personal_data
        from tremplin.events.views import EventModeration, StandModeration
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.moderation.deadlines import register as remind_of

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
        remind_of(EventModeration(), StandModeration())  # what waits too long reminds
