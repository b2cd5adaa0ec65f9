from __future__ import annotations

from django.db import models


class RateLimitCount(models.Model):
    """Attempts counted for one key (a hashed scope and value) in its current window.

    Written only by `tremplin.lib.ratelimit.Counter`, one atomic statement per change, so
    every web process on every machine counts together without losing an attempt. Rows
    whose window has closed are reset by their next attempt and purged every hour.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.IntegerField()
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "tremplin_rate_limit"

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.window_ends:%Y-%m-%d %H:%M:%S}"
