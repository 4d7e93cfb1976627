"""Public pages of the action plan and the staff pages that keep it current.

Views stay thin: objects are loaded and checked by ObjectPermissionMixin, every change goes
through initiatives.services, and domain errors become messages or form errors.
"""

import copy

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from initiatives import history, rollup, services
from initiatives.forms import (
    ActorFormSet,
    GoalFormSet,
    InitiativeForm,
    MilestoneFormSet,
    PlanForm,
    ProgressNoteForm,
    RenumberForm,
    StartFromForm,
    StatusForm,
    formset_data_after_conflict,
)
from initiatives.models import ActionPlan, Initiative
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin

VIEW_PLAN, CHANGE_PLAN = "initiatives.view_plan", "initiatives.change_plan"
VIEW_INITIATIVE, CHANGE_INITIATIVE = "initiatives.view_initiative", "initiatives.change_initiative"


class LoadFirst:
    """Sits under ObjectPermissionMixin: once the caller is known to be logged in where needed,
    load (and so check) the object before any handler runs, whatever the method."""

    def dispatch(self, request, *args, **kwargs):
        self.get_object()
        return super().dispatch(request, *args, **kwargs)


class PlanLookup:
    def get_object(self, queryset=None):
        return get_object_or_404(ActionPlan.objects.all(), slug=self.kwargs["slug"])


class InitiativeLookup:
    def get_object(self, queryset=None):
        return get_object_or_404(
            self.initiative_queryset(), plan__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )

    def initiative_queryset(self):
        return Initiative.objects.select_related("plan")


class PlanMixin(ObjectPermissionMixin, LoadFirst, PlanLookup):
    """Loads the plan named by ``slug``: 404 if the user may not see it, 403 if they may not
    take the view's action."""

    model = ActionPlan
    view_permission = VIEW_PLAN
    context_object_name = "plan"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def get_plan(self):
        return self.get_object()


class InitiativeMixin(ObjectPermissionMixin, LoadFirst, InitiativeLookup):
    """Loads the initiative ``number`` of the plan ``slug``, checked like a plan."""

    model = Initiative
    view_permission = VIEW_INITIATIVE
    context_object_name = "initiative"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def get_success_url(self):
        return self.get_object().get_absolute_url()


# Public pages ------------------------------------------------------------------------------


