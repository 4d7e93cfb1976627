from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organisations.models import (
    Activity,
    Area,
    Challenge,
    Membership,
    Organisation,
    Referral,
    TargetGroup,
)

WEEKDAYS = (
    "on_monday",
    "on_tuesday",
    "on_wednesday",
    "on_thursday",
    "on_friday",
    "on_saturday",
    "on_sunday",
)

ACTIVITY_FIELDSETS = [
    (None, {"fields": ["organisation", "title", "description", "is_published"]}),
    (_("Who it is for"), {"fields": ["target_groups", "challenges", ("min_age", "max_age")]}),
    (_("Where"), {"fields": ["area", "place", ("is_by_phone", "is_online"), "accessibility"]}),
    (_("When"), {"fields": ["rhythm", WEEKDAYS, ("start_time", "end_time")]}),
    (
        _("Joining"),
        {
            "fields": [
                "price_dkk",
                "referral_needed",
                ("may_bring_companion", "can_be_accompanied"),
                ("welcome_name", "welcome_phone", "welcome_email"),
            ]
        },
    ),
    (_("Upkeep"), {"fields": ["last_confirmed", "created_at", "updated_at"]}),
]


class ActivityInline(admin.StackedInline):
    """An organisation's activities on its own page; the full form is the activity's page."""

    model = Activity
    extra = 0
    show_change_link = True
    fields = [
        "title",
        "is_published",
        "target_groups",
        "challenges",
        ("min_age", "max_age"),
        "area",
        "place",
        "rhythm",
        ("start_time", "end_time"),
        "price_dkk",
        "referral_needed",
        "last_confirmed",
    ]
    filter_horizontal = ["target_groups", "challenges"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "area", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "is_non_profit", "area"]
    list_select_related = ["parent", "area"]
    search_fields = ["name", "description", "email", "cvr"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "description", "is_active"]}),
        (_("Where and who"), {"fields": ["address", "area", "website", "cvr", "is_non_profit"]}),
        (
            _("Public contact (shown to everyone)"),
            {"fields": ["contact_name", "email", "phone"]},
        ),
        (
            _("Contact for staff (shown only to municipal staff)"),
            {"fields": ["staff_contact_name", "staff_contact_email", "staff_contact_phone"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "area", "is_published", "last_confirmed"]
    list_filter = ["is_published", "referral_needed", "area", "target_groups", "challenges"]
    list_select_related = ["organisation", "area"]
    search_fields = ["title", "description", "organisation__name", "place"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["target_groups", "challenges"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = ACTIVITY_FIELDSETS
    date_hierarchy = "last_confirmed"


class NamedListAdmin(admin.ModelAdmin):
    """The municipality's editable lists (areas, target groups, challenges)."""

    list_display = ["name"]
    search_fields = ["name"]


for model in (Area, TargetGroup, Challenge):
    admin.site.register(model, NamedListAdmin)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """All memberships in one list; they are usually edited on the person (Users)."""

    list_display = ["user", "capacity", "organisation", "created_at"]
    list_filter = ["capacity", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Recorded referrals: what was counted, never who the citizen was."""

    list_display = ["referred_on", "activity", "unit"]
    list_filter = ["unit", "referred_on"]
    list_select_related = ["activity", "unit"]
    search_fields = ["activity__title", "unit__name"]
    autocomplete_fields = ["activity", "unit"]
    date_hierarchy = "referred_on"
