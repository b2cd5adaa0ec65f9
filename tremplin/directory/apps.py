from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "tremplin.directory"
    label = "directory"
    verbose_name = _("Referential and graduates registry")
