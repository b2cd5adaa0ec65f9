from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.accounts.merge import MergeRefused, merge_accounts
from tremplin.accounts.merge import preview as merge_preview
from tremplin.accounts.models import Acceptance, LegalDocument, RoleAssignment, User
from tremplin.accounts.permissions import (
    Permission,
    may,
    right_required,
    roles_of,
    staff_required,
)
from tremplin.accounts.services import RoleError, grant_role, publish_legal_document, revoke_role
from tremplin.audit.models import Action, AuditEntry
from tremplin.audit.services import record
from tremplin.backoffice.forms import (
    LegalDocumentForm,
    MergeForm,
    RegistryUploadForm,
    RoleGrantForm,
)
from tremplin.directory.models import RegistryImport
from tremplin.directory.services import start_registry_import
from tremplin.events.views import EventModeration, StandModeration
from tremplin.graduates.views import ClaimModeration
from tremplin.lib.periodic import periodic_jobs as periodic_jobs_overview
from tremplin.lib.urls import client_ip
from tremplin.offers.views import OfferModeration
from tremplin.recruiters.views import RecruiterModeration

PAGE_SIZE = 50


# The queues, then the back office's other pages, each behind its right.
_QUEUES = (
    ClaimModeration(),
    RecruiterModeration(),
    OfferModeration(),
    EventModeration(),
    StandModeration(),
)
_PAGES = [
    (
        Permission.EVENTS_MANAGE,
        "events:staff_events",
        gettext_lazy("Recruitment events"),
        gettext_lazy("Forums, job datings, presentations: create them, check people in."),
    ),
    (
        Permission.PEOPLE_VIEW,
        "backoffice:people",
        gettext_lazy("Students and graduates"),
        gettext_lazy("The students and graduates of your composantes and VETs."),
    ),
    (
        Permission.ROLES_MANAGE,
        "backoffice:roles",
        gettext_lazy("Roles"),
        gettext_lazy("Who administers, validates and moderates, and over which scope."),
    ),
    (
        Permission.REGISTRY_IMPORT,
        "backoffice:registry_imports",
        gettext_lazy("Graduates registry"),
        gettext_lazy("Import the extraction of the student information system."),
    ),
    (
        Permission.LEGAL_EDIT,
        "backoffice:legal_documents",
        gettext_lazy("Legal texts"),
        gettext_lazy("Legal notice, terms of use, charter, personal data, accessibility."),
    ),
    (
        Permission.NEWSLETTERS_SEND,
        "newsletters:list",
        gettext_lazy("Newsletters"),
        gettext_lazy("Write to students and graduates who chose to receive them."),
    ),
    (
        Permission.STATS_VIEW,
        "reports:statistics",
        gettext_lazy("Figures"),
        gettext_lazy(
            "Registrations, graduates, offers, applications and events, within your scope."
        ),
    ),
    (
        Permission.DATA_EXPORT,
        "reports:exports",
        gettext_lazy("Exports"),
        gettext_lazy("CSV and XLSX files with the columns you choose."),
    ),
    (
        Permission.JOBS_VIEW,
        "backoffice:periodic_jobs",
        gettext_lazy("Periodic jobs"),
        gettext_lazy("When each job last ran and how it ended, when it runs next, failures."),
    ),
    (
        Permission.ACCOUNTS_MERGE,
        "backoffice:merge",
        gettext_lazy("Merge two accounts"),
        gettext_lazy("Two accounts of one person become one: a student's and a graduate's."),
    ),
    (
        Permission.AUDIT_VIEW,
        "backoffice:audit_log",
        gettext_lazy("Audit log"),
        gettext_lazy("Every validation, rejection and change of role."),
    ),
]


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    entries = (pages.dashboard_entry(request.user) for pages in _QUEUES)
    sections = [entry for entry in entries if entry]
    for right, url_name, title, description in _PAGES:
        if may(request.user, right):
            sections.append({"url": reverse(url_name), "title": title, "description": description})
    return render(
        request,
        "backoffice/dashboard.html",
        {"roles": roles_of(request.user), "sections": sections},
    )


