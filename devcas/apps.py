from django.apps import AppConfig


class DevcasConfig(AppConfig):
    """The development ENT's own app: templates, static files, the devcas_setup command."""

    name = "devcas"
    verbose_name = "Development ENT"
