"""Django admin for the action plan. Status is read-only here: it changes only through the
services (the plan pages), so that every change is recorded with who and when. An edit here
bumps the version of the plan or initiative, as a save in the plan pages does, so an editor
there who loaded the page before gets the conflict instead of overwriting the admin's change."""

from django import forms
from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    PlanDocument,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)
from volunteer_portal import caching
from volunteer_portal.private_files_admin import PrivateDocumentAdmin, PrivateDocumentInline


def _locked_version(obj):
    """The stored version of ``obj``, its row locked until the admin's transaction ends: the
    version loaded with the admin form may be old, and writing it back would hide a portal
    save made in between."""
    rows = type(obj).objects.select_for_update().values_list("version", flat=True)
    return rows.get(pk=obj.pk)


def _bump_versions(model, pks):
    """One more version for the rows ``pks`` of ``model``, counted in the database."""
    pks = {pk for pk in pks if pk is not None}
    if pks:
        model.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=timezone.now())
        # update() sends no post_save: the pages showing these rows' last change go stale here.
        plan_ids = (
            pks
            if model is ActionPlan
            else model.objects.filter(pk__in=pks).values_list("plan_id", flat=True)
        )
        caching.bump(caching.INITIATIVES, *map(caching.plan_scope, plan_ids))


class VersionedAdmin(admin.ModelAdmin):
    """For models with optimistic locking (``version``): a change in the admin form, in one of
    its inlines (goals, actors, milestones…) or in a versioned inline row bumps the version."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = _locked_version(obj) + (1 if form.has_changed() else 0)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A row that has a version of its own (an initiative in its plan's page) counts too.
        if hasattr(formset.model, "version"):
            for row in formset.initial_forms:
                if row.has_changed():
                    row.instance.version = _locked_version(row.instance) + 1
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and not form.has_changed() and any(f.has_changed() for f in formsets):
            obj = form.instance
            obj.version += 1  # locked and current since save_model
            obj.save(update_fields=["version", "updated_at"])


class ParentVersionAdmin(admin.ModelAdmin):
    """For a part of a versioned object (a goal of a plan, an actor of an initiative): saving
    or deleting it here bumps the version of the object it belongs to (``parent``)."""

    parent = None  # the name of the foreign key to the versioned object

    def _parent_model(self):
        return self.model._meta.get_field(self.parent).related_model

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.has_changed():
            # Both plans when a goal is moved from one to another.
            before = form.initial.get(self.parent) if change else None
            _bump_versions(self._parent_model(), {getattr(obj, f"{self.parent}_id"), before})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _bump_versions(self._parent_model(), {getattr(obj, f"{self.parent}_id")})

    def delete_queryset(self, request, queryset):
        pks = set(queryset.values_list(f"{self.parent}_id", flat=True))
        super().delete_queryset(request, queryset)
        _bump_versions(self._parent_model(), pks)


class StrategicGoalInline(admin.TabularInline):
    model = StrategicGoal
    extra = 0


class InitiativeInline(admin.TabularInline):
    model = Initiative
    fields = ["number", "title", "start_year", "end_year", "status"]
    readonly_fields = ["status"]
    show_change_link = True
    extra = 0


class ActorInline(admin.TabularInline):
    model = InitiativeActor
    autocomplete_fields = ["organisation"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    autocomplete_fields = ["author"]


class PlanDocumentInline(PrivateDocumentInline):
    model = PlanDocument
    fields = ["title", "file", "file_kind", "file_size", "uploaded_by", "uploaded_at"]


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionedAdmin):
    list_display = ["title", "start_year", "end_year", "status", "published_at", "updated_at"]
    list_filter = ["status", "start_year"]
    list_select_related = ["published_by"]
    search_fields = ["title", "vision", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "published_by", "version", "created_at"]
    inlines = [StrategicGoalInline, InitiativeInline, PlanDocumentInline]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(ParentVersionAdmin):
    parent = "plan"
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "description"]


class InitiativeAdminForm(forms.ModelForm):
    """Goals and related initiatives come from the initiative's own plan, as in the plan pages:
    a goal of another plan would be listed nowhere and breaks the plan page's goal roll-up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = self.instance.plan_id
        if plan_id:
            self.fields["goals"].queryset = StrategicGoal.objects.filter(plan_id=plan_id)
            self.fields["related"].queryset = Initiative.objects.filter(plan_id=plan_id).exclude(
                pk=self.instance.pk
            )

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is None:
            return cleaned
        for goal in cleaned.get("goals") or ():
            if goal.plan_id != plan.pk:
                self.add_error(
                    "goals",
                    forms.ValidationError(
                        _(
                            "Choose only strategic goals of this action plan: "
                            "%(value)s is not one of them."
                        ),
                        params={"value": goal},
                    ),
                )
        for other in cleaned.get("related") or ():
            if other.plan_id != plan.pk:
                self.add_error(
                    "related",
                    forms.ValidationError(
                        _(
                            "Related initiatives must belong to the same action plan: "
                            "%(value)s does not."
                        ),
                        params={"value": other},
                    ),
                )
        return cleaned


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdmin):
    form = InitiativeAdminForm
    list_display = ["number", "title", "plan", "status", "start_year", "end_year"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "plan", "goals"]
    list_select_related = ["plan"]
    search_fields = ["title", "description", "purpose"]
    readonly_fields = ["status", "status_changed_at", "carried_over_from", "version", "created_at"]
    filter_horizontal = ["goals", "related"]
    inlines = [ActorInline, MilestoneInline, ProgressNoteInline]


@admin.register(InitiativeActor)
class InitiativeActorAdmin(ParentVersionAdmin):
    parent = "initiative"
    list_display = ["__str__", "role", "initiative"]
    list_filter = ["role"]
    list_select_related = ["organisation", "initiative__plan"]
    search_fields = ["name", "organisation__name", "initiative__title"]
    autocomplete_fields = ["organisation"]


@admin.register(Milestone)
class MilestoneAdmin(ParentVersionAdmin):
    parent = "initiative"
    list_display = ["date", "title", "initiative", "is_reached"]
    list_filter = ["is_reached"]
    list_select_related = ["initiative__plan"]
    search_fields = ["title", "initiative__title"]
    date_hierarchy = "date"


@admin.register(ProgressNote)
class ProgressNoteAdmin(admin.ModelAdmin):
    list_display = ["date", "initiative", "progress", "author"]
    list_select_related = ["initiative__plan", "author"]
    search_fields = ["text", "initiative__title"]
    date_hierarchy = "date"


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The record of status changes is written by the service only."""

    list_display = ["changed_at", "initiative", "from_status", "to_status", "changed_by"]
    list_filter = ["to_status"]
    list_select_related = ["initiative__plan", "changed_by"]
    search_fields = ["initiative__title", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanDocument)
class PlanDocumentAdmin(PrivateDocumentAdmin):
    list_display = ["__str__", "plan", "file_kind", "file_size", "uploaded_by", "uploaded_at"]
    list_filter = ["plan"]
    list_select_related = ["plan", "uploaded_by"]
    search_fields = ["title", "original_name", "plan__title"]
    fields = ["plan", "title", "file", "file_kind", "file_size", "uploaded_by", "uploaded_at"]
