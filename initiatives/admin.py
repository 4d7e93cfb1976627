"""Django admin for the action plan. Status is read-only here: it changes only through the
services (the plan pages), so that every change is recorded with who and when."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)


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


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year", "status", "published_at", "updated_at"]
    list_filter = ["status", "start_year"]
    list_select_related = ["published_by"]
    search_fields = ["title", "vision", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "published_by", "version", "created_at"]
    inlines = [StrategicGoalInline, InitiativeInline]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
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
class InitiativeAdmin(admin.ModelAdmin):
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
class InitiativeActorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "initiative"]
    list_filter = ["role"]
    list_select_related = ["organisation", "initiative__plan"]
    search_fields = ["name", "organisation__name", "initiative__title"]
    autocomplete_fields = ["organisation"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "initiative", "is_reached"]
    list_filter = ["is_reached"]
    list_select_related = ["initiative__plan"]
    search_fields = ["title", "initiative__title"]
    date_hierarchy = "date"


@admin.register(ProgressNote)
class ProgressNoteAdmin(admin.ModelAdmin):
    list_display = ["date", "initiative", "author"]
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
