"""Loading the plan or initiative a page is about, for the views of every module here.

Objects come from the loaders in volunteer_portal.permissions: 404 if the user may not see
the object, 403 if they may not take the view's ``action_permission``.
"""

from initiatives.models import ActionPlan, Initiative
from volunteer_portal.permissions import (
    ObjectPermissionMixin,
    get_initiative_for,
    get_plan_for,
)

VIEW_PLAN, CHANGE_PLAN = "initiatives.view_plan", "initiatives.change_plan"
VIEW_INITIATIVE, CHANGE_INITIATIVE = "initiatives.view_initiative", "initiatives.change_initiative"
ADD_PROGRESS_NOTE = "initiatives.add_progress_note"


class LoadFirst:
    """Sits under ObjectPermissionMixin: once the caller is known to be logged in where needed,
    load (and so check) the object before any handler runs, whatever the method."""

    def dispatch(self, request, *args, **kwargs):
        self.get_object()
        return super().dispatch(request, *args, **kwargs)


class PlanMixin(ObjectPermissionMixin, LoadFirst):
    """Loads the plan named by ``slug``: 404 if the user may not see it, 403 if they may not
    take the view's action."""

    model = ActionPlan
    context_object_name = "plan"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_plan_for(
                self.request.user, self.kwargs["slug"], action=self.action_permission
            )
        return self._object

    def get_plan(self):
        return self.get_object()


class InitiativeMixin(ObjectPermissionMixin, LoadFirst):
    """Loads the initiative ``number`` of the plan ``slug``, checked like a plan."""

    model = Initiative
    context_object_name = "initiative"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_initiative_for(
                self.request.user,
                self.kwargs["slug"],
                self.kwargs["number"],
                action=self.action_permission,
                queryset=self.initiative_queryset(),
            )
        return self._object

    def initiative_queryset(self):
        return Initiative.objects.select_related("plan")

    def get_success_url(self):
        return self.get_object().get_absolute_url()
