"""The initiatives of a plan: the public initiative page, and the staff pages that add and edit
initiatives, change their status and note their progress.

Views stay thin: every change goes through initiatives.services, and domain errors become
messages or form errors.
"""

import copy

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, UpdateView

from initiatives import rollup, services
from initiatives.conflicts import ConflictMixin
from initiatives.forms import (
    ActorFormSet,
    InitiativeForm,
    MilestoneFormSet,
    ProgressNoteForm,
    StatusForm,
)
from initiatives.models import Initiative, ProgressNote, initiative_body_prefetches
from initiatives.progress import current_progress, milestone_rows
from initiatives.views.mixins import (
    ADD_PROGRESS_NOTE,
    CHANGE_INITIATIVE,
    CHANGE_PLAN,
    VIEW_PLAN,
    InitiativeMixin,
    PlanMixin,
)
from volunteer_portal import caching
from volunteer_portal.page_cache import cached_page_view


@cached_page_view([caching.PLANS, caching.INITIATIVES, caching.OPPORTUNITIES])
class InitiativeDetailView(InitiativeMixin, DetailView):
    """Everything about one initiative, its progress history and what serves it."""

    template_name = "initiatives/initiative_detail.html"

    def initiative_queryset(self):
        # What the head of the page and the permissions need; the body's rows are loaded only
        # when its cached copy is missing.
        return Initiative.objects.with_page_head_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative, user = self.object, self.request.user
        can_edit = user.has_perm(CHANGE_INITIATIVE, initiative)
        origin = initiative.carried_over_from
        # Authors are staff members: the public page never names them (the history does).
        show_authors = user.has_perm("initiatives.view_history", initiative)
        today = timezone.localdate()
        if can_edit and "status_form" not in context:
            context["status_form"] = StatusForm(initiative=initiative)
        context.update(
            body=caching.cached_fragment(
                "initiative-body",
                [caching.plan_scope(initiative.plan_id), caching.INITIATIVES],
                lambda: _initiative_body(initiative, today, show_authors),
                parts=(initiative.pk, today.isoformat(), show_authors),
            ),
            current_progress=initiative.current_progress,  # InitiativeQuerySet.with_progress
            rollup_sections=rollup.sections_for(initiative, user),
            can_edit=can_edit,
            # Also the coordinators and staff of the units that are actors (actors prefetched).
            can_add_note=user.has_perm(ADD_PROGRESS_NOTE, initiative),
            can_view_history=show_authors,
            # A carried-over initiative names its origin's plan, which may still be a draft.
            origin=origin if origin and user.has_perm(VIEW_PLAN, origin.plan) else None,
            successors=[
                i for i in initiative.carried_over_to.all() if user.has_perm(VIEW_PLAN, i.plan)
            ],
        )
        return context


def _initiative_body(initiative, today, show_authors):
    """The initiative page's body, from its description to the related initiatives
    (initiatives/partials/_initiative_page_body.html), as HTML."""
    prefetch_related_objects([initiative], *initiative_body_prefetches())
    context = {
        "initiative": initiative,
        "progress": progress_history(initiative),
        "milestones": milestone_rows(initiative.milestones.all(), today),
        "show_authors": show_authors,
    }
    return render_to_string("initiatives/partials/_initiative_page_body.html", context)


def progress_history(initiative):
    """Progress notes and status changes of ``initiative`` as one list, newest first."""
    entries = [
        {"date": n.date, "kind": "note", "note": n} for n in initiative.progress_notes.all()
    ] + [
        {"date": timezone.localdate(c.changed_at), "kind": "status", "change": c}
        for c in initiative.status_changes.all()
    ]
    return sorted(entries, key=lambda e: e["date"], reverse=True)


class InitiativeFormMixin(ConflictMixin):
    """An initiative form with actors and milestones, saved by initiative_save. When someone
    else saved in between, the form comes back with the editor's input and what is stored."""

    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"
    edit_formsets = [(ActorFormSet, "actors"), (MilestoneFormSet, "milestones")]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(plan=self.plan, **kwargs)
        context.setdefault("formsets", self.formsets(context["form"].instance))
        self.remember_loaded(context["form"], context["formsets"])
        return context

    def formsets(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        return self.build_formsets(instance, data)

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
            return self.render_conflict(conflict, form, formsets)
        except services.DuplicateError as error:
            form.add_error(error.field, str(error))
            return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
        messages.success(self.request, _("The initiative has been saved."))
        milestone_dates = [m.date for m in initiative.milestones.all()]
        for warning in form.timeline_warnings(milestone_dates):
            messages.warning(self.request, warning)
        return redirect(initiative)

    def forms_context(self, form, formsets):
        return {"form": form, "formsets": formsets}


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
        # The error summary at the top of the page lists the error and takes the focus.
        return self.render_to_response(self.get_context_data(status_form=form))


class ProgressNoteCreateView(InitiativeMixin, FormView):
    """A progress note, by the plan's editors or by the units that are actors in it."""

    action_permission = ADD_PROGRESS_NOTE
    form_class = ProgressNoteForm
    template_name = "initiatives/progress_note_form.html"

    def initiative_queryset(self):
        # The rule reads the actors.
        return super().initiative_queryset().prefetch_related("actors")

    def get_form_kwargs(self):
        # The note's initiative lets the form compare the percentage with the one before; its
        # date is the form's initial (an instance's empty date would hide the field's today).
        note = ProgressNote(initiative=self.get_object(), date=timezone.localdate())
        return {**super().get_form_kwargs(), "instance": note}

    def get_context_data(self, **kwargs):
        initiative = self.get_object()
        progress = current_progress(initiative.progress_notes.order_by("-date", "-pk"))
        return super().get_context_data(initiative=initiative, current_progress=progress, **kwargs)

    def form_valid(self, form):
        try:
            services.progress_note_add(
                initiative=self.get_object(), by=self.request.user, **form.cleaned_data
            )
        except services.ProgressError as error:
            # A note with a higher figure was added after this form was checked.
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The progress note has been added."))
        return HttpResponseRedirect(self.get_success_url())
