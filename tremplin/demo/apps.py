from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data, the demo runner and the demo outbox. Installed only when TREMPLIN_DEMO is on."""

    name = "tremplin.demo"
    label = "demo"
    verbose_name = _("Demo")
