from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.lib.markup import render_markdown


class LegalDocumentQuerySet(models.QuerySet):
    def current(self, kind: str) -> LegalDocument | None:
        return self.filter(kind=kind).order_by("-version").first()


class LegalDocument(models.Model):
    """One published version of a legal text. Versions are never edited, only superseded:
    acceptances of the CGU and the charter point at the version that was accepted."""

    class Kind(models.TextChoices):
        LEGAL_NOTICE = "mentions-legales", _("Legal notice")
        TERMS = "cgu", _("Terms of use")
        CHARTER = "charte", _("Platform charter")
        PRIVACY = "donnees-personnelles", _("Personal data")
        ACCESSIBILITY = "accessibilite", _("Accessibility")

    kind = models.CharField(_("document"), max_length=32, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_fr = models.TextField(_("text (French)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_kind_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_fr

    @property
    def body_html(self) -> str:
        return render_markdown(self.body_en if get_language() == "en" else self.body_fr)
