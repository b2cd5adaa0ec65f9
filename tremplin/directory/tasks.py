from __future__ import annotations

from procrastinate.contrib.django import app

from tremplin.directory.models import RegistryImport
from tremplin.directory.services import run_import


@app.task(name="run_registry_import", queue="imports")
def run_registry_import(*, import_id: int) -> None:
    registry_import = RegistryImport.objects.filter(pk=import_id).first()
    if registry_import is None or not registry_import.is_running:
        return  # already run (a retried job must not import twice)
    run_import(registry_import)
