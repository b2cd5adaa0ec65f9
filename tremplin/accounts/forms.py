from django import forms
from django.contrib.auth import password_validation
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


class PasswordForm(forms.Form):
    """Choose a password, typed twice, held to the platform's rules (12+ characters…)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password, again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
