"""Bridge-building: recording a referral, and e-mailing a referral slip to a citizen.
Validation only: the referral is saved by organisations.services.referrals, the slip is
sent by organisations.slip."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Organisation, Referral
from volunteer_portal.validators import plain_email_validator

# The memberships a person refers from: the municipal units they work in.
REFERRING_CAPACITIES = (Membership.Capacity.STAFF, Membership.Capacity.COORDINATOR)


def _helper():
    """The page's template writes the <form> and its button; crispy renders the fields."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def referring_units(user):
    """The units ``user`` may record a referral for: the active municipal units their own
    staff or coordinator memberships name; an administrator, or anyone without such a
    membership, chooses among all active municipal units."""
    units = Organisation.objects.active().municipal()
    if user.is_portal_admin:
        return units
    index = user.memberships_index
    own = set().union(*(index.organisation_ids(c, below=False) for c in REFERRING_CAPACITIES))
    if own:
        mine = units.filter(pk__in=own)
        if mine.exists():
            return mine
    return units


class ReferralForm(forms.ModelForm):
    """The date, the referring unit and an optional note; never the citizen. Pass
    ``instance=Referral(activity=…)`` and ``user``: the units offered are the user's own."""

    class Meta:
        model = Referral
        fields = ["referred_on", "unit", "note"]
        labels = {"note": _("Note (optional)")}
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        date = self.fields["referred_on"]
        date.widget = forms.DateInput(
            attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d"
        )
        date.initial = today
        unit = self.fields["unit"]
        # A unit id outside these (typed into the page by hand) is the field's own error.
        unit.queryset = referring_units(user)
        unit.empty_label = _("Choose the unit you refer from")
        unit.help_text = _("Only the unit is recorded: not you, and not the citizen.")
        if not self.is_bound and self.instance.unit_id is None:
            only = list(unit.queryset[:2])
            if len(only) == 1:
                self.initial["unit"] = only[0].pk
        self.helper = _helper()

    def clean_referred_on(self):
        referred_on = self.cleaned_data["referred_on"]
        if referred_on and referred_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date of a referral cannot be in the future."), code="future_date"
            )
        return referred_on


class SlipMailForm(forms.Form):
    """The address a citizen wants the slip sent to. It is used once, for this one mail, and
    never stored: not in the database, the task queue, the session or the logs."""

    email = forms.CharField(
        label=_("The citizen's e-mail address"),
        max_length=254,
        validators=[plain_email_validator],
        help_text=_("The address is used for this mail only and is not saved."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
