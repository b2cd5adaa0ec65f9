from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "tremplin.offers"
    label = "offers"
    verbose_name = _("Stages & Jobs")

    def ready(self) -> None:
        from tremplin.lib.retention import register
        from tremplin.offers import retention

        register(*retention.RULES)
