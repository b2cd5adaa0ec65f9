from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Composante, Vet
from tremplin.reports.filters import Filters


class FilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    composante = forms.ModelChoiceField(
        label=_("Composante"),
        queryset=Composante.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    vet = forms.ModelChoiceField(
        label=_("Programme (VET)"),
        queryset=Vet.objects.all(),
        required=False,
        empty_label=_("All"),
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The period ends before it begins."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            composante=data.get("composante"),
            vet=data.get("vet"),
        )


class ExportForm(FilterForm):
    FORMATS = (("csv", "CSV"), ("xlsx", "XLSX (Excel, LibreOffice)"))

    columns = forms.MultipleChoiceField(label=_("Columns"), widget=forms.CheckboxSelectMultiple)
    file_format = forms.ChoiceField(
        label=_("Format"), choices=FORMATS, initial="csv", widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name of the export model"),
        required=False,
        max_length=100,
        help_text=_("To save these columns and run the export again later."),
    )

    def __init__(self, *args, export, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.key, c.label) for c in export.columns]

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "save" and not data.get("name", "").strip():
            self.add_error("name", _("Give the export model a name."))
        return data
