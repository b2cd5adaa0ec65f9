from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "tremplin.profiles"
    label = "profiles"
    verbose_name = _("Profiles")

    def ready(self) -> None:
        from tremplin.lib.files import delete_files_with_rows
        from tremplin.profiles.models import Resume

        delete_files_with_rows(Resume)  # the CV goes with its row, and with the account

        from tremplin.lib.personal_data import declare, register
        from tremplin.profiles import personal_data

        register(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
