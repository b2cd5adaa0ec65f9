from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.reports.models import ExportFile
from tremplin.reports.services import write_export_file


@app.task(name="write_export_file", queue="imports")
def write_export_file_job(*, export_file_id: int) -> None:
    export_file = ExportFile.objects.filter(pk=export_file_id).first()
    if export_file is None or export_file.status != ExportFile.Status.QUEUED:
        return  # already written (a retried job must not write twice)
    write_export_file(export_file)
