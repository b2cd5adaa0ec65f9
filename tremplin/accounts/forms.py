from django import forms
from django.utils.translation import gettext_lazy as _


class CharterForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept the platform's terms of use"),
        error_messages={"required": _("Tick the box to accept the charter.")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StaffLdapLoginForm(forms.Form):
    username = forms.CharField(
        label=_("ENT username"),
        max_length=150,
        error_messages={"required": _("Type your ENT username.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=1024,
        error_messages={"required": _("Type your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