@right_required(Permission.REGISTRY_IMPORT)
def registry_imports(request: HttpRequest) -> HttpResponse:
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        registry_import = start_registry_import(
            form.cleaned_data["file"],
            acting_user=request.user,
            skip_invalid=form.cleaned_data["skip_invalid"],
            columns=form.cleaned_data["columns"],
            ip_address=client_ip(request),
        )
        return redirect("backoffice:registry_import", pk=registry_import.pk)
    page = Paginator(RegistryImport.objects.select_related("uploaded_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "backoffice/registry_imports.html", {"form": form, "page": page})


@right_required(Permission.REGISTRY_IMPORT)
def registry_import(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RegistryImport, pk=pk)
    template = (
        "backoffice/registry_import_status.html"
        if request.htmx
        else "backoffice/registry_import.html"
    )
    return render(request, template, {"item": item})


@right_required(Permission.LEGAL_EDIT)
def legal_documents(request: HttpRequest) -> HttpResponse:
    current = {
        kind: LegalDocument.objects.filter(kind=kind)
        .annotate(accepted=Count("acceptances"))
        .order_by("-version")
        .first()
        for kind in LegalDocument.Kind.values
    }
    return render(request, "backoffice/legal_documents.html", {"documents": current})


@right_required(Permission.LEGAL_EDIT)
def legal_document_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalDocument.Kind.values:
        return redirect("backoffice:legal_documents")
    current = LegalDocument.objects.current(kind)
    form = LegalDocumentForm(request.POST or None, instance=None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        document = publish_legal_document(
            kind, acting_user=request.user, ip_address=client_ip(request), **form.cleaned_data
        )
        messages.success(
            request,
            _("Version %(version)d of “%(title)s” is published.")
            % {"version": document.version, "title": document.title},
        )
        return redirect("backoffice:legal_documents")
    return render(
        request,
        "backoffice/legal_document_edit.html",
        {"form": form, "current": current, "kind_label": LegalDocument.Kind(kind).label},
    )


def _initial(document: LegalDocument | None) -> dict:
    if document is None:
        return {}
    return {f: getattr(document, f) for f in ("title_fr", "title_en", "body_fr", "body_en")}


@right_required(Permission.LEGAL_EDIT)
def acceptances(request: HttpRequest, kind: str) -> HttpResponse:
    rows = (
        Acceptance.objects.filter(document__kind=kind)
        .select_related("user", "document")
        .order_by("-accepted_at")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/acceptances.html",
        {
            "page": page,
            "kind_label": LegalDocument.Kind(kind).label
            if kind in LegalDocument.Kind.values
            else kind,
        },
    )


@right_required(Permission.ROLES_MANAGE)
def roles(request: HttpRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = grant_role(
                form.cleaned_data["user"],
                form.cleaned_data["role"],
                composante=form.cleaned_data["composante"],
                vet=form.cleaned_data["vet"],
                acting_user=request.user,
                ip_address=client_ip(request),
            )
        except RoleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.") % {"user": assignment.user, "role": assignment},
            )
            return redirect("backoffice:roles")
    staff = (
        User.objects.filter(roles__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")
        .prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.select_related("composante", "vet"))
        )
    )
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/roles.html", {"form": form, "page": page})


@right_required(Permission.ROLES_MANAGE)
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    try:
        revoke_role(assignment, acting_user=request.user, ip_address=client_ip(request))
    except RoleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The role was removed."))
    return redirect("backoffice:roles")


@right_required(Permission.PEOPLE_VIEW)
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found = User.objects.in_scope_of(request.user).prefetch_related("composantes", "vets")
    if query:
        found = found.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(email__icontains=query)
            | Q(student_number=query)
        )
    page = Paginator(found.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/people.html",
        {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""},
    )


@right_required(Permission.PEOPLE_VIEW)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(User.objects.in_scope_of(request.user), pk=pk)
    record(Action.PERSON_VIEWED, actor=request.user, target=found, ip_address=client_ip(request))
    return render(
        request,
        "backoffice/person.html",
        {"person": found, "composantes": found.composantes.all(), "vets": found.vets.all()},
    )


@right_required(Permission.ACCOUNTS_MERGE)
def merge(request: HttpRequest) -> HttpResponse:
    """Two accounts of one person: choose them, see what moves, then confirm."""
    form = MergeForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        kept, other = form.cleaned_data["kept_user"], form.cleaned_data["other_user"]
        context.update(kept=kept, other=other, lines=merge_preview(kept, other))
    return render(request, "backoffice/merge.html", context)


@right_required(Permission.ACCOUNTS_MERGE)
@require_POST
def merge_confirm(request: HttpRequest) -> HttpResponse:
    try:
        kept_pk, other_pk = int(request.POST["kept"]), int(request.POST["other"])
    except (KeyError, ValueError):
        raise Http404 from None
    try:
        kept = merge_accounts(
            kept_pk, other_pk, acting_user=request.user, ip_address=client_ip(request)
        )
    except MergeRefused:
        messages.error(request, _("These two accounts cannot be merged."))
        return redirect("backoffice:merge")
    messages.success(request, _("The accounts are merged into %(user)s's.") % {"user": kept})
    return redirect("backoffice:merge")


@right_required(Permission.AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/audit_log.html", {"page": page, "action": action})


@right_required(Permission.JOBS_VIEW)
def periodic_jobs(request: HttpRequest) -> HttpResponse:
    failed_days = settings.JOB_RETENTION_HOURS["failed"] // 24
    context = {"jobs": periodic_jobs_overview(), "failed_days": failed_days}
    return render(request, "backoffice/periodic_jobs.html", context)
