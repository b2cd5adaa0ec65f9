from __future__ import annotations

import logging
from datetime import UTC, datetime

from procrastinate.contrib.django import app

from tremplin.moderation.deadlines import remind

logger = logging.getLogger(__name__)


@app.periodic(cron="7 * * * *")  # every hour
@app.task(name="remind_moderators", queue="maintenance", queueing_lock="remind_moderators")
def remind_moderators(timestamp: int) -> None:
    """What waits too long reminds its moderators, then the administrators."""
    logger.info("moderation reminders: %s", remind(datetime.fromtimestamp(timestamp, tz=UTC)))
