"""Import and export of organisations and activities, for municipal staff.

The import has two steps. The upload reads the file and checks its header; its rows are then
kept in the session (server-side, never in the page), and the preview shows what each would
do and what is wrong. Confirming validates them again and saves all or nothing. Nothing the
browser sends back on confirming is trusted but a token saying which preview it saw.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from organisations.forms.transfer import TransferUploadForm
from organisations.models import Activity, Organisation
from organisations.services.transfer import (
    Action,
    ImportRefused,
    transfer_import,
    transfer_preview,
)
from organisations.transfer import (
    COLUMNS,
    XLSX_TYPE,
    Format,
    Table,
    TransferKind,
    activity_values,
    columns_of,
    organisation_values,
    write_csv,
    write_json,
    write_xlsx,
)
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.private_files import clean_original_name
from volunteer_portal.search import danish

SESSION_KEY = "organisations_transfer"
PERMISSION = "organisations.import_export"


class TransferImportView(ObjectPermissionMixin, FormView):
    """The upload form, the columns each kind of file has, and the exports."""

    permission_required = PERMISSION
    template_name = "organisations/transfer_import.html"
    form_class = TransferUploadForm

    def form_valid(self, form):
        self.request.session[SESSION_KEY] = {
            "kind": form.cleaned_data["kind"],
            "table": form.table.as_data(),
            "file_name": clean_original_name(form.cleaned_data["file"].name),
            "token": secrets.token_urlsafe(16),
        }
        return redirect("organisations:transfer-preview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            column_sets=[(kind.label, COLUMNS[kind]) for kind in TransferKind],
            exports=[
                (kind.label, [(f, _export_url(kind, f)) for f in Format]) for kind in TransferKind
            ],
            **kwargs,
        )


def _export_url(kind, file_format):
    return reverse(
        "organisations:transfer-export", kwargs={"kind": kind, "file_format": file_format}
    )


class TransferPreviewView(ObjectPermissionMixin, TemplateView):
    """The preview of the uploaded file (GET) and the import (POST)."""

    permission_required = PERMISSION
    template_name = "organisations/transfer_preview.html"

    def stored(self):
        """The upload kept in the session, or None (none yet, expired, or unreadable)."""
        data = self.request.session.get(SESSION_KEY)
        try:
            return data["kind"], Table.from_data(data["table"]), data["token"], data["file_name"]
        except (TypeError, KeyError, ValueError):
            return None

    def get(self, request):
        stored = self.stored()
        if stored is None:
            messages.info(request, _("There is nothing to confirm: upload a file first."))
            return redirect("organisations:transfer-import")
        kind, table, token, file_name = stored
        try:
            plan = transfer_preview(kind=kind, table=table)
        except ValidationError:
            request.session.pop(SESSION_KEY, None)
            return redirect("organisations:transfer-import")
        return self.render_to_response(
            self.get_context_data(plan=plan, token=token, file_name=file_name)
        )

    def post(self, request):
        stored = self.stored()
        if stored is None:
            messages.error(
                request, _("The preview has expired and nothing was saved: upload the file again.")
            )
            return redirect("organisations:transfer-import")
        kind, table, token, file_name = stored
        if request.POST.get("token") != token:
            messages.warning(
                request,
                _(
                    "Another file has been uploaded since that preview: check this one "
                    "before importing."
                ),
            )
            return redirect("organisations:transfer-preview")
        try:
            plan = transfer_import(kind=kind, table=table, by=request.user)
        except ImportRefused as refused:
            messages.error(
                request, _("Nothing was saved: correct the rows below and upload the file again.")
            )
            context = self.get_context_data(plan=refused.plan, token=token, file_name=file_name)
            return self.render_to_response(context)
        except ValidationError:
            request.session.pop(SESSION_KEY, None)
            return redirect("organisations:transfer-import")
        request.session.pop(SESSION_KEY, None)
        messages.success(request, imported_message(plan))
        return redirect("organisations:transfer-import")

    def get_context_data(self, **kwargs):
        plan = kwargs["plan"]
        return super().get_context_data(
            kind_label=TransferKind(plan.kind).label, counts=plan.counts, **kwargs
        )


def imported_message(plan):
    return _(
        "The file is imported. New: %(created)s. Updated: %(updated)s. No change: %(unchanged)s."
    ) % {
        "created": plan.count(Action.CREATE),
        "updated": plan.count(Action.UPDATE),
        "unchanged": plan.count(Action.UNCHANGED),
    }


class TransferExportView(ObjectPermissionMixin, View):
    """Every organisation (inactive and municipal ones too) or every activity (unpublished
    too), in the columns of the import, as CSV, XLSX or JSON."""

    permission_required = PERMISSION

    def get(self, request, kind, file_format):
        if kind not in TransferKind.values or file_format not in Format.values:
            raise Http404
        columns = columns_of(kind)
        records = export_records(kind)
        if file_format == Format.CSV:
            content, content_type = write_csv(columns, records), "text/csv; charset=utf-8"
        elif file_format == Format.XLSX:
            content = write_xlsx(columns, records, TransferKind(kind).label)
            content_type = XLSX_TYPE
        else:
            content = write_json(columns, records)
            content_type = "application/json; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{kind}.{file_format}"'
        return response


def export_records(kind):
    """The rows of an export, loaded in a fixed number of queries."""
    if kind == TransferKind.ORGANISATIONS:
        organisations = list(Organisation.objects.select_related("area"))
        parents = {o.pk: o.slug for o in organisations}
        return [organisation_values(o, parents) for o in organisations]
    activities = (
        Activity.objects.select_related("organisation", "area")
        .prefetch_related("target_groups", "challenges")
        .order_by(danish("organisation__name"), "organisation_id", danish("title"), "pk")
    )
    return [activity_values(a) for a in activities]
