from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Composante, Vet
from tremplin.events.models import Event
from tremplin.events.services import EventDetails
from tremplin.recruiters.models import Organisation

DESCRIPTION_LIMIT = 20_000


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _when(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DateTimeInput())


class EventForm(forms.ModelForm):
    """What an organiser writes about an event. Checks the input; the service writes it."""

    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text, or Markdown."),
    )
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    registration_opens_at = _when(_("Registration opens"))
    registration_closes_at = _when(_("Registration closes"))
    online_url = forms.URLField(
        label=_("Link to join online"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Shown to registered people only."),
    )
    composantes = forms.ModelMultipleChoiceField(
        label=_("Only for these composantes"),
        queryset=Composante.objects.order_by("label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty, with no VET either, to address everybody in the audience."),
    )
    vets = forms.ModelMultipleChoiceField(
        label=_("Only for these programmes (VET)"),
        queryset=Vet.objects.select_related("composante").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "place",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "audience",
            "composantes",
            "vets",
        ]

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event ends after it starts."))
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at", _("Registration closes after it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Registration closes before the end."))
        if data.get("kind") == Event.Kind.WEBINAR and not data.get("online_url"):
            self.add_error("online_url", _("A webinar needs its link."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give the place, or the link to join online."))
        return data

    def details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            **{
                name: data[name]
                for name in self.Meta.fields
                if name not in ("composantes", "vets")
            },
            composantes=list(data["composantes"]),
            vets=list(data["vets"]),
        )


class StaffEventForm(EventForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations taking part"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class OrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    stand = forms.CharField(label=_("Stand"), max_length=40, required=False)


class StandForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the careers service"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlotsForm(forms.Form):
    first = _when(_("First slot starts"))
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=40, initial=8)
    minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=120, initial=15
    )
    gap = forms.IntegerField(
        label=_("Minutes between slots"), min_value=0, max_value=60, initial=5
    )


class BookForm(forms.Form):
    share_cv = forms.BooleanField(label=_("Share my CV with the recruiter"), required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
    )
