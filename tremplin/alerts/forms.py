"""The search profile, a saved search and an alert's frequency: what people type, checked."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.alerts.models import SavedSearch
from tremplin.offers.forms import LANGUAGES, DateInput
from tremplin.offers.models import Offer
from tremplin.profiles.models import AlertFrequency, SearchProfile

DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|9[78]\d)$")


def _checkboxes(label, choices, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class _ListField(forms.CharField):
    """A list typed with commas ("63, 03")."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        if len(text) > 2000:
            raise ValidationError(_("Too long: 20 values at most."))
        return [part.strip() for part in text.split(",") if part.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value) -> None:
        pass


class DepartementsField(_ListField):
    def clean(self, value) -> list[str]:
        codes = [code.upper() for code in super().clean(value)]
        wrong = [code for code in codes if not DEPARTEMENT.match(code)]
        if wrong:
            raise ValidationError(
                _("Not a département number: %(codes)s."), params={"codes": ", ".join(wrong)}
            )
        return list(dict.fromkeys(codes))[:20]


class CitiesField(_ListField):
    def clean(self, value) -> list[str]:
        cities = super().clean(value)
        if any(len(city) > 120 for city in cities):
            raise ValidationError(_("A city's name has 120 characters at most."))
        return list(dict.fromkeys(cities))[:20]


class SearchProfileForm(forms.Form):
    """What the person looks for, in the offers' own vocabulary (exact matching)."""

    kinds = _checkboxes(_("Offer types"), Offer.Kind.choices)
    domains = _checkboxes(_("Domains"), Offer.Domain.choices)
    departements = DepartementsField(
        label=_("Départements"),
        required=False,
        help_text=_("Numbers separated by commas, for example: 63, 03, 75."),
    )
    cities = CitiesField(
        label=_("Cities"),
        required=False,
        help_text=_("Separated by commas, for example: Clermont-Ferrand, Lyon."),
    )
    abroad = forms.BooleanField(label=_("Abroad too"), required=False)
    remote = _checkboxes(_("Remote work"), Offer.Remote.choices)
    start_from = forms.DateField(label=_("Starting from"), required=False, widget=DateInput())
    start_until = forms.DateField(
        label=_("Starting at the latest"), required=False, widget=DateInput()
    )
    max_duration_months = forms.IntegerField(
        label=_("Duration at most (months)"), required=False, min_value=1, max_value=60
    )
    level = forms.ChoiceField(
        label=_("My education level"),
        required=False,
        choices=[("", _("Not given")), *[c for c in Offer.Level.choices if c[0] != "any"]],
        help_text=_("Offers asking for this level or a lower one."),
    )
    languages = _checkboxes(
        _("Languages I work in"),
        LANGUAGES,
        help_text=_("Offers that ask for other languages are left out."),
    )
    pitch = forms.CharField(
        label=_("In a few words"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you are looking for, in your words (300 characters at most)."),
    )
    alert_frequency = forms.ChoiceField(
        label=_("E-mail me the new offers that match"),
        choices=AlertFrequency.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    fieldsets = (
        (_("What"), ("kinds", "domains", "level", "languages")),
        (_("Where"), ("departements", "cities", "abroad", "remote")),
        (_("When"), ("start_from", "start_until", "max_duration_months")),
        (_("About me"), ("pitch",)),
        (_("Alert"), ("alert_frequency",)),
    )

    @classmethod
    def for_profile(cls, profile: SearchProfile | None, data=None) -> SearchProfileForm:
        initial = {"alert_frequency": AlertFrequency.DAILY}
        if profile is not None:
            initial = {name: getattr(profile, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def clean(self) -> dict:
        data = super().clean()
        start, until = data.get("start_from"), data.get("start_until")
        if start and until and until < start:
            self.add_error("start_until", _("The latest start comes before the earliest."))
        return data

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Alert"), choices=AlertFrequency.choices, required=False)


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of this search"), max_length=80)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=_("Alert"),
        choices=AlertFrequency.choices,
        required=False,
        initial=AlertFrequency.DAILY,
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


MAX_SAVED_SEARCHES = 20


def may_save_another(user, name: str) -> bool:
    """At most MAX_SAVED_SEARCHES saved searches (saving one again under its name is fine)."""
    searches = SavedSearch.objects.filter(user=user)
    return searches.filter(name=name).exists() or searches.count() < MAX_SAVED_SEARCHES
