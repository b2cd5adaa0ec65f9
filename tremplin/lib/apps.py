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
