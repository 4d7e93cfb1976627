"""The staff's overview of all collaborations, and the filtered list as a spreadsheet."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from organisations.models import Organisation
from partnerships import overview
from partnerships.filters import AgreementFilter
from partnerships.models import Agreement, ChildCertificateDeclaration
from volunteer_portal.permissions import ObjectPermissionMixin
from volunteer_portal.search import danish
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
            .values_list("pk", "name", "slug")
        )
        declared = set(
            ChildCertificateDeclaration.objects.filter(year=today.year).values_list(
                "organisation_id", flat=True
            )
        )
        # Some thousand partners at a large municipality: rows, not model instances, and
        # their addresses from one reverse.
        prefix = reverse("organisations:organisation-detail", kwargs={"slug": "slug"})[:-5]
        return super().get_context_data(
            matrix=overview.matrix(current),
            today=today,
            declarations=[
                (f"{prefix}{slug}/", name, pk in declared) for pk, name, slug in partners
            ],
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
    """One row per agreement, from ``values_list``: no model instance per row, and each
    choice's label translated once (``get_FOO_display`` translated every choice per call)."""
    kinds = _labels(Agreement.Kind.choices)
    involvements = _labels(Agreement.Involvement.choices)
    statuses = _labels(Agreement.Status.choices)
    partner_kinds = _labels(Organisation.Kind.choices)
    pks = agreements.order_by().values("pk")
    partners = {}
    for agreement_id, name, kind in (
        Agreement.partners.through.objects.filter(agreement_id__in=pks)
        .order_by("agreement_id", danish("organisation__name"))
        .values_list("agreement_id", "organisation__name", "organisation__kind")
    ):
        partners.setdefault(agreement_id, []).append((name, kind))
    for (
        pk,
        title,
        kind,
        unit,
        involvement,
        start,
        end,
        status,
        review,
        purpose,
    ) in agreements.values_list(
        "pk",
        "title",
        "kind",
        "responsible_unit__name",
        "involvement",
        "start_date",
        "end_date",
        "status",
        "next_review_date",
        "purpose",
    ):
        own = partners.get(pk, [])
        yield [
            title,
            kinds.get(kind, kind),
            ", ".join(name for name, _kind in own),
            ", ".join(sorted({partner_kinds.get(k, k) for _name, k in own})),
            unit,
            involvements.get(involvement, involvement),
            start,
            end,
            statuses.get(status, status),
            review,
            purpose,
        ]


def _labels(choices):
    return {value: str(label) for value, label in choices}


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
