"""The staff's overview of all collaborations, and the filtered list as a spreadsheet."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from organisations.models import Organisation
from partnerships import overview
from partnerships.filters import AgreementFilter
from partnerships.models import Agreement, ChildCertificateDeclaration
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.spreadsheets import csv_response, xlsx_response


class OverviewView(ObjectPermissionMixin, TemplateView):
    permission_required = "partnerships.view_agreements"
    template_name = "partnerships/overview.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        current = Agreement.objects.current()
        partners = (
            Organisation.objects.filter(agreements__in=current)
            .distinct()
            .order_by("name")
            .only("pk", "name", "slug")
        )
        declared = set(
            ChildCertificateDeclaration.objects.filter(year=today.year).values_list(
                "organisation_id", flat=True
            )
        )
        return super().get_context_data(
            matrix=overview.matrix(current),
            today=today,
            declarations=[(partner, partner.pk in declared) for partner in partners],
            **overview.attention(today),
            **kwargs,
        )


def export_columns():
    return [
        (_("Title"), 40),
        (_("Kind"), 24),
        (_("Partners"), 40),
        (_("Volunteer types"), 30),
        (_("Responsible unit"), 30),
        (_("Municipal involvement"), 24),
        (_("Start"), 12),
        (_("End"), 12),
        (_("Status"), 14),
        (_("Next review"), 12),
        (_("Purpose"), 60),
    ]


def export_rows(agreements):
    for agreement in agreements:
        partners = list(agreement.partners.all())
        yield [
            agreement.title,
            agreement.get_kind_display(),
            ", ".join(p.name for p in partners),
            ", ".join(sorted({str(p.get_kind_display()) for p in partners})),
            agreement.responsible_unit.name,
            agreement.get_involvement_display(),
            agreement.start_date,
            agreement.end_date,
            agreement.get_status_display(),
            agreement.next_review_date,
            agreement.purpose,
        ]


class AgreementExportView(ObjectPermissionMixin, View):
    """The list as the filter selects it, as CSV or XLSX."""

    permission_required = "partnerships.view_agreements"
    file_format = "csv"

    def get(self, request):
        agreements = AgreementFilter(request.GET, queryset=Agreement.objects.with_list_data()).qs
        filename = f"aftaler-{datetime.date.today():%Y-%m-%d}"
        if self.file_format == "xlsx":
            return xlsx_response(
                _("Agreements"), export_columns(), export_rows(agreements), filename
            )
        return csv_response(export_columns(), export_rows(agreements), filename)
