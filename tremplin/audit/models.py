from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "account.signed_in": _("Signed in"),
    "account.sign_in_failed": _("Failed sign-in (wrong password)"),
    "application.cv_downloaded": _("Downloaded the CV of an application"),
    "document.accepted": _("Accepted a legal text"),
    "graduate.proof_downloaded": _("Downloaded the proof of a graduate registration"),
    "legal.published": _("Published a legal text"),
    "offer.created": _("Created an offer"),
    "offer.submitted": _("Submitted an offer for moderation"),
    "offer.part_approved": _("Approved the part of an offer their scope covers"),
    "offer.published": _("Published an offer"),
    "offer.rejected": _("Rejected an offer"),
    "offer.back_to_moderation": _("Changed a published offer, which went back to moderation"),
    "offer.filled": _("Marked an offer as filled"),
    "offer.archived": _("Archived an offer"),
    "offer.expired": _("Offer expired"),
    "organisation.trusted": _("Marked an organisation as trusted"),
    "organisation.untrusted": _("Withdrew an organisation's trusted status"),
    "person.viewed": _("Looked at the page of a student or graduate"),
    "recruiter.registered": _("Registered as a recruiter"),
    "recruiter.email_confirmed": _("Confirmed the e-mail address of a recruiter registration"),
    "recruiter.join_requested": _("Asked to join an organisation that has recruiters"),
    "recruiter.join_confirmed": _("Confirmed that a person joining the organisation works there"),
    "recruiter.join_refused": _("Refused a person joining the organisation"),
    "recruiter.join_unanswered": _("Request to join an organisation left unanswered"),
    "recruiter.accepted": _("Accepted a recruiter"),
    "recruiter.rejected": _("Rejected a recruiter"),
    "registry.import_started": _("Started a registry import"),
    "registry.import_finished": _("Registry import finished"),
    "role.granted": _("Gave a role"),
    "role.revoked": _("Removed a role"),
    "role.lapsed": _("Role lapsed: the person left the directory or stopped signing in"),
}


class AuditEntry(models.Model):
    """One decision or change made by someone: who, what, on what, when, from where."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=255)  # kept when the account is gone
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("on"), max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
