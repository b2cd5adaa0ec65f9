from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import LegalDocument, RoleAssignment, User
from tremplin.directory.importer import RegistryFileError, parse_columns
from tremplin.directory.models import Composante, Vet


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file"),
        help_text=_(
            "CSV extraction from the student information system (Apogée columns by default),"
            " semicolon-separated, UTF-8 or Latin-1."
        ),
    )
    columns = forms.CharField(
        label=_("Other column names (optional)"),
        required=False,
        help_text=_(
            "For other systems: field=COLUMN pairs separated by commas, e.g. first_names=PRENOM."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.REGISTRY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(_("This is not a text (CSV) file."))
        return upload

    def clean_columns(self):
        columns = self.cleaned_data["columns"]
        try:
            parse_columns(columns)
        except RegistryFileError as error:
            raise forms.ValidationError(str(error)) from None
        return columns


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = ["title_fr", "title_en", "body_fr", "body_en"]
        widgets = {
            "body_fr": forms.Textarea(attrs={"rows": 16}),
            "body_en": forms.Textarea(attrs={"rows": 16}),
        }


class RoleGrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=User.objects.filter(kind=User.Kind.STAFF).order_by("last_name", "first_name"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=RoleAssignment.Role.choices)
    composante = forms.ModelChoiceField(
        label=_("Composante (for a responsable composante)"),
        queryset=Composante.objects.all(),
        required=False,
    )
    vet = forms.ModelChoiceField(
        label=_("VET (for a responsable VET)"),
        queryset=Vet.objects.select_related("composante"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda user: f"{user} <{user.email}>"


class MergeForm(forms.Form):
    """Two accounts of one person, each named by one of its addresses: the one kept, and
    the one merged into it and deleted."""

    kept = forms.EmailField(
        label=_("Account kept (one of its e-mail addresses)"),
        error_messages={"required": _("Type an address of the account kept.")},
    )
    other = forms.EmailField(
        label=_("Account merged into it, then deleted (one of its e-mail addresses)"),
        error_messages={"required": _("Type an address of the account merged.")},
    )

    def _account(self, name: str) -> User | None:
        address = self.cleaned_data.get(name, "")
        # A verified address names one account; an unverified one or `User.email` may not.
        user = (
            User.objects.filter(
                emailaddress__email__iexact=address, emailaddress__verified=True
            ).first()
            or User.objects.filter(emailaddress__email__iexact=address).first()
            or User.objects.filter(email__iexact=address).first()
        )
        if user is None:
            self.add_error(name, _("No account has this address."))
        elif user.kind not in (User.Kind.STUDENT, User.Kind.GRADUATE):
            self.add_error(name, _("Only accounts of students and graduates are merged."))
        return user

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kept, other = self._account("kept"), self._account("other")
        if kept is not None and kept == other:
            self.add_error("other", _("Both addresses belong to the same account."))
        cleaned["kept_user"], cleaned["other_user"] = kept, other
        return cleaned
