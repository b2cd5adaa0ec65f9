from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "tremplin.mailings"
    verbose_name = _("Mailings")

    def ready(self) -> None:
        from tremplin.lib import retention
        from tremplin.lib.mail import on_permanent_refusal
        from tremplin.mailings import receivers, services

        on_permanent_refusal(services.record_refusal)
        retention.register(
            retention.Rule("mail_budgets", services.purge_past_budgets, retention.Step.CONTENT)
        )
        receivers.connect()