class PlanListView(ForgivingPaginationMixin, ListView):
    """Published plans for everyone; drafts too (marked) for municipal users."""

    template_name = "initiatives/plan_list.html"
    context_object_name = "plans"
    paginate_by = 20

    def get_queryset(self):
        plans = ActionPlan.objects.visible_to(self.request.user).order_by("-start_year", "title")
        return plans.annotate(
            initiative_count=Count("initiatives", distinct=True),
            goal_count=Count("goals", distinct=True),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("initiatives.add_plan")
        return context


class PlanDetailView(PlanMixin, DetailView):
    """The plan as the municipality writes it: vision, goals with their initiatives, and every
    initiative as a <details> element. ``?expand=all`` opens them all without JavaScript."""

    template_name = "initiatives/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        goals = list(plan.goals.all())
        initiatives = list(plan.initiatives.with_list_data())
        by_goal = {goal.pk: [] for goal in goals}
        for initiative in initiatives:
            for goal in initiative.goals.all():
                # A goal of another plan (linked outside the plan's own forms) is not listed.
                if goal.pk in by_goal:
                    by_goal[goal.pk].append(initiative)
        context.update(
            goals=[{"goal": g, "initiatives": by_goal[g.pk]} for g in goals],
            initiatives=initiatives,
            expand_all=self.request.GET.get("expand") == "all",
            can_edit=user.has_perm(CHANGE_PLAN, plan),
            can_publish=not plan.is_published and user.has_perm("initiatives.publish_plan", plan),
            can_add=user.has_perm("initiatives.add_plan"),
            can_view_history=user.has_perm("initiatives.view_history", plan),
        )
        return context


class InitiativeDetailView(InitiativeMixin, DetailView):
    """Everything about one initiative, its progress history and what serves it."""

    template_name = "initiatives/initiative_detail.html"

    def initiative_queryset(self):
        return Initiative.objects.with_detail_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative, user = self.object, self.request.user
        can_edit = user.has_perm(CHANGE_INITIATIVE, initiative)
        origin = initiative.carried_over_from
        if can_edit and "status_form" not in context:
            context["status_form"] = StatusForm(initiative=initiative)
        context.update(
            progress=progress_history(initiative),
            rollup_sections=rollup.sections_for(initiative),
            can_edit=can_edit,
            # Authors are staff members: the public page never names them (the history does).
            show_authors=user.has_perm("initiatives.view_history", initiative),
            can_view_history=user.has_perm("initiatives.view_history", initiative),
            # A carried-over initiative names its origin's plan, which may still be a draft.
            origin=origin if origin and user.has_perm(VIEW_PLAN, origin.plan) else None,
            successors=[
                i for i in initiative.carried_over_to.all() if user.has_perm(VIEW_PLAN, i.plan)
            ],
        )
        return context


def progress_history(initiative):
    """Progress notes and status changes of ``initiative`` as one list, newest first."""
    entries = [
        {"date": n.date, "kind": "note", "note": n} for n in initiative.progress_notes.all()
    ] + [
        {"date": timezone.localdate(c.changed_at), "kind": "status", "change": c}
        for c in initiative.status_changes.all()
    ]
    return sorted(entries, key=lambda e: e["date"], reverse=True)


# Staff editing: plans ----------------------------------------------------------------------


class PlanFormMixin:
    """A plan form with its strategic goals as an inline formset, saved by plan_save."""

    form_class = PlanForm
    template_name = "initiatives/plan_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("goal_formset", self.goal_formset())
        return context

    def goal_formset(self, data=None, instance=None):
        if data is None and self.request.method == "POST":
            data = self.request.POST
        return GoalFormSet(data, instance=instance or self.object or ActionPlan(), prefix="goals")

    def form_valid(self, form):
        goal_formset, version = self.goal_formset(), form.cleaned_data["version"]
        try:
            # Before the goals are validated: goals the other save removed would hide the conflict.
            services.plan_check_version(plan=form.instance, version=version)
            if not goal_formset.is_valid():
                return self.render_to_response(self.get_context_data(goal_formset=goal_formset))
            self.object = services.plan_save(
                plan=form.instance,
                version=version,
                by=self.request.user,
                goals_formset=goal_formset,
            )
        except services.ConflictError as conflict:
            return self.conflict(conflict)
        except services.DuplicateError as error:
            form.add_error(error.field, str(error))
            context = self.get_context_data(form=form, goal_formset=goal_formset)
            return self.render_to_response(context)
        messages.success(self.request, _("The action plan has been saved."))
        return redirect(self.object)

    def conflict(self, conflict):
        stored = conflict.current
        messages.error(self.request, str(conflict))
        goal_pks = set(stored.goals.values_list("pk", flat=True))
        data = formset_data_after_conflict(self.request.POST, prefix="goals", stored_pks=goal_pks)
        data["version"] = stored.version  # saving again now overwrites, knowingly
        form = self.get_form_class()(data, instance=stored)
        goal_formset = self.goal_formset(data, stored)
        context = self.get_context_data(form=form, goal_formset=goal_formset, stored=stored)
        return self.render_to_response(context)


class PlanCreateView(ObjectPermissionMixin, PlanFormMixin, FormView):
    permission_required = "initiatives.add_plan"
    object = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ActionPlan()}


class PlanUpdateView(PlanMixin, PlanFormMixin, UpdateView):
    action_permission = CHANGE_PLAN

    def get_form_kwargs(self):
        # The form edits a copy: headings and breadcrumbs keep the stored title on errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}


class PlanPublishView(PlanMixin, DetailView):
    """Publishing is an explicit action: GET asks for confirmation, POST publishes."""

    action_permission = "initiatives.publish_plan"
    template_name = "initiatives/plan_publish.html"

    def post(self, request, *args, **kwargs):
        plan = self.get_object()
        try:
            services.plan_publish(plan=plan, by=request.user)
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The action plan is published."))
        return redirect(plan)


class PlanStartFromView(PlanMixin, FormView):
    """Start a new draft plan from this one, carrying over the unfinished initiatives."""

    action_permission = "initiatives.add_plan"
    form_class = StartFromForm
    template_name = "initiatives/plan_start_from.html"

    def get_initial(self):
        plan = self.get_plan()
        span = plan.end_year - plan.start_year
        return {"start_year": plan.end_year + 1, "end_year": plan.end_year + 1 + span}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            new_plan = services.plan_start_from(
                source=self.get_plan(), by=self.request.user, **data
            )
        except services.DuplicateError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The new plan has been started as a draft."))
        return redirect(new_plan)


class PlanRenumberView(PlanMixin, FormView):
    """Reorder the initiatives of a plan by giving each a number."""

    action_permission = CHANGE_PLAN
    form_class = RenumberForm
    template_name = "initiatives/plan_renumber.html"

    def get_form_kwargs(self):
        initiatives = self.get_plan().initiatives.order_by("number")
        return {**super().get_form_kwargs(), "initiatives": initiatives}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def form_valid(self, form):
        try:
            services.initiatives_renumber(
                plan=self.get_plan(), numbers=form.numbers(), by=self.request.user
            )
        except services.NumberingError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The initiatives have been renumbered."))
        return redirect(self.get_plan())


