from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "tremplin.mailings"
    verbose_name = _("Mailings")

    def ready(self) -> None:
        from tremplin.lib.mail import on_permanent_refusal
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold
        from tremplin.lib.retention import register
        from tremplin.mailings import personal_data, receivers, retention, services

        on_permanent_refusal(services.record_refusal)
        register(*retention.RULES)
        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
        receivers.connect()
