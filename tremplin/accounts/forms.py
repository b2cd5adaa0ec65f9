from django import forms
from django.utils.translation import gettext_lazy as _


class CharterForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept the platform's terms of use"),
        error_messages={"required": _("Tick the box to accept the charter.")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
