"""The daily runs in the admin: to look at, never to edit (``run_daily --retry`` re-runs)."""

from django.contrib import admin

from volunteer_portal.models import DailyRun


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    """Which server ran each day's commands, when, whether they succeeded, and their output."""

    list_display = ["day", "host", "started_at", "finished_at", "is_ok"]
    list_filter = ["is_ok"]
    date_hierarchy = "day"
    readonly_fields = ["day", "host", "started_at", "finished_at", "is_ok", "output"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
