"""The volunteer agreement form for coordinators, and the small forms that move an agreement
on (the certificate's assessment, ending it). Validation only: saving goes through
partnerships.services.volunteer_agreements."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.forms.organisation import LoadedVersionForm
from organisations.models import Membership, Organisation
from partnerships.models import VolunteerAgreement
from volunteer_portal.models import User
from volunteer_portal.validators import no_cpr_number

TEXT_FIELDS = ["tasks", "expectations", "task_boundary"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def units_coordinated_by(user):
    """The municipal units ``user`` may make a volunteer agreement for: those they coordinate
    (and those below them); an administrator, any."""
    units = Organisation.objects.municipal().active()
    if user.is_portal_admin:
        return units
    return units.filter(
        pk__in=user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
    )


class VolunteerAgreementForm(LoadedVersionForm):
    """The home unit must be one the coordinator coordinates; the contact person a staff
    member or coordinator of that very unit (the model's clean checks the pair on the server,
    whatever the browser sent)."""

    class Meta:
        model = VolunteerAgreement
        fields = [
            "unit",
            "contact_person",
            *TEXT_FIELDS,
            "rhythm",
            "start_date",
            "end_date",
            "meetings",
            "insurance",
            "child_certificate_required",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_FIELDS},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_coordinated_by(user)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Choose one of the units you coordinate."
        )
        self.fields["contact_person"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__organisation__in=units,
                memberships__capacity__in=(
                    Membership.Capacity.STAFF,
                    Membership.Capacity.COORDINATOR,
                ),
            )
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["contact_person"].label_from_instance = lambda u: f"{u} ({u.email})"
        self.fields["contact_person"].help_text = _(
            "A staff member or coordinator of the home unit chosen above."
        )
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            "loaded",
            "base",
            Fieldset(_("The parties"), "unit", "contact_person"),
            Fieldset(_("The work"), *TEXT_FIELDS, "rhythm", "meetings"),
            Fieldset(_("Period"), "start_date", "end_date"),
            Fieldset(_("Insurance and certificate"), "insurance", "child_certificate_required"),
        )
        self.helper = helper


class ChildCertificateForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("The date the child-protection certificate was assessed"),
        widget=DATE_WIDGET,
        help_text=_(
            "Record only the date: the certificate itself is deleted after the assessment."
        ),
        error_messages={"required": _("Give the date of the assessment.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the assessment cannot be in the future."))
        return day


class VolunteerAgreementEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ends on"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Give the date the agreement ends.")},
    )
    reason = forms.CharField(
        label=_("Why does the agreement end?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        validators=[no_cpr_number],
        error_messages={"required": _("Give the reason the agreement ends.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
