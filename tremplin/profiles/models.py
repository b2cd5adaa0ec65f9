"""What students and graduates keep on their profile page for recruiters: their CV."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def cv_path(instance: Resume, filename: str) -> str:
    # Never the uploaded name: a random one, so that a path tells nothing and guesses nothing.
    return f"profiles/cv/{instance.user_id}-{secrets.token_hex(8)}.pdf"


class Resume(models.Model):
    """A student's or a graduate's CV, the one they apply with."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="resume")
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_path, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")

    def __str__(self) -> str:
        return str(self.user)
