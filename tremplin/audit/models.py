from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Every action the audit log records, with the label the log shows."""

    ACCOUNT_DELETED = "account.deleted", _("Account deleted at the end of its retention period")
    ACCOUNT_DELETED_ON_REQUEST = (
        "account.deleted_on_request",
        _("Account deleted at its owner's request, after the grace period"),
    )
    ACCOUNT_DELETION_CANCELLED = (
        "account.deletion_cancelled",
        _("Cancelled the deletion of one's account by signing in"),
    )
    ACCOUNT_DELETION_REQUESTED = (
        "account.deletion_requested",
        _("Asked for one's account to be deleted"),
    )
    ACCOUNTS_MERGED = "account.merged", _("Merged two accounts of one person")
    ACCOUNT_SIGN_IN_FAILED = "account.sign_in_failed", _("Failed sign-in (wrong password)")
    ACCOUNT_SIGNED_IN = "account.signed_in", _("Signed in")
    APPLICATION_CV_DOWNLOADED = (
        "application.cv_downloaded",
        _("Downloaded the CV of an application"),
    )
    ALERTS_DIGESTS_SENT = "alerts.digests_sent", _("Alert mails of the day prepared")
    DOCUMENT_ACCEPTED = "document.accepted", _("Accepted a legal text")
    EXPORT_APPLICATIONS = "export.applications", _("Exported applications")
    EXPORT_GRADUATES = "export.graduates", _("Exported graduates and their diplomas")
    EXPORT_MODEL_DELETED = "export.model_deleted", _("Deleted an export model")
    EXPORT_MODEL_SAVED = "export.model_saved", _("Saved an export model")
    EXPORT_OFFERS = "export.offers", _("Exported offers")
    EXPORT_PEOPLE = "export.people", _("Exported students and graduates")
    EVENT_CREATED = "event.created", _("Created an event")
    EVENT_PROPOSED = "event.proposed", _("Proposed an event")
    EVENT_PART_APPROVED = (
        "event.part_approved",
        _("Approved the part of an event their scope covers"),
    )
    EVENT_PUBLISHED = "event.published", _("Published an event")
    EVENT_REJECTED = "event.rejected", _("Rejected an event")
    EVENT_ORGANISATION_ADDED = "event.organisation_added", _("Added an organisation to an event")
    EVENT_STAND_REQUESTED = "event.stand_requested", _("Asked for a stand at an event")
    EVENT_STAND_ACCEPTED = "event.stand_accepted", _("Accepted a stand request")
    EVENT_STAND_REJECTED = "event.stand_rejected", _("Rejected a stand request")
    EVENT_REGISTERED = "event.registered", _("Registered for an event")
    EVENT_WAITING = "event.waiting", _("Joined an event's waiting list")
    EVENT_REGISTRATION_CANCELLED = (
        "event.registration_cancelled",
        _("Cancelled a registration for an event"),
    )
    EVENT_PROMOTED = "event.promoted", _("Moved from the waiting list to a seat")
    EVENT_CHECKED_IN = "event.checked_in", _("Checked a person in at an event")
    EVENT_SLOTS_OPENED = "event.slots_opened", _("Opened job dating slots")
    EVENT_SLOT_BOOKED = "event.slot_booked", _("Booked a job dating slot")
    EVENT_BOOKING_CANCELLED = "event.booking_cancelled", _("Cancelled a job dating booking")
    EVENT_FEED_CREATED = "event.feed_created", _("Made a personal calendar address")
    EVENT_FEED_REVOKED = "event.feed_revoked", _("Stopped their personal calendar address")
    EVENT_EXPORTED = "event.exported", _("Exported the registrants of an event")
    EVENT_CV_DOWNLOADED = (
        "event.cv_downloaded",
        _("Downloaded the CV a candidate shared for a job dating"),
    )
    GRADUATE_CLAIMED = "graduate.claimed", _("Asked to register as a graduate")
    GRADUATE_PROOF_DOWNLOADED = (
        "graduate.proof_downloaded",
        _("Downloaded the proof of a graduate registration"),
    )
    GRADUATE_REJECTED = "graduate.rejected", _("Graduate registration rejected")
    GRADUATE_VALIDATED = "graduate.validated", _("Graduate registration validated")
    LEGAL_PUBLISHED = "legal.published", _("Published a legal text")
    MAIL_CONSENTS_CHANGED = "mailings.consents_changed", _("Changed which e-mails they receive")
    MAIL_UNSUBSCRIBED = "mailings.unsubscribed", _("Unsubscribed from a kind of e-mail")
    NEWSLETTER_CHANGED = "newsletter.changed", _("Changed a newsletter")
    NEWSLETTER_CREATED = "newsletter.created", _("Wrote a newsletter")
    NEWSLETTER_SCHEDULED = "newsletter.scheduled", _("Scheduled a newsletter")
    NEWSLETTER_STARTED = "newsletter.started", _("Newsletter started leaving")
    NEWSLETTER_UNSCHEDULED = (
        "newsletter.unscheduled",
        _("Put a scheduled newsletter back to draft"),
    )
    OFFER_ARCHIVED = "offer.archived", _("Archived an offer")
    OFFER_BACK_TO_MODERATION = (
        "offer.back_to_moderation",
        _("Changed a published offer, which went back to moderation"),
    )
    OFFER_CREATED = "offer.created", _("Created an offer")
    OFFER_EXPIRED = "offer.expired", _("Offer expired")
    OFFER_FILLED = "offer.filled", _("Marked an offer as filled")
    OFFER_PART_APPROVED = (
        "offer.part_approved",
        _("Approved the part of an offer their scope covers"),
    )
    OFFER_PUBLISHED = "offer.published", _("Published an offer")
    OFFER_REJECTED = "offer.rejected", _("Rejected an offer")
    OFFER_SUBMITTED = "offer.submitted", _("Submitted an offer for moderation")
    ORGANISATION_TRUSTED = "organisation.trusted", _("Marked an organisation as trusted")
    ORGANISATION_UNTRUSTED = (
        "organisation.untrusted",
        _("Withdrew an organisation's trusted status"),
    )
    PERSONAL_DATA_DOWNLOADED = (
        "person.data_downloaded",
        _("Downloaded everything the platform holds about oneself"),
    )
    PERSON_VIEWED = "person.viewed", _("Looked at the page of a student or graduate")
    RECRUITER_ACCEPTED = "recruiter.accepted", _("Accepted a recruiter")
    RECRUITER_EMAIL_CONFIRMED = (
        "recruiter.email_confirmed",
        _("Confirmed the e-mail address of a recruiter registration"),
    )
    RECRUITER_JOIN_CONFIRMED = (
        "recruiter.join_confirmed",
        _("Confirmed that a person joining the organisation works there"),
    )
    RECRUITER_JOIN_REFUSED = (
        "recruiter.join_refused",
        _("Refused a person joining the organisation"),
    )
    RECRUITER_JOIN_REQUESTED = (
        "recruiter.join_requested",
        _("Asked to join an organisation that has recruiters"),
    )
    RECRUITER_JOIN_UNANSWERED = (
        "recruiter.join_unanswered",
        _("Request to join an organisation left unanswered"),
    )
    RECRUITER_REGISTERED = "recruiter.registered", _("Registered as a recruiter")
    RECRUITER_REJECTED = "recruiter.rejected", _("Rejected a recruiter")
    REGISTRY_IMPORT_FINISHED = "registry.import_finished", _("Registry import finished")
    REGISTRY_IMPORT_STARTED = "registry.import_started", _("Started a registry import")
    ROLE_GRANTED = "role.granted", _("Gave a role")
    ROLE_LAPSED = (
        "role.lapsed",
        _("Role lapsed: the person left the directory or stopped signing in"),
    )
    ROLE_REVOKED = "role.revoked", _("Removed a role")
    SAVED_SEARCH_ALERT = "saved_search.alert", _("Changed the alert of a saved search")
    SAVED_SEARCH_DELETED = "saved_search.deleted", _("Deleted a saved search")
    SAVED_SEARCH_SAVED = "saved_search.saved", _("Saved a search")
    SEARCH_PROFILE_ALERT = "search_profile.alert", _("Changed the alert of their search profile")
    SEARCH_PROFILE_SAVED = "search_profile.saved", _("Saved their search profile")
    SEARCH_PROFILE_SKIPPED = "search_profile.skipped", _("Skipped the search profile step")
    STUDENT_GRADUATED = "student.graduated", _("Student became a graduate (registry)")


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
    # Not `choices=Action.choices`: a new action is no migration; `record()` takes only members.
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
        return Action(self.action).label if self.action in Action.values else self.action
