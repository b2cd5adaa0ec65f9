from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from tremplin.lib.retention import purge

logger = logging.getLogger(__name__)


@app.periodic(cron="17 3 * * *")  # every night
@app.task(name="purge_personal_data", queue="maintenance", queueing_lock="purge_personal_data")
def purge_personal_data(timestamp: int) -> None:
    logger.info("personal data purged: %s", purge())
