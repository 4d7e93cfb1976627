"""The change history of a plan and of an initiative: who changed what and when."""

from django.views.generic import ListView

from initiatives.filters import HistoryFilter
from initiatives.history import history_rows, initiative_entries, plan_entries
from initiatives.views.mixins import InitiativeMixin, PlanMixin
from volunteer_portal.pagination import ForgivingPaginationMixin


class HistoryMixin(ForgivingPaginationMixin):
    """Who changed what and when, from django-auditlog, filtered and paged. Municipal users
    only."""

    template_name = "initiatives/history.html"
    context_object_name = "entries"
    paginate_by = 50
    action_permission = "initiatives.view_history"
    # On a plan's history: the plan's initiatives (pk → Initiative), to filter by and to name
    # each entry's initiative, loaded once.
    initiatives = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.filterset = HistoryFilter(
            self.request.GET or None, queryset=self.entries(), initiatives=self.initiatives
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(subject=self.object, filter=self.filterset, **kwargs)
        context["rows"] = history_rows(context["object_list"], initiatives=self.initiatives)
        return context


class PlanHistoryView(HistoryMixin, PlanMixin, ListView):
    def entries(self):
        # The plan is known to the initiatives loaded through it: no query for their links.
        self.initiatives = {i.pk: i for i in self.object.initiatives.order_by("number")}
        return plan_entries(self.object)


class InitiativeHistoryView(HistoryMixin, InitiativeMixin, ListView):
    def entries(self):
        return initiative_entries(self.object)
