"""The rate limits' counts in the admin: to look at, never to edit (issue #12)."""

from django.contrib import admin

from volunteer_portal.models import RateLimitHit


@admin.register(RateLimitHit)
class RateLimitHitAdmin(admin.ModelAdmin):
    """Who hit which limit stays hidden (the keys are hashes); what can be seen is how often
    each action was used in each window. Rows age out by themselves."""

    list_display = ["action", "window_start", "expires_at", "count"]
    list_filter = ["action"]
    search_fields = ["action"]
    readonly_fields = ["action", "key", "window_start", "expires_at", "count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
