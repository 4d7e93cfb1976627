"""The form for an activity, for municipal staff and the organisation's contact person alike.
Validation only (the times and ages are checked by the model's clean()); saving goes through
organisations.services.activities."""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from organisations.forms.organisation import LoadedVersionForm, telephone_input
from organisations.models import Activity
from organisations.models.activity import WEEKDAY_FIELDS

WEEKDAYS = [name for name, _label in WEEKDAY_FIELDS]
# "125,50", "125.50", "1.250,50", "1 250,50", "125 kr.": kroner as people write them.
KRONER = re.compile(r"\A(?P<whole>\d{1,3}(?:[. ]\d{3})+|\d+)(?:[,.](?P<oere>\d{1,2}))?\Z")
CURRENCY = re.compile(r"\A(?:kr\.?|dkk) ?| ?(?:kr\.?|dkk)\Z")


class KronerField(forms.DecimalField):
    """A price in kroner as Danes type it, with a decimal comma ("125,50"); a decimal point,
    thousands separators and a trailing "kr." are understood too, on every language's page.
    Shown with the page's own decimal sign."""

    default_error_messages = {
        "invalid": _("Enter the price in kroner, such as 125 or 125,50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = " ".join(str(value).replace("\xa0", " ").lower().split())
        text = CURRENCY.sub("", text).removesuffix(",-")
        match = KRONER.match(text)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        whole = match["whole"].replace(".", "").replace(" ", "")
        try:
            return Decimal(f"{whole}.{match['oere'] or '0'}")
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return formats.number_format(value, decimal_pos=2 if value % 1 else 0)
        return value


class ActivityForm(LoadedVersionForm):
    """What an activity is, for whom, where and when, what it costs and how to join."""

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "target_groups",
            "challenges",
            "min_age",
            "max_age",
            "area",
            "place",
            "is_by_phone",
            "is_online",
            "rhythm",
            *WEEKDAYS,
            "start_time",
            "end_time",
            "price_dkk",
            "referral_needed",
            "welcome_name",
            "welcome_phone",
            "welcome_email",
            "may_bring_companion",
            "can_be_accompanied",
            "accessibility",
            "is_published",
        ]
        field_classes = {"price_dkk": KronerField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "challenges": forms.CheckboxSelectMultiple,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "min_age": forms.NumberInput(attrs={"min": 0, "max": 130, "inputmode": "numeric"}),
            "max_age": forms.NumberInput(attrs={"min": 0, "max": 130, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        telephone_input(self.fields["welcome_phone"])
        self.fields["is_published"].help_text = _(
            "Only published activities are shown in the directory."
        )
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            "loaded",
            "base",
            "title",
            "description",
            Fieldset(_("Who it is for"), "target_groups", "challenges", "min_age", "max_age"),
            Fieldset(_("Where"), "area", "place", "is_by_phone", "is_online"),
            Fieldset(
                _("When"),
                "rhythm",
                Div(*WEEKDAYS, css_class="weekdays"),
                "start_time",
                "end_time",
            ),
            Fieldset(
                _("How to join"),
                "price_dkk",
                "referral_needed",
                "may_bring_companion",
                "can_be_accompanied",
                "welcome_name",
                "welcome_phone",
                "welcome_email",
            ),
            "accessibility",
            "is_published",
        )
        self.helper = helper

    def m2m_values(self):
        """The target groups and challenges chosen, for the service."""
        return {
            "target_groups": self.cleaned_data["target_groups"],
            "challenges": self.cleaned_data["challenges"],
        }

    def model_fields(self):
        return [name for name in super().model_fields() if name not in self.m2m_names]

    m2m_names = ("target_groups", "challenges")
