from django.apps import AppConfig


class LibConfig(AppConfig):
    """The floor every app stands on; an app only for its one table, the rate-limit counts."""

    name = "tremplin.lib"
    label = "lib"
    verbose_name = "Tremplin"
