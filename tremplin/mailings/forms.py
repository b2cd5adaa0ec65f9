from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.mailings.models import MailKind


class ConsentForm(forms.Form):
    """Which kinds of mail the person wants (none ticked: none of them). The first-sign-in
    step may embed it (`prefix` to share a page with another form); the view hands
    `cleaned_data["kinds"]` to `services.set_consents`."""

    kinds = forms.MultipleChoiceField(
        label=_("E-mails I want to receive"),
        choices=MailKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "E-mails about your account, your applications and your offers always reach"
            " you. These only if you tick them; you can change your mind at any time,"
            " from here or from any of these e-mails."
        ),
    )

    @classmethod
    def for_user(cls, user, *args, **kwargs) -> ConsentForm:
        from tremplin.mailings.services import consented_kinds

        return cls(*args, initial={"kinds": sorted(consented_kinds(user))}, **kwargs)
