from django.contrib import admin

from partnerships.models import (
    Agreement,
    AgreementDocument,
    CalendarToken,
    ChildCertificateDeclaration,
    Grant,
    GrantPool,
    GrantReport,
    Interest,
    Opportunity,
    ReviewMeeting,
    SentReminder,
    VolunteerAgreement,
    VolunteerProfile,
)
from volunteer_portal.private_files_admin import PrivateDocumentAdmin, PrivateDocumentInline


class AgreementDocumentInline(PrivateDocumentInline):
    model = AgreementDocument
    fk_name = "agreement"
    fields = ["title", "file", "file_kind", "file_size", "uploaded_by", "uploaded_at"]


class ReviewMeetingInline(admin.TabularInline):
    model = ReviewMeeting
    extra = 0
    fields = ["date", "participants", "minutes", "follow_ups"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "responsible_unit", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "involvement", "term", "is_public"]
    list_select_related = ["responsible_unit"]
    search_fields = ["title", "purpose", "partners__name"]
    autocomplete_fields = ["responsible_unit", "responsible_staff", "partners", "renewal_of"]
    filter_horizontal = ["initiatives"]
    readonly_fields = ["status", "status_changed_at", "ended_reason", "created_at", "updated_at"]
    inlines = [ReviewMeetingInline, AgreementDocumentInline]


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    fields = ["organisation", "amount", "purpose", "paid_on", "report_due"]
    autocomplete_fields = ["organisation"]


@admin.register(GrantPool)
class GrantPoolAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "budget"]
    list_filter = ["year"]
    search_fields = ["name", "focus_areas"]
    filter_horizontal = ["target_groups"]
    inlines = [GrantInline]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "pool", "amount", "paid_on", "report_due"]
    list_filter = ["pool__year", "pool"]
    list_select_related = ["organisation", "pool"]
    search_fields = ["organisation__name", "purpose"]
    autocomplete_fields = ["organisation", "agreement"]


class GrantReportDocumentInline(PrivateDocumentInline):
    model = AgreementDocument
    fk_name = "grant_report"
    fields = ["title", "file", "file_kind", "file_size", "uploaded_by", "uploaded_at"]


@admin.register(GrantReport)
class GrantReportAdmin(admin.ModelAdmin):
    list_display = ["grant", "received_on", "unused_amount", "unused_handling"]
    list_select_related = ["grant__organisation", "grant__pool"]
    search_fields = ["grant__organisation__name", "use"]
    autocomplete_fields = ["grant"]
    inlines = [GrantReportDocumentInline]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(PrivateDocumentAdmin):
    list_display = ["__str__", "agreement", "grant_report", "uploaded_at"]
    list_select_related = ["agreement", "grant_report__grant__organisation"]
    autocomplete_fields = ["agreement", "grant_report"]


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(admin.ModelAdmin):
    list_display = ["agreement", "date"]
    list_select_related = ["agreement"]
    search_fields = ["agreement__title", "minutes"]
    autocomplete_fields = ["agreement"]
    date_hierarchy = "date"


@admin.register(ChildCertificateDeclaration)
class ChildCertificateDeclarationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "received_on"]
    list_filter = ["year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "sent_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "recipient", "sent_at"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    readonly_fields = ["token", "created_at"]
    autocomplete_fields = ["user"]


# The volunteer flow. Statuses move only through the services (the portal's pages); the
# admin shows them read-only.


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "volunteers_wanted", "status"]
    list_filter = ["status", "kind", "is_one_off", "works_with_children", "area"]
    list_select_related = ["organisation"]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["organisation", "coordinators"]
    filter_horizontal = ["target_groups", "initiatives"]
    readonly_fields = ["status", "status_changed_at", "created_at", "updated_at"]


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "phone",
        "consent_given_at",
        "consent_withdrawn_at",
        "reminders_enabled",
    ]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["areas"]
    readonly_fields = ["consent_given_at", "consent_withdrawn_at", "created_at", "updated_at"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "opportunity", "organisation", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["volunteer", "opportunity", "organisation"]
    search_fields = ["volunteer__email", "volunteer__full_name", "opportunity__title"]
    autocomplete_fields = ["volunteer", "opportunity", "organisation"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "declined_reason",
        "answered_at",
        "place_offered_until",
        "created_at",
        "updated_at",
    ]


@admin.register(VolunteerAgreement)
class VolunteerAgreementAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "unit", "contact_person", "start_date", "end_date", "status"]
    list_filter = ["status", "child_certificate_required", "insurance"]
    list_select_related = ["volunteer", "unit", "contact_person"]
    search_fields = ["volunteer__email", "volunteer__full_name", "unit__name", "tasks"]
    autocomplete_fields = ["volunteer", "unit", "contact_person", "opportunity"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "interest",
        "answer_by",
        "confirmed_at",
        "approved_at",
        "approved_by",
        "ended_on",
        "ended_reason",
        "ended_by",
        "child_certificate_assessed_on",
        "child_certificate_assessed_by",
        "child_certificate_renew_by",
        "created_by",
        "created_at",
        "updated_at",
    ]


# The audit log of every app, read-only for everyone, with the access log of who viewed a
# volunteer's data (issue #12; it replaces auditlog's own admin of LogEntry).
from volunteer_portal import audit_admin  # noqa: E402, F401
