"""The form for a volunteer opportunity, for the coordinators of its unit. Validation only
(the model's clean() checks the dates and times); saving goes through
partnerships.services.opportunities."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from organisations.forms.organisation import LoadedVersionForm
from organisations.models import Membership, Organisation
from partnerships.models import Opportunity, TimeOfWeek
from volunteer_portal.models import User

LISTS = ("coordinators", "target_groups", "initiatives")
DATE_INPUT = {"type": "date"}


def organisations_for(user, instance=None):
    """The units and organisations ``user`` may post an opportunity for: those they coordinate
    (administrators: every active one), and the one an opportunity they edit already has."""
    if user.is_portal_admin:
        choices = Organisation.objects.active()
    else:
        ids = user.memberships_index.organisation_ids(Membership.Capacity.COORDINATOR)
        choices = Organisation.objects.filter(pk__in=ids, is_active=True)
    if instance is not None and instance.organisation_id:
        choices = choices | Organisation.objects.filter(pk=instance.organisation_id)
    return choices


class OpportunityForm(LoadedVersionForm):
    """What the task is, where and when, whom it wants, and for which unit."""

    times = forms.MultipleChoiceField(
        label=_("When"),
        choices=TimeOfWeek.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "description",
            "kind",
            "organisation",
            "coordinators",
            "target_groups",
            "place",
            "area",
            "meeting_place",
            "rhythm",
            "time_commitment",
            "times",
            "is_one_off",
            "start_date",
            "end_date",
            "volunteers_wanted",
            "skills",
            "languages",
            "practical_notes",
            "works_with_children",
            "initiatives",
        ]
        help_texts = {
            "coordinators": _(
                "They are mailed every new interest. Without any, the unit's coordinators are. "
                "Hold Ctrl (or ⌘) to choose more than one."
            ),
        }
        error_messages = {
            "organisation": {"invalid_choice": _("Choose one of the units you coordinate.")},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "practical_notes": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "coordinators": forms.SelectMultiple(attrs={"size": 6}),
            "initiatives": forms.SelectMultiple(attrs={"size": 6}),
            "start_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "volunteers_wanted": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        # (Labels and help texts are in Meta: the parent's __init__ already made the bound
        # fields, which keep the field's texts as they were then.)
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["organisation"].queryset = organisations_for(user, self.instance)
        fields["coordinators"].queryset = User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(capacity=Membership.Capacity.COORDINATOR).values(
                "user"
            ),
        ).order_by("full_name", "email")
        fields["initiatives"].queryset = (
            Initiative.objects.visible_to(user)
            .select_related("plan")
            .order_by("-plan__start_year", "number")
        )
        fields["initiatives"].label_from_instance = lambda i: f"{i.plan.title}: {i.number}. {i}"
        fields["volunteers_wanted"].validators.append(MinValueValidator(1))
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            "loaded",
            "base",
            Fieldset(_("The task"), "title", "description", "kind", "organisation", "coordinators"),
            Fieldset(_("Who it is for"), "target_groups", "works_with_children"),
            Fieldset(_("Where"), "place", "area", "meeting_place"),
            Fieldset(
                _("When"),
                "rhythm",
                "time_commitment",
                "times",
                "is_one_off",
                "start_date",
                "end_date",
            ),
            Fieldset(
                _("Whom it wants"), "volunteers_wanted", "skills", "languages", "practical_notes"
            ),
            Fieldset(_("Follow-up"), "initiatives"),
        )
        self.helper = helper

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation and not organisation.is_municipal and not cleaned.get("coordinators"):
            self.add_error(
                "coordinators",
                _(
                    "An organisation's task needs a coordinator of the municipality, who "
                    "receives its interest: choose at least one."
                ),
            )
        return cleaned

    def lists(self):
        """The coordinators, target groups and initiatives chosen, for the service."""
        return {name: list(self.cleaned_data[name]) for name in LISTS}

    def model_fields(self):
        return [name for name in super().model_fields() if name not in LISTS]
