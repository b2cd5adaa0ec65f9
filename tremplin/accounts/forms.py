from __future__ import annotations

from allauth.account import forms as allauth_forms
from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import password_validation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.services import account_with_email


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


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """allauth's "Mot de passe oublié", for the account the address identifies.

    allauth finds accounts by any address, verified or not, so an address someone added
    to their own account unverified would send its owner a reset link for that account.
    Here only the account that verified the address is found, and only if it may have a
    password: staff sign in through the ENT, and are answered exactly as an unknown
    address is (the same page, no mail: ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off).
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        user = account_with_email(email)
        usable = user is not None and user.is_active and user.may_have_password
        self.users = [user] if usable else []
        return email


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's form to add an address (Mon profil → Manage my e-mail addresses).

    An address another account verified is never added: it would stay unverified anyway,
    and its owner would get confirmation mails for somebody else's account. The page says
    what it says for any address ("confirmation sent"), and its owner gets allauth's
    "an account already uses this address" mail instead: nothing tells the person typing
    it whether the address is known.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        owner = account_with_email(email)
        self.owned_by_another_account = owner is not None and owner.pk != self.user.pk
        return email

    def save(self, request: HttpRequest) -> EmailAddress:
        if not self.owned_by_another_account:
            return super().save(request)
        # An address without a user is allauth's own way of not revealing an account.
        address = EmailAddress(email=self.cleaned_data["email"])
        send_verification_email_to_address(request, address, signup=True)
        return address


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything it holds will be deleted"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )
