from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as stdnum_siret

from tremplin.accounts.forms import PasswordForm
from tremplin.accounts.models import User
from tremplin.recruiters.models import Organisation, validate_phone, validate_siret
from tremplin.recruiters.services import OrganisationDetails, PersonDetails

ORGANISATION_FIELDS = [
    "name",
    "siret",
    "address",
    "postcode",
    "city",
    "country",
    "sector",
    "size",
    "website",
]
PERSON_FIELDS = ["first_name", "last_name", "job_title", "phone", "email"]
_FRENCH_POSTCODE = re.compile(r"^[0-9]{5}$")


def _text(label, *, max_length: int, autocomplete: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


class RegistrationForm(PasswordForm):
    """A recruiter's registration: the organisation, the person, the terms of use."""

    name = _text(_("Name of the organisation"), max_length=200, autocomplete="organization")
    siret = forms.CharField(
        label=_("SIRET number"),
        max_length=20,
        help_text=_("14 digits, on the Kbis extract or at annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = _text(_("Address"), max_length=255, autocomplete="street-address")
    postcode = _text(_("Postcode"), max_length=10, autocomplete="postal-code")
    city = _text(_("City"), max_length=100, autocomplete="address-level2")
    country = _text(_("Country"), max_length=100, autocomplete="country-name", initial="France")
    sector = forms.ChoiceField(
        label=_("Sector of activity"), choices=[("", "—"), *Organisation.Sector.choices]
    )
    size = forms.ChoiceField(
        label=_("Number of employees"), choices=[("", "—"), *Organisation.Size.choices]
    )
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    first_name = _text(_("First name"), max_length=150, autocomplete="given-name")
    last_name = _text(_("Last name"), max_length=150, autocomplete="family-name")
    job_title = _text(_("Job title"), max_length=150, autocomplete="organization-title")
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Professional e-mail address"),
        help_text=_("You will sign in with it; a link to confirm it is sent there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    terms = forms.BooleanField(
        label=_("I have read and accept the terms of use"),
        error_messages={"required": _("Tick the box to accept the terms of use.")},
    )

    field_order = [*ORGANISATION_FIELDS, *PERSON_FIELDS, "password1", "password2", "terms"]

    def clean_siret(self) -> str:
        siret = stdnum_siret.compact(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = self.cleaned_data
        country = data.get("country", "").strip()
        postcode = data.get("postcode", "").strip()
        if country.casefold() == "france" and postcode and not _FRENCH_POSTCODE.match(postcode):
            self.add_error("postcode", _("A French postcode has 5 digits."))
        # The password must not look like the person's name or address.
        self.user = User(
            email=data.get("email", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        return super().clean()

    def organisation(self) -> OrganisationDetails:
        return OrganisationDetails(**{f: self.cleaned_data[f] for f in ORGANISATION_FIELDS})

    def person(self) -> PersonDetails:
        return PersonDetails(
            **{f: self.cleaned_data[f] for f in PERSON_FIELDS},
            password=self.cleaned_data["password1"],
        )

    def organisation_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in ORGANISATION_FIELDS]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in [*PERSON_FIELDS, "password1", "password2"]]
