from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from tremplin.accounts.models import LegalDocument
from tremplin.lib.personal_data import processings
from tremplin.lib.serving import ranged_file_response
from tremplin.pages import tutorials
from tremplin.pages.home import home_of

HELP_AUDIENCES = {
    "etudiant": _("Students"),
    "diplome": _("Graduates"),
    "recruteur": _("Recruiters"),
    "personnel": _("Staff"),
}


def home(request: HttpRequest) -> HttpResponse:
    """The ways in; once signed in, the person's own home."""
    if request.user.is_authenticated:
        personal = home_of(request.user)
        if personal is not None:
            return render(request, personal.template, personal.context)
    return render(request, "pages/home.html")


def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/help_index.html", {"audiences": HELP_AUDIENCES})


def help_page(request: HttpRequest, audience: str) -> HttpResponse:
    if audience not in HELP_AUDIENCES:
        raise Http404
    tutorial = tutorials.load(audience)
    return render(
        request,
        f"pages/help/{audience}.html",
        {
            "audience": audience,
            "audience_label": HELP_AUDIENCES[audience],
            "player": tutorials.player(tutorial, get_language()) if tutorial else None,
        },
    )


def tutorial_file(request: HttpRequest, audience: str, name: str) -> HttpResponseBase:
    """A file of a built tutorial: only the files its manifest names, with byte ranges."""
    tutorial = tutorials.load(audience) if audience in HELP_AUDIENCES else None
    if tutorial is None or name not in tutorial.file_names():
        raise Http404
    path = tutorials.folder(audience) / name
    return ranged_file_response(
        request,
        path,
        content_type=tutorials.CONTENT_TYPES[path.suffix],
        etag=f"{tutorial.version}-{name}",
    )


def legal_document(request: HttpRequest, kind: str) -> HttpResponse:
    document = LegalDocument.objects.current(kind)
    if document is None:
        raise Http404
    context = {"document": document}
    if kind == LegalDocument.Kind.PRIVACY:
        context["processings"] = privacy_processings()
    return render(request, "pages/legal_document.html", context)


def privacy_processings() -> list[dict]:
    """Every processing the code does, with its retention as the settings say it: written
    from the apps' declarations (`tremplin.lib.personal_data`), never by hand, so the page
    cannot drift from what the purge does."""
    days = settings.RETENTION_DAYS
    return [
        {"name": p.name, "data": p.data, "purpose": p.purpose, "retention": p.retention(days)}
        for p in processings()
    ]


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switch (cookie, safe `next`), remembered on the account for its e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(user._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])
    return response
