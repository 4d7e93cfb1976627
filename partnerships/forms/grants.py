"""Forms for § 18 grants: a new grant, its payment and its report; the filter of a pool's
grants. Validation only: saving goes through partnerships.services.grants, which also judges
the outstanding-report rule and the pool's budget (the view shows its refusals on the form)."""

from decimal import Decimal

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.forms.activity import KronerField
from organisations.models import Organisation, TargetGroup
from partnerships.models import Agreement, Grant, GrantPool, GrantReport
from partnerships.services.grants import outstanding_reports
from volunteer_portal.validators import no_cpr_number


def _helper():
    """The page's template writes the <form> and its buttons; crispy renders the fields."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class AmountField(KronerField):
    """An amount in kroner, more than 0, as Danes type it ("12.500,50", "12500.50",
    "12 500 kr."); a minus sign gets its own message rather than "not a number"."""

    default_error_messages = {
        "invalid": _("Enter the amount in kroner, such as 12.500 or 12.500,50."),
        "negative": _("The amount must be more than 0 kr."),
        "min_value": _("The amount must be more than 0 kr."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
        "max_decimal_places": _("Give the amount in whole øre: at most two decimals."),
    }

    def __init__(self, *, minimum=Decimal("0.01"), **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(min_value=minimum, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip().startswith(("-", "\u2212")):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return super().to_python(value)


class PoolForm(forms.ModelForm):
    """A yearly pool: its year, name, budget, focus areas and target groups."""

    budget = AmountField(label=_("Budget (DKK)"), minimum=Decimal("0"))

    class Meta:
        model = GrantPool
        fields = ["year", "name", "budget", "focus_areas", "target_groups"]
        widgets = {
            "focus_areas": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        self.helper = _helper()


class GrantForm(forms.ModelForm):
    """A new grant. ``override_reason`` is shown when the organisation has a report
    outstanding, ``confirm_over_budget`` when the grant exceeds the pool's remaining budget;
    the view sets ``needs_override`` / ``needs_confirm`` from what the service answers."""

    amount = AmountField(label=_("Amount (DKK)"))
    override_reason = forms.CharField(
        label=_("Reason for granting while a report is outstanding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_cpr_number],
        help_text=_("The reason is kept with the grant."),
    )
    confirm_over_budget = forms.BooleanField(
        label=_("Grant it anyway, beyond the pool's remaining budget"), required=False
    )

    class Meta:
        model = Grant
        fields = [
            "pool",
            "organisation",
            "agreement",
            "amount",
            "target_group",
            "purpose",
            "report_due",
            "is_public",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"report_due": _("Leave empty for the pool's usual date (1 April next year).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = GrantPool.objects.all()
        self.fields["organisation"].queryset = Organisation.objects.civil_society().active()
        self.fields["agreement"].queryset = Agreement.objects.all()
        self.fields["target_group"].queryset = TargetGroup.objects.all()
        self.fields["report_due"].required = False
        self.fields["report_due"].widget = _date_input()
        self.needs_override = False
        self.needs_confirm = False
        self.helper = _helper()

    @property
    def show_override(self):
        return self.needs_override or bool(self["override_reason"].value())

    @property
    def show_confirm(self):
        return self.needs_confirm or bool(self["confirm_over_budget"].value())

    def clean(self):
        cleaned = super().clean()
        agreement, organisation = cleaned.get("agreement"), cleaned.get("organisation")
        if organisation is not None:
            # Show the reason's field at once, rather than only after the service refuses.
            self.needs_override = outstanding_reports(organisation).exists()
        if (
            agreement
            and organisation
            and not agreement.partners.filter(pk=organisation.pk).exists()
        ):
            self.add_error(
                "agreement", _("The organisation is not a partner of the chosen agreement.")
            )
        return cleaned


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        self.fields["paid_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.helper = _helper()


class GrantReportForm(forms.ModelForm):
    """The association's report on a grant. Pass ``instance=GrantReport(grant=…)`` or the
    grant's report; the amount rules are the service's (partnerships.services.grants)."""

    unused_amount = AmountField(label=_("Unused amount (DKK)"), minimum=Decimal("0"))

    class Meta:
        model = GrantReport
        fields = [
            "received_on",
            "use",
            "unused_amount",
            "unused_handling",
            "itemised_accounts_received",
            "certified_accounts_received",
        ]
        widgets = {"use": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["received_on"].widget = _date_input(max=today.isoformat())
        if self.initial.get("received_on") is None:  # a new report: received today
            self.initial["received_on"] = today
        # Missing means nothing unused; the service asks for it when an amount is unused.
        self.fields["unused_handling"].required = False
        grant = self.instance.grant
        if not grant.itemised_accounts_required:
            del self.fields["itemised_accounts_received"]
        if not grant.certified_accounts_required:
            del self.fields["certified_accounts_received"]
        self.helper = _helper()

    def clean_unused_handling(self):
        return self.cleaned_data["unused_handling"] or GrantReport.Unused.NONE


class GrantFilter(django_filters.FilterSet):
    """A pool's grants by payment, report and the organisation's volunteer type."""

    is_paid = django_filters.BooleanFilter(
        label=_("Paid"), field_name="paid_on", lookup_expr="isnull", exclude=True
    )
    has_report = django_filters.BooleanFilter(
        label=_("Reported"), field_name="report", lookup_expr="isnull", exclude=True
    )
    kind = django_filters.ChoiceFilter(
        label=_("Volunteer type"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Grant
        fields = ["is_paid", "has_report", "kind"]
