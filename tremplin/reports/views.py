"""Figures and exports of the back office. The figures are read-only; an export is a POST
(CSRF-protected, audited, rate-limited) answered by a stream."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.permissions import Permission, right_required
from tremplin.lib.urls import client_ip
from tremplin.reports import services
from tremplin.reports.exports import csv_file, csv_rows, headings, rows, write_xlsx
from tremplin.reports.forms import ExportForm, FilterForm
from tremplin.reports.models import ExportFile, ExportModel
from tremplin.reports.statistics import sections_for


@right_required(Permission.STATS_VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    sections = list(sections_for(request.user, form.filters()))
    return render(request, "reports/statistics.html", {"form": form, "sections": sections})


@right_required(Permission.DATA_EXPORT)
def exports(request: HttpRequest) -> HttpResponse:
    kinds = services.exports_for(request.user)
    saved = ExportModel.objects.filter(owner=request.user, kind__in=[e.kind for e in kinds])
    return render(request, "reports/exports.html", {"kinds": kinds, "saved": saved})


@right_required(Permission.DATA_EXPORT)
def export(request: HttpRequest, kind: str) -> HttpResponse:
    chosen = services.export_for(request.user, kind)
    saved = ExportModel.objects.filter(owner=request.user, kind=chosen.kind)
    model = None
    if request.GET.get("model", "").isdigit():
        model = get_object_or_404(saved, pk=request.GET["model"])
    initial = {
        "columns": model.columns if model else chosen.keys,
        "name": model.name if model else "",
    }
    form = ExportForm(request.POST or None, export=chosen, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            saved_model = services.save_export_model(
                acting_user=request.user,
                kind=chosen.kind,
                name=data["name"].strip(),
                columns=data["columns"],
                ip_address=client_ip(request),
            )
            messages.success(
                request, _("The export model “%(name)s” is saved.") % {"name": saved_model.name}
            )
            return redirect(f"{request.path}?model={saved_model.pk}")
        try:
            prepared = services.prepare_export(
                chosen.kind,
                acting_user=request.user,
                columns=data["columns"],
                filters=form.filters(),
                file_format=data["file_format"],
                ip_address=client_ip(request),
            )
        except services.RateLimited:
            form.add_error(None, _("You have run many exports lately: try again in an hour."))
            status = 429
        else:
            if prepared.export_file is not None:
                return redirect("reports:export_file", pk=prepared.export_file.pk)
            return _download(request, prepared, data["file_format"])
    return render(
        request,
        "reports/export.html",
        {
            "export": chosen,
            "form": form,
            "saved": saved,
            "model": model,
            "xlsx_limit": formats.number_format(
                settings.EXPORT_XLSX_MAX_ROWS, force_grouping=True
            ),
        },
        status=status,
    )


def _download(request: HttpRequest, prepared: services.PreparedExport, file_format: str):
    export = prepared.export
    name = f"tremplin-{export.kind}-{timezone.localdate():%Y%m%d}.{file_format}"
    heading = headings(export, prepared.columns)
    if file_format == "xlsx":
        cells = rows(export, request.user, prepared.filters, prepared.columns)
        # XlsxWriter writes the rows in constant memory to a temporary file, then the file
        # is streamed (and deleted when closed).
        output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_xlsx(heading, cells, output, title=str(export.kind.label))
        output.seek(0)
        return FileResponse(output, as_attachment=True, filename=name)
    response = StreamingHttpResponse(
        csv_file(heading, csv_rows(export, request.user, prepared.filters, prepared.columns)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@right_required(Permission.DATA_EXPORT)
@require_POST
def export_model_delete(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(ExportModel, pk=pk, owner=request.user)
    services.delete_export_model(model, acting_user=request.user, ip_address=client_ip(request))
    messages.success(request, _("The export model is deleted."))
    return redirect("reports:exports")


@right_required(Permission.DATA_EXPORT)
def export_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An XLSX a worker writes: its progress (followed with htmx), then its link."""
    item = get_object_or_404(ExportFile, pk=pk, owner=request.user)
    template = "reports/export_file_status.html" if request.htmx else "reports/export_file.html"
    return render(request, template, {"item": item})


@right_required(Permission.DATA_EXPORT)
def export_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ExportFile, pk=pk, owner=request.user, status=ExportFile.Status.DONE)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.split("/")[-1]
    )
