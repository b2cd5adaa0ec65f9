"""The e-mails of the registry's imports (run by the worker when the mail leaves: see
`tremplin.lib.mail`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from tremplin.directory.models import RegistryImport
from tremplin.lib.mail import Message, email


@email
def send_import_finished(registry_import: RegistryImport) -> Message | None:
    """Tell the administrator who uploaded a registry file how its import ended."""
    user = registry_import.uploaded_by
    if user is None or not user.email:
        return None
    with translation.override(user.language):
        status = registry_import.get_status_display()
    return Message(
        "directory/emails/registry_import_finished",
        to=[user.email],
        language=user.language,
        context={
            "item": registry_import,
            "status": status,
            "url": reverse("backoffice:registry_import", args=[registry_import.pk]),
        },
    )
