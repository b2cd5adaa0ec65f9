from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.lib.markup import render_markdown


class UserQuerySet(models.QuerySet):
    def in_scope_of(self, viewer) -> UserQuerySet:
        """The students and graduates whose composante or VET the viewer's roles cover."""
        from tremplin.accounts.permissions import CANDIDATE_KINDS, scope_filter

        scope = scope_filter(viewer, composante="composantes", vet="vets")
        people = self.filter(kind__in=CANDIDATE_KINDS)
        return people.filter(pk__in=people.filter(scope).values("pk"))


class TremplinUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class CannotGraduate(Exception):
    """Staff and recruiters' accounts never become graduate accounts."""


class LocalPasswordRefused(PermissionDenied):
    """Staff sign in through the university's directory only: a local password would keep
    them in once their ENT account is closed."""


class User(AbstractUser):
    """Everyone who signs in: students and staff through the ENT, graduates and recruiters
    with an e-mail and a password.

    CAS users are found through their `ExternalIdentity`, never through `username`, so a
    local account can never be entered by a CAS identity that happens to share its name.
    """

    class Kind(models.TextChoices):
        STUDENT = "student", _("Student")
        GRADUATE = "graduate", _("Graduate")
        RECRUITER = "recruiter", _("Recruiter")
        STAFF = "staff", _("Staff")

    kind = models.CharField(_("kind of person"), max_length=16, choices=Kind.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    student_number = models.CharField(_("student number"), max_length=32, blank=True)
    composantes = models.ManyToManyField(
        "directory.Composante",
        blank=True,
        related_name="members",
        verbose_name=_("composante groups"),
    )
    vets = models.ManyToManyField(
        "directory.Vet", blank=True, related_name="members", verbose_name=_("VET groups")
    )

    # The last warning that the account, unused for years, is about to be deleted.
    deletion_warning_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The person asked for their account to be deleted ("Mes données"): it is, after
    # RETENTION_DAYS["account_deletion_grace"] days, unless they sign in meanwhile.
    deletion_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TremplinUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            # The figures count registrations by period (tremplin.reports).
            models.Index(fields=["date_joined"], name="user_date_joined_idx"),
            models.Index(
                fields=["student_number"],
                name="user_student_number_idx",
                condition=~models.Q(student_number=""),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username

    def become_graduate(self) -> None:
        """The account becomes a graduate's: a student who graduates keeps the same account,
        with their profile, CV, favourites, applications and groups (seed 004); a new
        account starts as one. The caller saves."""
        if self.kind not in ("", self.Kind.STUDENT, self.Kind.GRADUATE):
            raise CannotGraduate(self.kind)
        self.kind = self.Kind.GRADUATE

    @property
    def may_have_password(self) -> bool:
        """Staff have no local password: whatever the flow, `set_password` refuses."""
        return self.kind != User.Kind.STAFF

    def set_password(self, raw_password: str | None) -> None:
        if raw_password is not None and not self.may_have_password:
            raise LocalPasswordRefused("Staff members sign in through the university's ENT.")
        super().set_password(raw_password)


class RoleAssignment(models.Model):
    """A named right, with its scope: which composante or which VET it covers."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        COMPOSANTE_MANAGER = "composante_manager", _("Responsable composante")
        VET_MANAGER = "vet_manager", _("Responsable VET")
        CAREER_ADVISER = "career_adviser", _("Career adviser")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    composante = models.ForeignKey(
        "directory.Composante",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("composante"),
    )
    vet = models.ForeignKey(
        "directory.Vet",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("VET"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "composante__label", "vet__code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "composante", "vet"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    models.Q(role__in=["admin", "career_adviser"], composante=None, vet=None)
                    | models.Q(role="composante_manager", composante__isnull=False, vet=None)
                    | models.Q(role="vet_manager", composante=None, vet__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.composante or self.vet
        return f"{self.get_role_display()} — {scope}" if scope else self.get_role_display()


class ExternalIdentity(models.Model):
    """An identity asserted by an identity provider (the ENT's CAS, an LDAP directory).

    Sign-in through a provider finds the user here by (provider, uid), never by username.
    """

    class Provider(models.TextChoices):
        CAS = "cas", _("ENT (CAS)")
        LDAP = "ldap", _("LDAP directory")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="identities")
    provider = models.CharField(max_length=16, choices=Provider.choices)
    uid = models.CharField(max_length=150)
    last_attributes = models.JSONField(default=dict, blank=True)  # the mapped values only
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "uid"], name="identity_provider_uid_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.uid}"


class LegalDocumentQuerySet(models.QuerySet):
    def current(self, kind: str) -> LegalDocument | None:
        return self.filter(kind=kind).order_by("-version").first()


class LegalDocument(models.Model):
    """One published version of a legal text. Versions are never edited, only superseded:
    acceptances of the CGU and the charter point at the version that was accepted."""

    class Kind(models.TextChoices):
        LEGAL_NOTICE = "mentions-legales", _("Legal notice")
        TERMS = "cgu", _("Terms of use")
        CHARTER = "charte", _("Platform charter")
        PRIVACY = "donnees-personnelles", _("Personal data")
        ACCESSIBILITY = "accessibilite", _("Accessibility")

    kind = models.CharField(_("document"), max_length=32, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_fr = models.TextField(_("text (French)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    published_at = models.DateTimeField(_("published on"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_kind_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_fr

    @property
    def body_html(self) -> str:
        return render_markdown(self.body_en if get_language() == "en" else self.body_fr)


class Acceptance(models.Model):
    """Someone accepted one version of a legal document (the charter, the CGU)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="acceptances")
    document = models.ForeignKey(LegalDocument, models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepted on"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="acceptance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.document}"


class UserSession(AbstractBaseSession):
    """A session as Django stores it, with the account signed in to it (none for a
    visitor's): every session of a person is found by an index, never by decoding the
    table's, and ended at once (`tremplin.accounts.sessions.end_sessions`). The engine
    that writes it is `tremplin.accounts.sessions` (SESSION_ENGINE).

    No constraint in PostgreSQL: a session saved while its account is deleted must not
    fail the request (Django's `create` would retry for ever); Django still deletes the
    sessions of a deleted account (CASCADE), and a session whose account is gone is
    anonymous anyway."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from tremplin.accounts.sessions import SessionStore

        return SessionStore
