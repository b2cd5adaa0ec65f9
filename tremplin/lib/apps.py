from django.apps import AppConfig


class LibConfig(AppConfig):
    """The floor every app stands on; an app for its one table, the rate-limit counts, and
    the retention rule of every app's e-mailed links."""

    name = "tremplin.lib"
    label = "lib"
    verbose_name = "Tremplin"

    def ready(self) -> None:
        from tremplin.lib.links import purge_expired_links
        from tremplin.lib.retention import Rule, Step, register

        register(Rule("expired_links", purge_expired_links, Step.REQUESTS))

        from django.conf import settings
        from django.utils.translation import gettext_lazy as _

        from tremplin.lib.personal_data import Processing, declare

        declare(
            Processing(
                "mails",
                _("E-mails and the links they carry"),
                _("Your address, and the secret of a link sent to it."),
                _("To write to you, and to let you prove the address is yours."),
                lambda days: (
                    _(
                        "A link is deleted once used or expired; what an e-mail says is not kept,"
                        " and the job that sent it is deleted %(hours)d hours later."
                    )
                    % {"hours": settings.JOB_RETENTION_HOURS["succeeded"]}
                ),
                rules=("expired_links",),
                order=80,
            )
        )
