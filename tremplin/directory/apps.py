from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "tremplin.directory"
    label = "directory"
    verbose_name = _("Referential and graduates registry")

    def ready(self) -> None:
        from tremplin.directory.models import RegistryImport
        from tremplin.lib.files import delete_files_with_rows

        delete_files_with_rows(RegistryImport)  # an upload never imported goes with its row

        from tremplin.directory import personal_data
        from tremplin.lib.personal_data import register

        register(*personal_data.HOLDINGS)
