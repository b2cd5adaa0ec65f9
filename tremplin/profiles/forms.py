from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.lib.files import validate_pdf


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("CV (PDF, 5 MB at most)"),
        error_messages={"required": _("Choose the PDF file of your CV.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_cv(self):
        return validate_pdf(self.cleaned_data["cv"])
