"""The overview for staff: organisations by kind, published activities by target group and by
area, and referrals per activity and per unit, month by month, for a chosen year. Every
number comes from a grouped query, so the page asks the same number of queries however many
rows its tables have."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from organisations.counts import (
    activities_by_area,
    activities_by_target_group,
    organisations_by_kind,
    referral_years,
    referrals_by_month,
)
from volunteer_portal.permissions import ObjectPermissionMixin

VIEW_OVERVIEW = "organisations.view_organisation_overview"


class YearFromQueryMixin:
    """The year the referral tables show: ``?year=`` when it is one with referrals (or the
    current one), else the current year; a year typed by hand never fails the page."""

    @cached_property
    def years(self):
        return referral_years(timezone.localdate().year)

    @cached_property
    def year(self):
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return timezone.localdate().year
        return year if year in self.years else timezone.localdate().year


class OrganisationOverviewView(ObjectPermissionMixin, YearFromQueryMixin, TemplateView):
    permission_required = VIEW_OVERVIEW
    template_name = "organisations/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            by_kind=organisations_by_kind(),
            by_target_group=activities_by_target_group(),
            by_area=activities_by_area(),
            per_activity=referrals_by_month(self.year, "activity"),
            per_unit=referrals_by_month(self.year, "unit"),
            year=self.year,
            years=self.years,
            months=[(capfirst(MONTHS_3[m]), capfirst(MONTHS[m])) for m in range(1, 13)],
            **kwargs,
        )


class ReferralCountsCsvView(ObjectPermissionMixin, YearFromQueryMixin, View):
    """The year's referral counts per activity and per unit, month by month, for Danish
    Excel: UTF-8 with a byte-order mark and ';'."""

    permission_required = VIEW_OVERVIEW

    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="referrals-{self.year}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        months = [str(capfirst(MONTHS[m])) for m in range(1, 13)]
        for grouping, heading in (("activity", _("Activity")), ("unit", _("Unit"))):
            table = referrals_by_month(self.year, grouping)
            writer.writerow([heading, *months, _("Total")])
            for row in table.rows:
                writer.writerow([row.name, *row.counts, row.total])
            writer.writerow([_("Total"), *table.month_totals, table.total])
            writer.writerow([])
        return response
