from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from tremplin.accounts import retention
        from tremplin.lib.retention import register

        register(*retention.RULES)

        from tremplin.accounts import personal_data
        from tremplin.lib.personal_data import declare
        from tremplin.lib.personal_data import register as hold

        hold(*personal_data.HOLDINGS)
        declare(*personal_data.PROCESSINGS)
