"""What each person agreed to receive, and what the platform may still send them.

Mails are transactional (a password link, a decision about one's application: always
sent) or not: alerts, newsletters, event news, which each person opts into, kind by kind
(`Consent`; no row, no mail). Each such mail carries a link to the person's preferences
and a one-click unsubscribe (RFC 8058), signed with `MailingKey.key`, a random value
that says nothing about the person. A weekly budget (`WeeklySpend`) caps how many of them
a person receives, and an address the mail server refuses for good (`RefusedAddress`)
stops receiving them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    """The kinds of mail one opts into. Everything else the platform sends is
    transactional and needs no consent."""

    ALERTS = "alerts", _("Job alerts: new offers matching my search profile")
    NEWSLETTERS = "newsletters", _("Newsletters of the career service")
    EVENT_NEWS = "event_news", _("News of the career service's events")


class Consent(models.Model):
    """`user` agreed to receive mails of `kind` (since `given_at`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="mail_consents"
    )
    kind = models.CharField(_("kind of mail"), max_length=16, choices=MailKind.choices)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent to mails")
        verbose_name_plural = _("consents to mails")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="mail_consent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class MailingKey(models.Model):
    """The random value the links of a person's mails sign: changing it (`rotate_key`)
    breaks every link mailed so far."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="mailing_key"
    )
    key = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"mailing key of {self.user_id}"


class WeeklySpend(models.Model):
    """How many mails that are not transactional `user` received in the week starting on
    `week` (a Monday): all kinds (`total`) and those that are not alerts (`others`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    week = models.DateField()
    total = models.PositiveSmallIntegerField(default=0)
    others = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="mail_weekly_spend_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}: {self.total}"


class RefusedAddress(models.Model):
    """An address (lower case) the mail server refused for good, how often; from
    MAIL_UNDELIVERABLE_AFTER refusals on, it is undeliverable (`undeliverable_since`)."""

    address = models.CharField(max_length=254, unique=True)
    refusals = models.PositiveIntegerField(default=0)
    last_code = models.PositiveSmallIntegerField(default=0)
    last_response = models.CharField(max_length=255, blank=True)
    last_refused_at = models.DateTimeField(default=timezone.now)
    undeliverable_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refused address")
        verbose_name_plural = _("refused addresses")

    def __str__(self) -> str:
        return self.address


class OptInMail(models.Model):
    """A mail of `kind` (one people opt into) that went to `user` at `sent_at`: noted
    when it spends the person's budget (`services.spend`), by the worker's `job`. The
    same job run again (the mail server was down) finds its note and spends nothing
    twice. The career service's figures count these (mails sent by kind)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=MailKind.choices)
    job = models.BigIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "user", "kind"],
                condition=models.Q(job__isnull=False),
                name="opt_in_mail_once_per_job",
            )
        ]
        indexes = [models.Index(fields=["sent_at"], name="opt_in_mail_sent_at")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} at {self.sent_at:%Y-%m-%d %H:%M}"


class Unsubscription(models.Model):
    """`user` stopped receiving `kind` at `at`, `via` one click in a mail, the signed
    preferences page or their account: the career service's figures count these."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=MailKind.choices)
    via = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["at"], name="mail_unsubscription_at")]

    def __str__(self) -> str:
        return f"{self.user_id} left {self.kind} at {self.at:%Y-%m-%d %H:%M}"
