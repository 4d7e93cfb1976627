"""The audit log in the Django admin, for administrators: every change and every recorded look
at a volunteer's data, filtered by model, actor, action and date and searched by text. It is
read-only for everyone: no one adds, edits or deletes an entry here (there is no delete action
either; ``volunteer_portal.audit_log`` refuses deletion below the admin too)."""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from volunteer_portal import audit_log  # noqa: F401  (connects the guard against deletion)
from volunteer_portal.models import User


class ActorFilter(admin.SimpleListFilter):
    """The people who have entries (municipal users and administrators, not volunteers: a
    list of every citizen would be a list of personal data in itself; search finds them)."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        people = User.objects.filter(
            role__in=(User.Role.STAFF, User.Role.COORDINATOR, User.Role.ADMIN),
            pk__in=LogEntry.objects.values("actor_id"),
        ).order_by("full_name", "email")
        return [(str(person.pk), str(person)) for person in people]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=self.value())
        return queryset


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "remote_addr"]
    list_filter = ["action", ResourceTypeFilter, ActorFilter, "timestamp"]
    search_fields = [
        "object_repr",
        "changes_text",
        "actor__full_name",
        "actor__email",
        "actor_email",
    ]
    readonly_fields = [
        "created",
        "resource_url",
        "action",
        "user_url",
        "remote_addr",
        "msg",
        "additional_data",
    ]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "remote_addr", "resource_url", "cid"]}),
        (_("Changes"), {"fields": ["action", "msg", "additional_data"]}),
    ]
    actions = None
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
