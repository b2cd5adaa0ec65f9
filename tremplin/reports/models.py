"""Named export models: the columns a staff member chose for one kind of export, kept to
run again. What each kind may hold is declared in `tremplin.reports.exports`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    PEOPLE = "people", _("Students and graduates")
    GRADUATES = "graduates", _("Graduates and their diplomas (registry)")
    OFFERS = "offers", _("Offers")
    APPLICATIONS = "applications", _("Applications")
    # Events (registrants) come with the events app: add a kind here and its columns in
    # exports.EXPORTS.


class ExportModel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="export_models"
    )
    kind = models.CharField(_("export"), max_length=16, choices=ExportKind.choices)
    name = models.CharField(_("name"), max_length=100)
    columns = ArrayField(models.CharField(max_length=32), verbose_name=_("columns"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("export model")
        verbose_name_plural = _("export models")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "name"], name="export_model_owner_kind_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ExportFile(models.Model):
    """An XLSX export too long to be written within a request, written by a worker job
    (`tasks.write_export_file`) for its owner to download; deleted with its file after
    EXPORT_FILE_HOURS (`retention.py`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        WRITING = "writing", _("Writing the file")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(_("export"), max_length=16, choices=ExportKind.choices)
    columns = ArrayField(models.CharField(max_length=32))
    filters = models.JSONField(default=dict)  # Filters.as_ids()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export file")
        verbose_name_plural = _("export files")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.WRITING}

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def progress(self) -> int:
        return min(100, self.written_rows * 100 // self.total_rows) if self.total_rows else 0
