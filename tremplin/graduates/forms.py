from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.forms import PasswordForm
from tremplin.directory.models import Composante
from tremplin.lib.files import validate_pdf

OTHER = "other"


class RegistrationForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The next step is sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_birth_date(self) -> date:
        born = self.cleaned_data["birth_date"]
        if not date(1900, 1, 1) <= born < date.today():
            raise forms.ValidationError(_("Check the date of birth."))
        return born


class DeclaredDiplomaFields(forms.Form):
    composante = forms.ModelChoiceField(
        label=_("Composante"), queryset=Composante.objects.all(), required=False
    )
    diploma_title = forms.CharField(label=_("Diploma title"), max_length=255, required=False)
    year_obtained = forms.IntegerField(label=_("Year obtained"), min_value=1950, required=False)
    message = forms.CharField(
        label=_("Anything the university should know (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def clean_year_obtained(self):
        year = self.cleaned_data.get("year_obtained")
        if year and year > date.today().year:
            raise forms.ValidationError(_("Check the year."))
        return year

    def require_declared(self, data: dict) -> None:
        for name in ("composante", "diploma_title", "year_obtained"):
            if not data.get(name):
                self.add_error(name, _("This field is required."))


def diploma_label(entry) -> str:
    """A diploma of the registry as its holder knows it: its title with its VET code (the
    code on the diploma and in the university's letters), composante and year."""
    return _("%(label)s (VET code %(code)s) — %(composante)s — %(year)s") % {
        "label": entry.vet.label,
        "code": entry.vet.code,
        "composante": entry.vet.composante.label,
        "year": entry.year_obtained,
    }


class DiplomaChoiceForm(DeclaredDiplomaFields, PasswordForm):
    diploma = forms.ChoiceField(label=_("Your diploma"), widget=forms.RadioSelect)

    field_order = [
        "diploma",
        "composante",
        "diploma_title",
        "year_obtained",
        "message",
        "password1",
        "password2",
    ]

    def __init__(self, *args, entries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries = {str(e.pk): e for e in entries}
        self.fields["diploma"].choices = [(str(e.pk), diploma_label(e)) for e in entries] + [
            (OTHER, _("I cannot find my diploma"))
        ]

    def clean(self):
        data = super().clean()
        if data.get("diploma") == OTHER:
            self.require_declared(data)
        return data

    @property
    def chosen_entry(self):
        return self.entries.get(self.cleaned_data["diploma"])


class AbsentForm(DeclaredDiplomaFields, PasswordForm):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    proof = forms.FileField(
        label=_("Proof (optional)"),
        required=False,
        help_text=_("Your diploma or a certificate of achievement, as a PDF of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    field_order = [
        "last_name",
        "first_name",
        "birth_date",
        "diploma_title",
        "year_obtained",
        "composante",
        "message",
        "proof",
        "password1",
        "password2",
    ]

    def clean_proof(self):
        proof = self.cleaned_data.get("proof")
        return validate_pdf(proof) if proof else None

    def clean(self):
        data = super().clean()
        self.require_declared(data)
        return data
