"""The staff overview of a plan, the print page and the exports (CSV, JSON, iCalendar).

Exports follow the plan's visibility: a published plan is public, a draft is seen only by
municipal users and answers 404 to everyone else. The Atom feed lives in ``feeds.py``.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from initiatives import exports
from initiatives.filters import InitiativeFilter
from initiatives.models import ActionPlan, Initiative, Milestone
from initiatives.timeline import build_timeline, timeline_years
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin, get_plan_for


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


class PlanOverviewView(
    ObjectPermissionMixin, PlanFromUrlMixin, ForgivingPaginationMixin, FilterView
):
    """One plan's initiatives for staff: filtered, paged, counted by status, on a timeline."""

    permission_required = "initiatives.view_overview"
    filterset_class = InitiativeFilter
    template_name = "initiatives/overview_detail.html"
    paginate_by = 20

    def get_queryset(self):
        return self.plan.initiatives.with_list_data()

    @cached_property
    def years(self):
        return timeline_years(self.plan, *self.plan.initiatives.year_range())

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "plan": self.plan, "years": self.years}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.object_list.count_by_status()
        total = sum(counts.values())
        context.update(
            plan=self.plan,
            status_counts=[
                {
                    "status": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "percent": round(100 * counts.get(value, 0) / total) if total else 0,
                }
                for value, label in Initiative.Status.choices
            ],
            total=total,
            timeline=build_timeline(context["object_list"], self.years),
        )
        return context


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


def plan_csv(request, slug):
    """One row per initiative, for Danish Excel: UTF-8 with a byte-order mark and ';'."""
    plan = get_plan_for(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(exports.csv_header())
    writer.writerows(exports.csv_rows(plan.initiatives.with_list_data()))
    return response


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


def plan_calendar(request, slug):
    """The plan's milestones as all-day events for calendar subscriptions."""
    plan = get_plan_for(request.user, slug)
    milestones = Milestone.objects.filter(initiative__plan=plan).select_related("initiative__plan")
    calendar = exports.milestone_calendar(
        plan, milestones, request.build_absolute_uri, request.get_host().split(":")[0]
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{plan.slug}.ics"'
    return response
