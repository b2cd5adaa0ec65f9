"""Every filter of the offer search, declared once (the design: `tremplin.offers.search`).

A filter's row says how the query string names it, the form field that reads it (and
labels it on the page), the condition it puts on the projection and, for a facet, the
projection's column whose values are counted among the candidates. The form, the criteria,
the SQL, the facet counts and the filters panel are all made from `FILTERS`.

Adding a filter: a row here; if it reads a column the projection does not have yet, that
column (named as the offer's, so that `indexing.reindex` copies it) and its index in
`projection.OfferIndex`, then `manage.py makemigrations`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.offers.forms import DateInput
from tremplin.offers.geo import departement_label
from tremplin.offers.models import Offer


@dataclass(frozen=True)
class Facet:
    """The projection's column whose values are counted among the candidates.

    Without `label`, the page lists every choice of the filter's field as a checkbox with
    its count; with it, a select lists the values found, named by `label`, after `anything`.
    """

    column: str
    label: Callable[[str], str] | None = None
    anything: str = ""


@dataclass(frozen=True)
class Filter:
    """One way to narrow the search."""

    name: str  # in the query string and in `Criteria.filters`
    field: forms.Field  # reads the value (nonsense is dropped) and labels it on the page
    condition: Callable[[Any], Q]  # on `OfferIndex`, given the field's cleaned value
    facet: Facet | None = None


class _CodeField(forms.CharField):
    """A code typed in any case, read in capitals ("2a" is Corse-du-Sud, 2A)."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).upper()


def _checkboxes(label: str, choices: list[tuple[str, str]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


SINCE = [
    ("", _("Any time")),
    ("1", _("Last 24 hours")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
]

# In the order of the page: the checkbox facets, then the other filters.
FILTERS: tuple[Filter, ...] = (
    Filter(
        "type",
        _checkboxes(_("Type"), Offer.Kind.choices),
        lambda kinds: Q(kind__in=kinds),
        Facet("kind"),
    ),
    Filter(
        "remote",
        _checkboxes(_("Remote work"), Offer.Remote.choices),
        lambda remote: Q(remote__in=remote),
        Facet("remote"),
    ),
    Filter(
        "level",
        _checkboxes(_("Education level"), Offer.Level.choices),
        lambda levels: Q(level__in=levels),
        Facet("level"),
    ),
    Filter(
        "domain",
        _checkboxes(_("Domain"), Offer.Domain.choices),
        lambda domains: Q(domain__in=domains),
        Facet("domain"),
    ),
    Filter(
        "departement",
        _CodeField(label=_("Département"), required=False, max_length=3),
        lambda code: Q(departement=code),
        Facet("departement", label=departement_label, anything=_("All départements")),
    ),
    Filter(
        "city",
        forms.CharField(
            label=_("City"),
            required=False,
            max_length=120,
            widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        ),
        lambda city: Q(city__iexact=city),
    ),
    Filter(
        "start_after",
        forms.DateField(label=_("Starting from"), required=False, widget=DateInput()),
        lambda day: Q(start_date__gte=day),
    ),
    Filter(
        "max_duration",
        forms.IntegerField(
            label=_("Duration at most (months)"), required=False, min_value=1, max_value=60
        ),
        lambda months: Q(duration_months__lte=months),
    ),
    Filter(
        "since",
        forms.TypedChoiceField(
            label=_("Published within"),
            choices=SINCE,
            coerce=int,
            empty_value=None,
            required=False,
        ),
        lambda days: Q(published_at__gte=timezone.now() - timedelta(days=days)),
    ),
    # Hidden: the page shows it as a chip, with the organisation's name.
    Filter(
        "organisation",
        forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput),
        lambda organisation: Q(organisation_id=organisation),
    ),
)
FACETS = tuple(f for f in FILTERS if f.facet)
