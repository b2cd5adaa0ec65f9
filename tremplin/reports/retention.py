"""XLSX files written by a worker are kept EXPORT_FILE_HOURS for their owner to download."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from tremplin.lib.retention import Rule, Step
from tremplin.reports.models import ExportFile


def purge_export_files(now: datetime) -> int:
    deleted, _ = ExportFile.objects.filter(
        created_at__lt=now - timedelta(hours=settings.EXPORT_FILE_HOURS)
    ).delete()
    return deleted


RULES = (Rule("export_files", purge_export_files, Step.CONTENT),)
