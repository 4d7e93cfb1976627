"""The agreement form for municipal staff, and the reason for ending one early. Validation
only: saving goes through partnerships.services.agreements."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from organisations.forms.organisation import LoadedVersionForm
from organisations.models import Organisation
from partnerships.models import Agreement, AgreementDocument
from volunteer_portal.models import User
from volunteer_portal.validators import no_cpr_number

CONTENT_FIELDS = [
    "purpose",
    "scope",
    "municipality_commits",
    "partner_commits",
    "task_boundary",
    "confidentiality",
    "rooms",
    "termination",
]


class AgreementForm(LoadedVersionForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.civil_society().active(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Choose at least one partner organisation.")},
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives of the action plan it serves"),
        queryset=Initiative.objects.select_related("plan").order_by("-plan__start_year", "number"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "responsible_unit",
            "responsible_staff",
            "partners",
            "start_date",
            "end_date",
            "term",
            "renewed_yearly",
            "involvement",
            *CONTENT_FIELDS,
            "initiatives",
            "reviews_per_year",
            "next_review_date",
            "is_public",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in CONTENT_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Organisation.objects.municipal().active()
        self.fields["responsible_staff"].queryset = User.objects.filter(
            is_active=True, role__in=(User.Role.STAFF, User.Role.COORDINATOR, User.Role.ADMIN)
        ).order_by("full_name", "email")
        self.fields["initiatives"].label_from_instance = lambda i: (
            f"{i.plan.title}: {i.number}. {i}"
        )
        if self.instance.pk:
            self.fields["partners"].initial = list(self.instance.partners.all())
            self.fields["initiatives"].initial = list(self.instance.initiatives.all())
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            "loaded",
            "base",
            Fieldset(
                _("The agreement"),
                "kind",
                "title",
                "responsible_unit",
                "responsible_staff",
                "partners",
                "involvement",
            ),
            Fieldset(_("Period"), "start_date", "end_date", "term", "renewed_yearly"),
            Fieldset(_("Contents"), *CONTENT_FIELDS),
            Fieldset(
                _("Follow-up"), "initiatives", "reviews_per_year", "next_review_date", "is_public"
            ),
        )
        self.helper = helper

    def model_fields(self):
        return [name for name in super().model_fields() if name not in ("partners", "initiatives")]


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the agreement end early?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        validators=[no_cpr_number],
        error_messages={"required": _("Give the reason the agreement ends early.")},
    )


class AgreementDocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "file"]
