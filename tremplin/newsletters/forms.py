from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Composante, Vet
from tremplin.moderation.targeting import scope_of
from tremplin.newsletters.models import Newsletter
from tremplin.newsletters.services import Draft

FORMATTING_HELP = _(
    "Markdown: a blank line between paragraphs, “- ” at the start of a line for a list,"
    " **bold**, ## for a heading, [text](https://…) for a link. Scripts, styles and images"
    " are removed."
)


class NewsletterForm(forms.ModelForm):
    """A newsletter's text and audience. The composantes and VETs offered are those of the
    writer's scope; a responsable must choose at least one (the service checks it too)."""

    composantes = forms.ModelMultipleChoiceField(
        label=_("Only for these composantes"),
        queryset=Composante.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vets = forms.ModelMultipleChoiceField(
        label=_("Only for these programmes (VET)"),
        queryset=Vet.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Newsletter
        fields = ["subject", "body", "subject_en", "body_en", "audience", "composantes", "vets"]
        labels = {"audience": _("For")}
        help_texts = {"body": FORMATTING_HELP, "body_en": FORMATTING_HELP}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, writer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope_of(writer)
        composantes = Composante.objects.order_by("label")
        vets = Vet.objects.select_related("composante").order_by("code")
        if not self.scope.everything:
            mine = list(self.scope.composantes)
            composantes = composantes.filter(pk__in=mine)
            vets = vets.filter(pk__in=list(self.scope.vets)) | vets.filter(composante__in=mine)
            self.fields["composantes"].help_text = _("Choose at least one composante or VET.")
        else:
            self.fields["composantes"].help_text = _(
                "Leave empty, with no VET either, to write to the whole university."
            )
        self.fields["composantes"].queryset = composantes
        self.fields["vets"].queryset = vets
        self.fields["vets"].label_from_instance = lambda vet: f"{vet.code} — {vet.label}"
        for name, limit in Newsletter.TEXT_LIMITS.items():
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = str(limit)

    def clean(self):
        data = super().clean()
        if (
            not self.scope.everything
            and not data.get("composantes")
            and not data.get("vets")
            and not self.has_error("composantes")
            and not self.has_error("vets")
        ):
            self.add_error("composantes", _("Choose at least one composante or VET."))
        if bool(data.get("subject_en", "").strip()) != bool(data.get("body_en", "").strip()):
            self.add_error("body_en", _("The English version needs both a subject and a text."))
        return data

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            subject=data["subject"],
            body=data["body"],
            subject_en=data.get("subject_en", ""),
            body_en=data.get("body_en", ""),
            audience=data["audience"],
            composantes=list(data["composantes"]),
            vets=list(data["vets"]),
        )


class ScheduleForm(forms.Form):
    """When it leaves: at a date and time, or now (the button named "now")."""

    send_at = forms.DateTimeField(
        label=_("Send on (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, now: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_send_at(self):
        value = self.cleaned_data.get("send_at")
        if self.now:
            return timezone.now()
        if value is None:
            raise forms.ValidationError(_("Choose when it is sent, or send it now."))
        if value < timezone.now():
            raise forms.ValidationError(_("This moment has passed."))
        return value
