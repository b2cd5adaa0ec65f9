"""The university's referential (composantes, VETs) and its graduates registry."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tremplin.lib.text import first_name_keys, last_name_keys, name_key


class Composante(models.Model):
    """A faculty, school or institute of the university (UFR, IUT, internal school)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["label"]
        verbose_name = _("composante")
        verbose_name_plural = _("composantes")

    def __str__(self) -> str:
        return self.label


class Vet(models.Model):
    """A "version d'étape": the programme year a diploma is awarded for (e.g. L3INF-1)."""

    class Level(models.TextChoices):
        # The French national framework of certification levels (RNCP).
        BAC_2 = "5", _("Bac+2 (DUT, BTS, DEUST)")
        BAC_3 = "6", _("Bac+3 (licence, BUT, licence professionnelle)")
        BAC_5 = "7", _("Bac+5 (master, engineering degree)")
        BAC_8 = "8", _("Bac+8 (doctorate)")

    code = models.CharField(_("code"), max_length=16)
    version = models.CharField(_("version"), max_length=8, default="1")
    label = models.CharField(_("label"), max_length=255)
    diploma_level = models.CharField(
        _("diploma level"), max_length=2, choices=Level.choices, blank=True
    )
    composante = models.ForeignKey(
        Composante, models.PROTECT, related_name="vets", verbose_name=_("composante")
    )

    class Meta:
        ordering = ["code", "version"]
        verbose_name = _("VET")
        verbose_name_plural = _("VETs")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="vet_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.code}-{self.version})"


class RegistryEntry(models.Model):
    """One diploma obtained by one person, as exported from the student information system.

    The `*_key` columns hold the names as `tremplin.lib.text` compares them; they are
    written with the names (see `set_names`) and indexed with the date of birth.
    """

    student_number = models.CharField(_("student number"), max_length=32)
    birth_name = models.CharField(_("birth name"), max_length=150)
    usage_name = models.CharField(_("usage name"), max_length=150, blank=True)
    first_names = models.CharField(_("first names"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    vet = models.ForeignKey(Vet, models.PROTECT, related_name="registry_entries")
    year_obtained = models.PositiveSmallIntegerField(_("year obtained"))
    institutional_email = models.EmailField(_("institutional e-mail"), blank=True)
    personal_email = models.EmailField(_("personal e-mail"), blank=True)

    birth_name_key = models.CharField(max_length=150, editable=False)
    usage_name_key = models.CharField(max_length=150, blank=True, editable=False)
    first_name_keys = ArrayField(models.CharField(max_length=150), editable=False)
    # Every key of the birth and usage names, with and without their particles
    # (`tremplin.lib.text.last_name_keys`): what `find_graduates` compares.
    name_keys = ArrayField(models.CharField(max_length=150), default=list, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        constraints = [
            models.UniqueConstraint(
                fields=["student_number", "vet", "year_obtained"],
                name="registry_student_vet_year_unique",
            )
        ]
        indexes = [
            # The lookup starts from the exact date of birth: a few dozen rows even in a
            # registry of a million, whose names are then compared.
            models.Index(fields=["birth_date"], name="registry_birth_date_idx"),
            models.Index(
                Lower("institutional_email"),
                name="registry_inst_email_idx",
                condition=~models.Q(institutional_email=""),
            ),
            models.Index(fields=["student_number"], name="registry_student_number_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.birth_name} {self.first_names} — {self.vet.code} {self.year_obtained}"

    def set_names(self, *, birth_name: str, usage_name: str, first_names: str) -> None:
        self.birth_name, self.usage_name, self.first_names = birth_name, usage_name, first_names
        self.birth_name_key = name_key(birth_name)
        self.usage_name_key = name_key(usage_name)
        self.first_name_keys = first_name_keys(first_names)
        self.name_keys = registry_name_keys(birth_name, usage_name)


def registry_name_keys(birth_name: str, usage_name: str) -> list[str]:
    """The keys under which a registry row's last names are found."""
    keys = list(last_name_keys(birth_name))
    return keys + [k for k in last_name_keys(usage_name) if k not in keys]


def registry_upload_path(instance: RegistryImport, filename: str) -> str:
    return f"registry-imports/{instance.uploaded_at:%Y%m%d-%H%M%S}-{filename}"


class RegistryImport(models.Model):
    """A registry file uploaded in the back office and imported by a worker job.

    The file holds personal data: it is deleted as soon as the import has run.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        CHECKING = "checking", _("Checking the rows")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Not imported: the file has errors")
        FAILED = "failed", _("Failed")

    file = models.FileField(upload_to=registry_upload_path, blank=True)
    original_name = models.CharField(max_length=255)
    skip_invalid = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the current phase
    total_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    graduated = models.PositiveIntegerField(default=0)  # students who became graduates
    errors = models.JSONField(default=list, blank=True)  # [[line, reason], …], the first 1,000
    columns = models.CharField(max_length=1000, blank=True)  # a --columns mapping, if any
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.IMPORTING}
