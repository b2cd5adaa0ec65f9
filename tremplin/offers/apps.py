from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "tremplin.offers"
    label = "offers"
    verbose_name = _("Stages & Jobs")

    def ready(self) -> None:
        from tremplin.lib.files import delete_files_with_rows
        from tremplin.lib.retention import register
        from tremplin.offers import retention
        from tremplin.offers.models import Application

        register(*retention.RULES)

        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.offers import personal_data

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
        delete_files_with_rows(Application)  # its CV goes with it, the offer and the account

        from tremplin.moderation.deadlines import register as remind_of
        from tremplin.offers.views import OfferModeration

        remind_of(OfferModeration())  # what waits too long reminds its moderators
