from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GraduatesConfig(AppConfig):
    name = "tremplin.graduates"
    label = "graduates"
    verbose_name = _("Graduate registrations")

    def ready(self) -> None:
        from tremplin.directory.importer import register_batch_hook
        from tremplin.graduates import retention
        from tremplin.graduates.models import GraduateClaim
        from tremplin.graduates.transition import graduate_students
        from tremplin.lib.files import delete_files_with_rows
        from tremplin.lib.retention import register

        register(*retention.RULES)

        from tremplin.graduates import personal_data
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
        delete_files_with_rows(GraduateClaim)  # a proof goes with its claim, and the account
        register_batch_hook(graduate_students)  # students named by the registry graduate

        from tremplin.graduates.views import ClaimModeration
        from tremplin.moderation.deadlines import register as remind_of

        remind_of(ClaimModeration())  # what waits too long reminds its moderators
