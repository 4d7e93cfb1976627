"""The staff overview of a plan, the print page, the page on how to follow a plan and the
exports (CSV, XLSX, JSON, iCalendar).

Exports follow the plan's visibility: a published plan is public, a draft is seen only by
municipal users and answers 404 to everyone else. The overview's own exports are for staff,
like the overview, and hold what its filters select. The Atom feed lives in ``feeds.py``.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterMixin, FilterView

from initiatives import exports
from initiatives.filters import InitiativeFilter
from initiatives.models import ActionPlan, Milestone
from initiatives.progress import status_count_rows
from initiatives.timeline import build_timeline, timeline_years
from volunteer_portal import caching
from volunteer_portal.page_cache import cached_page, cached_page_view
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, get_plan_for

# What a published plan's public pages and files show: the plan and its initiatives.
PLAN_SCOPES = [caching.PLANS, caching.INITIATIVES]
cached_plan_file = cached_page(PLAN_SCOPES)


class PlanFromUrlMixin:
    @cached_property
    def plan(self):
        return get_plan_for(self.request.user, self.kwargs["slug"])


class OverviewIndexView(ObjectPermissionMixin, ListView):
    """The plans staff can open an overview of, newest first."""

    permission_required = "initiatives.view_overview"
    template_name = "initiatives/overview_list.html"
    context_object_name = "plans"

    def get_queryset(self):
        # Meta.ordering is not applied to a grouped query, hence the explicit order.
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .annotate(initiative_count=Count("initiatives"))
            .order_by("-start_year", "title")
        )


class OverviewFilterMixin(PlanFromUrlMixin, FilterMixin):
    """The overview's filters, shared by the overview page and its exports so that an export
    holds exactly the initiatives the page shows."""

    filterset_class = InitiativeFilter

    def get_queryset(self):
        return self.plan.initiatives.with_list_data()

    @cached_property
    def years(self):
        return timeline_years(self.plan, *self.plan.initiatives.year_range())

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "plan": self.plan, "years": self.years}


class PlanOverviewView(
    ObjectPermissionMixin, OverviewFilterMixin, ForgivingPaginationMixin, FilterView
):
    """One plan's initiatives for staff: filtered, paged, counted by status, on a timeline."""

    permission_required = "initiatives.view_overview"
    template_name = "initiatives/overview_detail.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.object_list.count_by_status()
        context.update(
            plan=self.plan,
            # The same rows as the public plan page's count by status.
            status_counts=status_count_rows(counts),
            total=sum(counts.values()),
            timeline=build_timeline(context["object_list"], self.years),
        )
        return context


@cached_page_view(PLAN_SCOPES)
class PlanPrintView(PlanFromUrlMixin, TemplateView):
    """The whole plan on one page with every initiative written out, for paper and PDF."""

    template_name = "initiatives/print_plan.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan,
            goals=self.plan.goals.all(),
            initiatives=self.plan.initiatives.with_export_data(),
            plan_url=self.request.build_absolute_uri(self.plan.get_absolute_url()),
            **kwargs,
        )


class PlanOverviewExportView(ObjectPermissionMixin, OverviewFilterMixin, View):
    """The initiatives the overview's filters select, as CSV or XLSX (``file_format``)."""

    permission_required = "initiatives.view_overview"
    file_format = "csv"

    def get_queryset(self):
        return self.plan.initiatives.with_export_data()

    def get(self, request, slug):
        filterset = self.get_filterset(self.get_filterset_class())
        # As on the page (FilterView's strict mode): a filter that does not parse selects none.
        if filterset.is_bound and not filterset.is_valid():
            initiatives = filterset.queryset.none()
        else:
            initiatives = filterset.qs
        filename = f"{self.plan.slug}-overview"
        if self.file_format == "xlsx":
            return xlsx_response(self.plan, initiatives, filename)
        return csv_response(initiatives, filename)


@cached_page_view(PLAN_SCOPES)
class PlanFollowView(PlanFromUrlMixin, TemplateView):
    """How to follow a plan: the feed, a calendar subscription and the exports."""

    template_name = "initiatives/plan_follow.html"

    def get_context_data(self, **kwargs):
        plan, absolute = self.plan, self.request.build_absolute_uri
        calendar_url = absolute(reverse("initiatives:plan-calendar", kwargs={"slug": plan.slug}))
        return super().get_context_data(
            plan=plan,
            feed_url=absolute(reverse("initiatives:plan-feed", kwargs={"slug": plan.slug})),
            calendar_url=calendar_url,
            # Calendar apps open webcal:// as a subscription; the address is the same.
            webcal_url="webcal://" + calendar_url.split("://", 1)[1],
            can_view_overview=self.request.user.has_perm("initiatives.view_overview"),
            **kwargs,
        )


def csv_response(initiatives, filename):
    """One row per initiative, for Danish Excel: UTF-8 with a byte-order mark and ';'."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(exports.spreadsheet_header())
    writer.writerows(exports.csv_rows(initiatives))
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(plan, initiatives, filename):
    content = io.BytesIO()
    exports.plan_workbook(plan, initiatives).save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@cached_plan_file
def plan_csv(request, slug):
    """The plan's initiatives as CSV for Danish Excel."""
    plan = get_plan_for(request.user, slug)
    return csv_response(plan.initiatives.with_export_data(), plan.slug)


@cached_plan_file
def plan_xlsx(request, slug):
    """The plan's initiatives as an Excel workbook with real numbers and dates."""
    plan = get_plan_for(request.user, slug)
    return xlsx_response(plan, plan.initiatives.with_export_data(), plan.slug)


@cached_plan_file
def plan_json(request, slug):
    """The plan with its goals and initiatives nested, under stable English keys."""
    plan = get_plan_for(request.user, slug)
    data = exports.plan_data(
        plan,
        plan.goals.all(),
        plan.initiatives.with_export_data(),
        request.build_absolute_uri,
    )
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{plan.slug}.json"'
    return response


@cached_plan_file
def plan_calendar(request, slug):
    """The plan's milestones as all-day events for calendar subscriptions."""
    plan = get_plan_for(request.user, slug)
    milestones = (
        Milestone.objects.filter(initiative__plan=plan)
        .select_related("initiative__plan")
        .order_by("initiative__number", "date", "pk")
    )
    calendar = exports.milestone_calendar(
        plan, milestones, request.build_absolute_uri, request.get_host().split(":")[0]
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{plan.slug}.ics"'
    return response
