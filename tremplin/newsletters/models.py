"""Newsletters of the career service: written in Markdown by an administrator, a career
adviser or a responsable (within their scope), aimed like an offer (`Targeted`: students,
graduates or both, composantes, VETs), scheduled, and sent by the worker in batches to
those who opted into newsletters (`mailings`), one `Delivery` row per recipient."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.moderation.models import Tone
from tremplin.moderation.targeting import Targeted, scope_of


class NewsletterQuerySet(models.QuerySet):
    def in_scope_of(self, user) -> NewsletterQuerySet:
        """What a writer sees: everything for those whose scope is the whole university;
        for a responsable, the newsletters aimed only at parts of their scope (one aimed
        at another composante too, or at the whole university, is not theirs)."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.is_empty:
            return self.none()
        mine = list(scope.composantes)
        composantes = Newsletter.composantes.through.objects.filter(newsletter=OuterRef("pk"))
        vets = Newsletter.vets.through.objects.filter(newsletter=OuterRef("pk"))
        return self.filter(Exists(composantes) | Exists(vets)).exclude(
            Exists(composantes.exclude(composante__in=mine))
            | Exists(vets.exclude(Q(vet__in=list(scope.vets)) | Q(vet__composante__in=mine)))
        )


class Newsletter(Targeted):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    TEXT_LIMITS = {"subject": 200, "subject_en": 200, "body": 20_000, "body_en": 20_000}

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, default="")
    subject_en = models.CharField(_("subject in English (optional)"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English (optional, Markdown)"), blank=True)
    body_en_html = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        indexes = [
            models.Index(
                fields=["send_at"], name="newsletter_due_idx", condition=Q(status="scheduled")
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def status_tone(self) -> str:
        """For `{% status_badge %}`: sent reads as done, anything else as neutral."""
        return Tone.OK if self.status == self.Status.SENT else ""

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def in_language(self, language: str | None = None) -> tuple[str, str, str]:
        """(subject, Markdown, HTML) in `language` (the current one by default): the
        English version when there is one and it is asked for, the French otherwise."""
        if (language or get_language()) == "en" and self.subject_en and self.body_en:
            return self.subject_en, self.body_en, self.body_en_html
        return self.subject, self.body, self.body_html


class Delivery(models.Model):
    """One recipient of a newsletter; `status` says whether it left. The unique pair
    makes a retried batch find the rows it already sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")
        REFUSED = "refused", _("Refused by the mail server")

    class Reason(models.TextChoices):
        NONE = "", "—"
        CONSENT = "consent", _("No longer wants newsletters")
        UNDELIVERABLE = "undeliverable", _("Undeliverable address")
        BUDGET = "budget", _("Weekly budget of e-mails spent")

    newsletter = models.ForeignKey(Newsletter, models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "user"], name="newsletter_delivery_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "status"], name="delivery_user_status_idx")]

    def __str__(self) -> str:
        return f"{self.newsletter_id} → {self.user_id}: {self.status}"
