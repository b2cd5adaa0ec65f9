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


class SentMail(models.Model):
    """One message of a mail job's batch the mail server accepted: a batch taken up again
    (its worker was killed, the server failed halfway) skips the recipients it already
    served. Written right after the server's answer; deleted when the batch is done, or
    with its job (`remove_finished_jobs`)."""

    job_id = models.BigIntegerField()
    recipients = models.CharField(max_length=1000)

    class Meta:
        db_table = "tremplin_sent_mail"
        constraints = [
            models.UniqueConstraint(fields=["job_id", "recipients"], name="sent_mail_unique")
        ]

    def __str__(self) -> str:
        return f"job {self.job_id}: {self.recipients}"
