"""The change history of a plan and of an initiative: who changed what and when."""

from django.views.generic import ListView

from initiatives.history import history_rows, initiative_entries, plan_entries
from initiatives.views.mixins import InitiativeMixin, PlanMixin
from volunteer_portal.pagination import ForgivingPaginationMixin


class HistoryMixin(ForgivingPaginationMixin):
    """Who changed what and when, from django-auditlog, paged. Municipal users only."""

    template_name = "initiatives/history.html"
    context_object_name = "entries"
    paginate_by = 50
    action_permission = "initiatives.view_history"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(subject=self.object, **kwargs)
        context["rows"] = history_rows(context["object_list"])
        return context


class PlanHistoryView(HistoryMixin, PlanMixin, ListView):
    def get_queryset(self):
        return plan_entries(self.object)


class InitiativeHistoryView(HistoryMixin, InitiativeMixin, ListView):
    def get_queryset(self):
        return initiative_entries(self.object)
