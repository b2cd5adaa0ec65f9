from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "tremplin.newsletters"
    verbose_name = _("Newsletters")

    def ready(self) -> None:
        from tremplin.lib.personal_data import declare, register
        from tremplin.newsletters import personal_data

        register(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
