from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.moderation.models import REASON_MAX_LENGTH


class RejectForm(forms.Form):
    """A moderator's rejection: its reason, which is sent to the person it concerns."""

    reason = forms.CharField(
        label=_("Reason, sent to the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
    )

    def __init__(self, *args, reason_label: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if reason_label:
            self.fields["reason"].label = reason_label