# Staff editing: initiatives ----------------------------------------------------------------


class InitiativeFormMixin:
    """An initiative form with actors and milestones, saved by initiative_save. When someone
    else saved in between, the form comes back with the editor's input and what is stored."""

    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(plan=self.plan, **kwargs)
        context.setdefault("formsets", self.formsets(context["form"].instance))
        return context

    def formsets(self, instance, data=None):
        if data is None and self.request.method == "POST":
            data = self.request.POST
        return [
            ActorFormSet(data, instance=instance, prefix="actors"),
            MilestoneFormSet(data, instance=instance, prefix="milestones"),
        ]

    def form_valid(self, form):
        formsets, data = self.formsets(form.instance), form.cleaned_data
        try:
            # Before the rows are validated: rows the other save removed would hide the conflict.
            services.initiative_check_version(initiative=form.instance, version=data["version"])
            if not all(f.is_valid() for f in formsets):
                return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
            initiative = services.initiative_save(
                initiative=form.instance,
                version=data["version"],
                by=self.request.user,
                goals=data["goals"],
                related=data["related"],
                formsets=formsets,
            )
        except services.ConflictError as conflict:
            return self.conflict(conflict)
        except services.DuplicateError as error:
            form.add_error(error.field, str(error))
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        messages.success(self.request, _("The initiative has been saved."))
        milestone_dates = [m.date for m in initiative.milestones.all()]
        for warning in form.timeline_warnings(milestone_dates):
            messages.warning(self.request, warning)
        return redirect(initiative)

    def conflict(self, conflict):
        stored = conflict.current
        messages.error(self.request, str(conflict))
        data = self.request.POST
        for prefix, rows in (("actors", stored.actors), ("milestones", stored.milestones)):
            pks = set(rows.values_list("pk", flat=True))
            data = formset_data_after_conflict(data, prefix=prefix, stored_pks=pks)
        data["version"] = stored.version  # saving again now overwrites, knowingly
        form = self.get_form_class()(data, instance=stored, plan=self.plan)
        context = self.get_context_data(
            form=form, formsets=self.formsets(stored, data), stored=stored
        )
        return self.render_to_response(context)


class InitiativeCreateView(PlanMixin, InitiativeFormMixin, FormView):
    action_permission = CHANGE_PLAN
    object = None

    @property
    def plan(self):
        return self.get_plan()

    def get_initial(self):
        plan = self.plan
        return {
            "number": services.next_initiative_number(plan),
            "start_year": plan.start_year,
            "end_year": plan.end_year,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Initiative(plan=self.plan)}


class InitiativeUpdateView(InitiativeMixin, InitiativeFormMixin, UpdateView):
    action_permission = CHANGE_INITIATIVE

    def get_form_kwargs(self):
        # The form edits a copy: headings and breadcrumbs keep the stored title on errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    @property
    def plan(self):
        return self.get_object().plan


class InitiativeStatusView(InitiativeDetailView):
    """POST only: move the initiative to another status through the service. A refused move
    shows the initiative page again with the form as typed (the comment is kept)."""

    action_permission = CHANGE_INITIATIVE
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        # Reached by reloading after a refused change: show the initiative, not a bare 405.
        return redirect(self.get_object())

    def post(self, request, *args, **kwargs):
        self.object = initiative = self.get_object()
        form = StatusForm(request.POST, initiative=initiative)
        if form.is_valid():
            try:
                services.initiative_set_status(
                    initiative=initiative,
                    status=form.cleaned_data["status"],
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except services.TransitionNotAllowed as error:
                form.add_error("status", str(error))
            else:
                messages.success(request, _("The status has been changed."))
                return redirect(initiative)
        messages.error(request, _("The status has not been changed. See the error below."))
        return self.render_to_response(self.get_context_data(status_form=form))


class ProgressNoteCreateView(InitiativeMixin, FormView):
    action_permission = CHANGE_INITIATIVE
    form_class = ProgressNoteForm
    template_name = "initiatives/progress_note_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(initiative=self.get_object(), **kwargs)

    def form_valid(self, form):
        services.progress_note_add(
            initiative=self.get_object(), by=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("The progress note has been added."))
        return HttpResponseRedirect(self.get_success_url())


# History -----------------------------------------------------------------------------------


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
        context["rows"] = history.history_rows(context["object_list"])
        return context


class PlanHistoryView(HistoryMixin, PlanMixin, ListView):
    def get_queryset(self):
        return history.plan_entries(self.object)


class InitiativeHistoryView(HistoryMixin, InitiativeMixin, ListView):
    def get_queryset(self):
        return history.initiative_entries(self.object)
