from __future__ import annotations

import logging
from datetime import UTC, datetime

from procrastinate.contrib.django import app

from tremplin.accounts import services
from tremplin.lib.retention import purge

logger = logging.getLogger(__name__)


@app.periodic(cron="17 3 * * *")  # every night
@app.task(name="purge_personal_data", queue="maintenance", queueing_lock="purge_personal_data")
def purge_personal_data(timestamp: int) -> None:
    logger.info("personal data purged: %s", purge())


@app.periodic(cron="47 2 * * *")  # every night, before the purge
@app.task(name="lapse_departed_staff", queue="maintenance", queueing_lock="lapse_departed_staff")
def lapse_departed_staff(timestamp: int) -> None:
    lapses = services.lapse_departed_staff(datetime.fromtimestamp(timestamp, tz=UTC))
    logger.info("staff roles lapsed: %d people", len(lapses))
