"""Job alerts: searches saved by name, and what the alerts sent, so that an offer is never
sent twice to one person and a person gets at most one alert mail a day (the design:
`tremplin.alerts.matching`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.profiles.models import AlertFrequency


def _codes(max_length: int) -> ArrayField:
    return ArrayField(models.CharField(max_length=max_length), default=list, blank=True)


class SavedSearchQuerySet(models.QuerySet):
    def of(self, user) -> SavedSearchQuerySet:
        """A person's own saved searches, and nobody else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class SavedSearch(models.Model):
    """A search of the offers saved by name from the search page, with its alert.

    `query` is the search's query string, as the page had it (opening the saved search
    opens that page again). The other columns are its filters as the search's filter table
    reads them (`tremplin.offers.search.filters.FILTERS`, through its form), written when it
    is saved, which the alerts' matching reads for everyone at once in SQL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("alert"),
        max_length=8,
        choices=AlertFrequency.choices,
        blank=True,
        default=AlertFrequency.DAILY,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The filters, read from `query` (see `services.filters_of`): one column per filter of
    # the search, empty when not given.
    q = models.CharField(max_length=200, blank=True)
    kinds = _codes(16)
    remotes = _codes(8)
    levels = _codes(8)
    domains = _codes(16)
    departement = models.CharField(max_length=3, blank=True)
    city = models.CharField(max_length=120, blank=True)
    start_after = models.DateField(null=True, blank=True)
    max_duration = models.PositiveSmallIntegerField(null=True, blank=True)
    organisation = models.ForeignKey(
        "recruiters.Organisation", models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_unique")
        ]
        indexes = [
            models.Index(
                fields=["frequency"],
                name="saved_search_alert_idx",
                condition=~models.Q(frequency=""),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        url = reverse("offers:search")
        return f"{url}?{self.query}" if self.query else url


class Digest(models.Model):
    """One alert mail: a person's new offers of one day. At most one a day per person (the
    unique constraint), whatever the number of their alerts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("alert mail")
        verbose_name_plural = _("alert mails")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_one_a_day")]

    def __str__(self) -> str:
        return f"{self.user} — {self.day}"


class SentOffer(models.Model):
    """An offer an alert sent to a person: never again (the unique constraint)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    offer = models.ForeignKey("offers.Offer", models.CASCADE, related_name="+")
    digest = models.ForeignKey(Digest, models.CASCADE, related_name="offers")
    rank = models.PositiveSmallIntegerField()  # its place in the mail, newest first

    class Meta:
        ordering = ["digest", "rank"]
        constraints = [models.UniqueConstraint(fields=["user", "offer"], name="sent_offer_once")]
        indexes = [models.Index(fields=["digest", "rank"], name="sent_offer_digest_idx")]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.user_id}"
