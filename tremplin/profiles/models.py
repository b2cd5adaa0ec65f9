"""What students and graduates keep on their profile page for recruiters: their CV."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


def cv_path(instance: Resume, filename: str) -> str:
    # Never the uploaded name: a random one, so that a path tells nothing and guesses nothing.
    return f"profiles/cv/{instance.user_id}-{secrets.token_hex(8)}.pdf"


class Resume(models.Model):
    """A student's or a graduate's CV, the one they apply with."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="resume")
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_path, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")

    def __str__(self) -> str:
        return str(self.user)


class AlertFrequency(models.TextChoices):
    """How often an alert (from the search profile or a saved search) may send its offers."""

    NEVER = "", _("No alert")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


def _codes(max_length: int, verbose_name: str) -> ArrayField:
    return ArrayField(
        models.CharField(max_length=max_length),
        default=list,
        blank=True,
        verbose_name=verbose_name,
    )


class SearchProfile(models.Model):
    """What a student or a graduate looks for: the offers their home shows and their alert
    sends. Each list empty means "any". The values are the offers' own codes
    (`offers.Offer.Kind`, `Domain`, `Remote`, `Level`, the offer form's languages), which
    this app cannot import (the offers stand above it): the form that writes them, in
    `tremplin.alerts`, offers exactly those choices, so that matching is an equality.

    One per account, kept when the student graduates (`User.become_graduate` keeps the
    account). The row exists once the person has seen the first-sign-in step, even if
    they skipped it (`asked_at`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="search_profile"
    )
    kinds = _codes(16, _("offer types"))
    domains = _codes(16, _("domains"))
    departements = _codes(3, _("départements"))
    cities = _codes(120, _("cities"))  # as typed; matched in capitals, as the search does
    abroad = models.BooleanField(_("abroad"), default=False)
    remote = _codes(8, _("remote work"))
    start_from = models.DateField(_("starting from"), null=True, blank=True)
    start_until = models.DateField(_("starting at the latest"), null=True, blank=True)
    max_duration_months = models.PositiveSmallIntegerField(
        _("duration at most (months)"), null=True, blank=True
    )
    level = models.CharField(_("education level"), max_length=8, blank=True)
    languages = _codes(8, _("languages"))
    pitch = models.CharField(_("short pitch"), max_length=300, blank=True)
    alert_frequency = models.CharField(
        _("alert"), max_length=8, choices=AlertFrequency.choices, blank=True, default=""
    )
    asked_at = models.DateTimeField(_("step seen on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    # The home shows the offers published since the previous visit: `visited_at` is the
    # current visit, `previous_visit_at` the one before (see `alerts.home.visit`).
    visited_at = models.DateTimeField(null=True, blank=True, editable=False)
    previous_visit_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("search profile")
        verbose_name_plural = _("search profiles")
        indexes = [
            models.Index(
                fields=["alert_frequency"],
                name="searchprofile_alert_idx",
                condition=~models.Q(alert_frequency=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self._meta.verbose_name}"

    @property
    def is_empty(self) -> bool:
        """Nothing chosen: it matches every offer aimed at the person."""
        return not any(
            (
                self.kinds,
                self.domains,
                self.departements,
                self.cities,
                self.abroad,
                self.remote,
                self.start_from,
                self.start_until,
                self.max_duration_months,
                self.level,
                self.languages,
            )
        )
