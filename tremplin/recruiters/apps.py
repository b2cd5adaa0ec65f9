from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitersConfig(AppConfig):
    name = "tremplin.recruiters"
    label = "recruiters"
    verbose_name = _("Recruiters")

    def ready(self) -> None:
        from tremplin.lib.retention import register
        from tremplin.recruiters import retention

        register(*retention.RULES)

        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.recruiters import personal_data

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)

        from tremplin.moderation.deadlines import register as remind_of
        from tremplin.recruiters.views import RecruiterModeration

        remind_of(RecruiterModeration())  # what waits too long reminds its moderators
