"""The sign-in form: django-cas-server's, minus its "warn me" box, with autocomplete hints."""

from __future__ import annotations

from typing import Any

from cas_server.forms import UserCredential


class CredentialForm(UserCredential):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "Warn me before logging me into other sites" would put a confirmation page
        # between the ENT and Tremplin on every sign-in; the ENT being imitated has none.
        del self.fields["warn"]
        username = self.fields["username"].widget.attrs
        username.pop("placeholder", None)
        username.update(autocomplete="username", autocapitalize="none", spellcheck="false")
        password = self.fields["password"].widget.attrs
        password.pop("placeholder", None)
        password["autocomplete"] = "current-password"
