"""The action plans: the public list and plan page, and the staff pages that edit, publish,
renumber and start a new plan from an old one.

Views stay thin: every change goes through initiatives.services, and domain errors become
messages or form errors.
"""

import copy

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from initiatives import services
from initiatives.conflicts import ConflictMixin
from initiatives.display import add_row_display
from initiatives.forms import GoalFormSet, PlanForm, RenumberForm, StartFromForm
from initiatives.models import ActionPlan
from initiatives.progress import milestone_rows, plan_last_changed, plan_standing
from initiatives.timeline import build_timeline, timeline_years
from initiatives.views.mixins import CHANGE_PLAN, PlanMixin
from volunteer_portal import caching
from volunteer_portal.page_cache import cached_page_view
from volunteer_portal.pagination import ForgivingPaginationMixin
from volunteer_portal.permissions import ObjectPermissionMixin


@cached_page_view([caching.PLANS], query_params=["page"])
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


# Every change that bumps a plan's scope bumps these too; the next plan is another plan.
@cached_page_view([caching.PLANS, caching.INITIATIVES], query_params=["expand"])
class PlanDetailView(PlanMixin, DetailView):
    """The plan as the municipality writes it and where it stands: one list of the initiatives
    with status and progress, the figures at a glance, vision, goals naming the initiatives
    that serve them, and every initiative as a <details> element (``?expand=all`` opens them
    all without JavaScript), then the count by status and the timeline."""

    template_name = "initiatives/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user, today = self.object, self.request.user, timezone.localdate()
        expand_all = self.request.GET.get("expand") == "all"
        context.update(
            # The same for every reader: built once per change, language, day and expansion.
            body=caching.cached_fragment(
                "plan-body",
                [caching.plan_scope(plan.pk)],
                lambda: _plan_body(plan, today, expand_all),
                parts=(today.isoformat(), expand_all),
            ),
            has_ended=plan.has_ended(today),
            next_plan=_next_plan(plan, user) if plan.has_ended(today) else None,
            can_edit=user.has_perm(CHANGE_PLAN, plan),
            can_publish=not plan.is_published and user.has_perm("initiatives.publish_plan", plan),
            can_add=user.has_perm("initiatives.add_plan"),
            can_view_history=user.has_perm("initiatives.view_history", plan),
        )
        return context


def _plan_body(plan, today, expand_all):
    """The plan page's body (initiatives/partials/_plan_body.html) and when the plan last
    changed, as the cache keeps them."""
    initiatives = list(
        plan.initiatives.with_list_data().with_progress().prefetch_related("milestones")
    )
    add_row_display(plan, initiatives)
    for initiative in initiatives:
        initiative.milestone_rows = milestone_rows(initiative.milestones.all(), today)
    context = {
        "plan": plan,
        "goals": _goals_with_initiatives(plan.goals.all(), initiatives),
        "initiatives": initiatives,
        "standing": plan_standing(initiatives, today),
        "timeline": build_timeline(initiatives, timeline_years(plan, *_year_range(initiatives))),
        "expand_all": expand_all,
    }
    return {
        "html": render_to_string("initiatives/partials/_plan_body.html", context),
        "last_changed": plan_last_changed(plan, initiatives),
    }


def _goals_with_initiatives(goals, initiatives):
    """Each goal with the loaded initiatives that serve it, in the initiatives' order."""
    by_goal = {goal.pk: [] for goal in goals}
    for initiative in initiatives:
        for goal in initiative.goals.all():
            # A goal of another plan (linked outside the plan's own forms) is not listed.
            if goal.pk in by_goal:
                by_goal[goal.pk].append(initiative)
    return [{"goal": goal, "initiatives": by_goal[goal.pk]} for goal in goals]


def _next_plan(plan, user):
    """The plan that continues ``plan`` (the first, if several were started from it), unless
    ``user`` may not see it yet: a draft successor is the municipality's own business."""
    return plan.next_plans.visible_to(user).order_by("start_year", "pk").first()


def _year_range(initiatives):
    """(first start year, last end year) of the loaded ``initiatives``, or (None, None)."""
    if not initiatives:
        return None, None
    return min(i.start_year for i in initiatives), max(i.end_year for i in initiatives)


class PlanFormMixin(ConflictMixin):
    """A plan form with its strategic goals as an inline formset, saved by plan_save."""

    form_class = PlanForm
    template_name = "initiatives/plan_form.html"
    edit_formsets = [(GoalFormSet, "goals")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("goal_formset", self.goal_formset())
        self.remember_loaded(context["form"], [context["goal_formset"]])
        return context

    def goal_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.build_formsets(self.object or ActionPlan(), data)[0]

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
            return self.render_conflict(conflict, form, [goal_formset])
        except services.DuplicateError as error:
            form.add_error(error.field, str(error))
            context = self.get_context_data(form=form, goal_formset=goal_formset)
            return self.render_to_response(context)
        messages.success(self.request, _("The action plan has been saved."))
        return redirect(self.object)

    def forms_context(self, form, formsets):
        return {"form": form, "goal_formset": formsets[0]}


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
