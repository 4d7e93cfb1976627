from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from volunteer_portal.models import Municipality, User
from volunteer_portal.municipality import logo_content_type, logo_size_check


class MembershipInline(admin.TabularInline):
    """Who the person acts for: units as coordinator or staff member, organisations as their
    contact. The model's checks refuse a capacity that does not fit the account or the
    organisation, and a duplicate."""

    model = Membership
    fields = ["organisation", "capacity"]
    autocomplete_fields = ["organisation"]
    extra = 0


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "language"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["issue_emergency_code"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (_("Role"), {"fields": ["role", "is_active", "language"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "password1", "password2"],
            },
        ),
    ]

    @admin.action(description=_("Issue a one-time emergency code"), permissions=["change"])
    def issue_emergency_code(self, request, queryset):
        """Instead of switching a person's two-factor authentication off (a lost phone): a
        code for one log-in, shown here once; then they set up TOTP again."""
        from allauth.mfa.models import Authenticator

        from volunteer_portal.mfa import issue_emergency_code

        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one person to issue a code for."), messages.ERROR
            )
            return None
        person = queryset.get()
        if not Authenticator.objects.filter(
            user_id=person.pk, type=Authenticator.Type.TOTP
        ).exists():
            self.message_user(
                request,
                _(
                    "%(person)s has not set up two-factor authentication: they are asked to "
                    "at their next log-in, so no emergency code is needed."
                )
                % {"person": person},
                messages.WARNING,
            )
            return None
        code = issue_emergency_code(person, by=request.user)
        self.log_change(request, person, "Issued a one-time emergency code for two-factor login")
        context = {
            **self.admin_site.each_context(request),
            "title": _("One-time emergency code"),
            "person": person,
            "code": code,
            "opts": self.model._meta,
        }
        response = TemplateResponse(
            request, "admin/volunteer_portal/user/emergency_code.html", context
        )
        response["Cache-Control"] = "no-store"
        return response


class MunicipalityForm(forms.ModelForm):
    """The municipality's settings. The logo arrives as a file and is kept as bytes; the
    model's own checks (``Municipality.clean``) judge it, as they do for any other caller."""

    logo = forms.FileField(
        label=_("Logo or coat of arms"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 1 MB. A new file replaces the current logo."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Municipality
        fields = [
            "name",
            "logo_alt",
            "address",
            "phone",
            "email",
            "website",
            "digital_post_url",
            "accessibility_statement_url",
            "privacy_notice",
        ]

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        logo_size_check(upload.size)  # before the file is read into memory
        data = upload.read()
        logo_content_type(data)
        return data

    def clean(self):
        cleaned_data = super().clean()
        # Set before the model's checks run, so that they see the logo that will be saved.
        if cleaned_data.get("logo"):
            self.instance.logo = cleaned_data["logo"]
        elif cleaned_data.get("remove_logo"):
            self.instance.logo = b""
        return cleaned_data


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """One settings page for the single row: no list, no second row, no deleting."""

    form = MunicipalityForm
    readonly_fields = ["current_logo"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (_("Logo"), {"fields": ["current_logo", "logo", "remove_logo", "logo_alt"]}),
        (
            _("Contact"),
            {"fields": ["address", "phone", "email", "website", "digital_post_url"]},
        ),
        (_("Statements"), {"fields": ["accessibility_statement_url", "privacy_notice"]}),
    ]

    @admin.display(description=_("Current logo"))
    def current_logo(self, obj):
        if not obj.has_logo:
            return _("None")
        url = reverse("municipality-logo", kwargs={"version": obj.logo_hash})
        return format_html('<img src="{}" alt="{}" height="64">', url, obj.logo_alt)

    def get_form(self, request, obj=None, **kwargs):
        # The form's own field list: its "logo" is an uploaded file, which the model's
        # non-editable field of that name (the stored bytes) could not be.
        return super().get_form(request, obj, **(kwargs | {"fields": None}))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Straight to the settings, or to filling them in the first time."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        municipality = Municipality.objects.only("id").first()
        if municipality is None:
            return redirect("admin:volunteer_portal_municipality_add")
        return redirect("admin:volunteer_portal_municipality_change", municipality.pk)


# Rights come from the rules and memberships, never from Django's groups: hide them.
admin.site.unregister(Group)
# The rate limits' counts and the daily runs.
from volunteer_portal import daily_runs_admin, ratelimits_admin  # noqa: E402, F401
