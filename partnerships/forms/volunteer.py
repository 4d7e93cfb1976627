"""The volunteer's own forms: the profile, interest in an opportunity or in general, and the
answers to a waiting-list offer. No form here carries a status: the services set it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Area, Organisation
from partnerships.models import Interest, VolunteerProfile
from partnerships.models.opportunity import Kind, TimeOfWeek
from volunteer_portal.validators import no_cpr_number

MESSAGE_FIELD = Interest._meta.get_field("message")


def message_field(**kwargs):
    return forms.CharField(
        label=_("Message to the coordinator"),
        required=False,
        max_length=MESSAGE_FIELD.max_length,
        validators=[no_cpr_number],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional: tell them a little about yourself and when you can help. Do not write "
            "your CPR number."
        ),
        **kwargs,
    )


class VolunteerProfileForm(forms.ModelForm):
    """What the volunteer tells the coordinators about themselves; the name lives on the user."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, validators=[no_cpr_number])
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of voluntary work I am interested in"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas where I can help"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When I can help"),
        choices=TimeOfWeek.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "phone",
            "kinds",
            "availability",
            "languages",
            "presentation",
            "reminders_enabled",
        ]
        widgets = {"presentation": forms.Textarea(attrs={"rows": 5})}

    field_order = [
        "full_name",
        "phone",
        "kinds",
        "areas",
        "availability",
        "languages",
        "presentation",
        "reminders_enabled",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].initial = self.instance.user.full_name
        self.fields["areas"].initial = list(self.instance.areas.values_list("pk", flat=True))
        self.fields["reminders_enabled"].help_text = _(
            "A reminder by e-mail a few days before an agreement or a one-off task starts."
        )


class InterestForm(forms.Form):
    """Interest in one opportunity: a message, and whether to wait in line when it is full."""

    message = message_field()
    join_waiting_list = forms.BooleanField(
        label=_("Put me on the waiting list if there is no place"),
        required=False,
    )


class GeneralInterestForm(forms.Form):
    """A general interest: for a municipal unit or for the volunteer centre."""

    organisation = forms.ModelChoiceField(
        label=_("Unit or volunteer centre"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose …"),
        help_text=_(
            "The volunteer centre helps you find a place anywhere in the municipality; a unit "
            "(a care home, a library) hears from you directly."
        ),
    )
    message = message_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.active()
            .filter(kind__in=[*Organisation.MUNICIPAL_KINDS, Organisation.Kind.VOLUNTEER_CENTRE])
            .order_by("name")
        )
