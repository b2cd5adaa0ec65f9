from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Composante, Vet
from tremplin.lib.files import validate_pdf
from tremplin.offers.models import Application, Offer
from tremplin.offers.services import OfferDetails
from tremplin.recruiters.models import Organisation

_FRENCH_POSTCODE = re.compile(r"^[0-9]{5}$")
# Each language in its own name: no translation needed, and people find theirs.
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
]
MAX_WINDOW_DAYS = 365
FORMATTING_HELP = _(
    "Plain text, or Markdown: a blank line between paragraphs, “- ” at the start of a line "
    "for a list, **bold**, ### for a heading. Simple HTML is accepted too; anything else "
    "(scripts, styles, images) is removed."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):
    """What a recruiter writes in an offer. Checks the input; the service writes it."""

    publish_from = forms.DateField(label=_("Published from"), widget=DateInput())
    publish_until = forms.DateField(
        label=_("Published until"),
        help_text=_("The offer leaves the search at the end of this day (one year at most)."),
        widget=DateInput(),
    )
    apply_url = forms.URLField(
        label=_("Address of the application page"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Only when candidates apply on your site."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages required"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    composantes = forms.ModelMultipleChoiceField(
        label=_("Only for these composantes"),
        queryset=Composante.objects.order_by("label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty, with no VET either, to address everybody in the audience."),
    )
    vets = forms.ModelMultipleChoiceField(
        label=_("Only for these programmes (VET)"),
        queryset=Vet.objects.select_related("composante").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "kind",
            "description",
            "candidate_sought",
            "city",
            "postcode",
            "country",
            "remote",
            "start_date",
            "duration_months",
            "pay",
            "level",
            "domain",
            "languages",
            "apply_by",
            "apply_url",
            "apply_email",
            "audience",
            "composantes",
            "vets",
            "public",
        ]
        # publish_from and publish_until are dates in the form, moments in the model.
        labels = {
            "title": _("Title of the offer"),
            "kind": _("Type of offer"),
            "description": _("Description: the organisation, the missions"),
            "candidate_sought": _("Profile sought (optional)"),
            "postcode": _("Postcode"),
            "remote": _("Remote work"),
            "start_date": _("Start date (optional)"),
            "duration_months": _("Duration in months (optional)"),
            "pay": _("Pay or internship stipend (optional)"),
            "level": _("Education level"),
            "domain": _("Domain"),
            "apply_by": _("How to apply"),
            "apply_email": _("E-mail address for applications"),
            "audience": _("For"),
            "public": _("Public offer: visitors who are not signed in may read it"),
        }
        help_texts = {
            "description": FORMATTING_HELP,
            "candidate_sought": FORMATTING_HELP,
            "pay": _("For example: “Gratification légale” or “32–36 k€ gross a year”."),
            "apply_email": _("Only when candidates apply by e-mail."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 12}),
            "candidate_sought": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "remote": forms.RadioSelect,
            "apply_by": forms.RadioSelect,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            today = timezone.localdate()
            self.initial.setdefault("publish_from", today)
            self.initial.setdefault("publish_until", today + timedelta(days=60))
        else:
            self.initial["publish_from"] = timezone.localtime(self.instance.publish_from).date()
            self.initial["publish_until"] = timezone.localtime(self.instance.publish_until).date()
        self.fields["duration_months"].widget.attrs.update({"min": 1, "max": 60})
        for name, limit in Offer.TEXT_LIMITS.items():  # the model's other texts have theirs
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = str(limit)
        self.fields["vets"].label_from_instance = lambda vet: f"{vet.code} — {vet.label}"

    def clean_duration_months(self):
        months = self.cleaned_data["duration_months"]
        if months is not None and not 1 <= months <= 60:
            raise forms.ValidationError(_("Give a duration between 1 and 60 months."))
        return months

    def clean(self):
        data = super().clean()
        postcode = (data.get("postcode") or "").strip()
        in_france = (data.get("country") or "").strip().casefold() == "france"
        if in_france and postcode and not _FRENCH_POSTCODE.match(postcode):
            self.add_error("postcode", _("A French postcode has 5 digits."))
        if data.get("apply_by") == Offer.Apply.URL and not data.get("apply_url"):
            self.add_error("apply_url", _("Give the address of the page where candidates apply."))
        if data.get("apply_by") == Offer.Apply.EMAIL and not data.get("apply_email"):
            self.add_error("apply_email", _("Give the address candidates write to."))
        start, until = data.get("publish_from"), data.get("publish_until")
        if start and until:
            if until < start:
                self.add_error("publish_until", _("The end comes after the start."))
            elif until < timezone.localdate():
                self.add_error("publish_until", _("This date has already passed."))
            elif (until - start).days > MAX_WINDOW_DAYS:
                self.add_error("publish_until", _("An offer is published for a year at most."))
        targeted = (
            data.get("audience") != Offer.Audience.EVERYONE
            or data.get("composantes")
            or data.get("vets")
        )
        if data.get("public") and targeted:
            self.add_error(
                "public",
                _(
                    "Only an offer for all students and graduates, with no composante or VET "
                    "picked, can be public."
                ),
            )
        return data

    FIELDSETS = [
        (_("The offer"), ["title", "kind", "description", "candidate_sought"]),
        (_("Where"), ["city", "postcode", "country", "remote"]),
        (
            _("The position"),
            ["start_date", "duration_months", "pay", "level", "domain", "languages"],
        ),
        (_("Applications"), ["apply_by", "apply_url", "apply_email"]),
        (
            _("Publication and audience"),
            ["publish_from", "publish_until", "audience", "composantes", "vets", "public"],
        ),
    ]

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def details(self) -> OfferDetails:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return OfferDetails(
            **{
                name: data[name]
                for name in OfferForm.Meta.fields
                if name not in ("composantes", "vets")
            },
            publish_from=datetime.combine(data["publish_from"], time.min, zone),
            publish_until=datetime.combine(data["publish_until"], time.max, zone),
            composantes=list(data["composantes"]),
            vets=list(data["vets"]),
        )


class StaffOfferForm(OfferForm):
    """A moderator writes an offer for an organisation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label="—",
    )

    FIELDSETS = [(_("Organisation"), ["organisation"]), *OfferForm.FIELDSETS]


class ApplicationForm(forms.Form):
    """A CV (the profile's or a PDF uploaded now) and a message to the recruiter."""

    PROFILE, UPLOAD = "profile", "upload"

    message = forms.CharField(
        label=_("Message to the recruiter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why this offer, and why you: a few lines are enough."),
        error_messages={"required": _("Write a few words to the recruiter.")},
    )
    cv_source = forms.ChoiceField(
        label=_("CV"),
        widget=forms.RadioSelect,
        initial=PROFILE,
        choices=[(PROFILE, _("The CV of my profile")), (UPLOAD, _("Another PDF, chosen now"))],
    )
    cv = forms.FileField(
        label=_("CV (PDF, 5 MB at most)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, has_profile_cv: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_profile_cv = has_profile_cv
        if not has_profile_cv:
            del self.fields["cv_source"]

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        return validate_pdf(upload) if upload else None

    def clean(self):
        data = super().clean()
        wants_upload = not self.has_profile_cv or data.get("cv_source") == self.UPLOAD
        if wants_upload and not data.get("cv") and "cv" not in self.errors:
            self.add_error("cv", _("Choose the PDF file of your CV."))
        if not wants_upload:
            data["cv"] = None  # the profile's CV
        return data


class ApplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=Application.Status.choices)
