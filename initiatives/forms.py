"""Forms for editing action plans. Validation only: saving goes through initiatives.services."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    FIRST_YEAR,
    LAST_YEAR,
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StrategicGoal,
)
from organisations.models import Organisation, danish_slugify
from volunteer_portal.validators import no_cpr_number


def _helper():
    """Our composite pages put several forms in one <form>: crispy renders fields only."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class YearRangeMixin:
    """The last year may not come before the first; the browser already knows the range."""

    start_field = "start_year"
    end_field = "end_year"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (self.start_field, self.end_field):
            if name in self.fields:
                self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get(self.start_field), cleaned.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, _("The end cannot be before the start."))
        return cleaned


class LoadedVersionMixin(forms.Form):
    """What the editor loaded: ``version`` for the optimistic locking (the service refuses the
    save when someone else has saved since), and ``loaded``, a signed snapshot of the page that
    the view fills in, for merging their changes with the other's (initiatives.conflicts)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class KnownRowsFormSet(forms.BaseInlineFormSet):
    """A formset whose rows are looked up among the parent's own rows, loaded once. An id that
    is not one of them (a row deleted meanwhile, a row of another parent, or no id a database
    could hold) is an error on the row: never a database error, a query per row, or a row
    silently dropped, as with Django's own id field."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        own = form.fields[name]
        form.fields[name] = OwnRowField(
            self, initial=own.initial, required=own.required, widget=own.widget
        )


class OwnRowField(forms.ModelChoiceField):
    """The hidden id of a formset row: one of the formset's own rows."""

    def __init__(self, formset, **kwargs):
        super().__init__(formset.get_queryset(), **kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pk = self.formset.model._meta.pk.to_python(value)
        except forms.ValidationError:
            pk = None
        row = None if pk is None else self.formset._existing_object(pk)
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return row


class PlanChoicesField(forms.ModelMultipleChoiceField):
    """Goals or initiatives of the plan. A value no row can have (beyond the id column's range,
    e.g. 20 digits) is an invalid choice, where Django would ask the database and fail."""

    def _check_values(self, value):
        low, high = connection.ops.integer_field_range(
            self.queryset.model._meta.pk.get_internal_type()
        )
        for item in value if isinstance(value, (list, tuple)) else ():
            try:
                number = int(str(item))
            except ValueError:
                continue  # Django's own check names it
            if (low is not None and number < low) or (high is not None and number > high):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class PlanSlugMixin:
    """The plan's short name in addresses: typed freely ('Rødovre 2023') and turned into an
    address ('roedovre-2023'). The model's validator refuses the fixed addresses beside the
    plans (new, overview), here and in Django admin alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"] = forms.CharField(
            label=_("Short name in the address"),
            max_length=100,
            help_text=_("Letters, digits and hyphens, e.g. roedovre-2024-2026."),
        )

    def clean_slug(self):
        slug = danish_slugify(self.cleaned_data["slug"])
        if not slug:
            raise forms.ValidationError(_("Use at least one letter or digit."), code="empty_slug")
        return slug


class PlanForm(PlanSlugMixin, YearRangeMixin, LoadedVersionMixin, forms.ModelForm):
    """A plan's own fields, with the version and snapshot the editor loaded."""

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "slug",
            "start_year",
            "end_year",
            "vision",
            "legal_basis",
            "introduction",
        ]
        widgets = {"vision": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BaseGoalFormSet(KnownRowsFormSet):
    def clean(self):
        """A goal that initiatives serve is not deleted silently: they would lose it."""
        super().clean()
        for form in self.deleted_forms:
            goal = form.instance
            if goal.pk and goal.initiatives.exists():
                raise forms.ValidationError(
                    _(
                        "Strategic goal %(number)s is served by initiatives. Remove it from "
                        "them before you delete it."
                    ),
                    params={"number": goal.number},
                    code="goal_in_use",
                )


GoalFormSet = forms.inlineformset_factory(
    ActionPlan,
    StrategicGoal,
    formset=BaseGoalFormSet,
    fields=["number", "title", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    # A cap on the rows a request can make the server build (TOTAL_FORMS is the client's).
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class InitiativeForm(YearRangeMixin, LoadedVersionMixin, forms.ModelForm):
    """An initiative of one plan, with the version and snapshot the editor loaded."""

    class Meta:
        model = Initiative
        fields = [
            "number",
            "title",
            "description",
            "purpose",
            "goals",
            "start_year",
            "end_year",
            "start_date",
            "end_date",
            "related",
        ]
        field_classes = {"goals": PlanChoicesField, "related": PlanChoicesField}
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "related": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "goals": {
                "invalid_choice": _(
                    "Choose only strategic goals of this action plan: %(value)s is not one of them."
                ),
            },
            "related": {
                "invalid_choice": _(
                    "Related initiatives must belong to the same action plan: %(value)s does not."
                ),
            },
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["goals"].queryset = plan.goals.all()
        self.fields["related"].queryset = plan.initiatives.exclude(pk=self.instance.pk)
        self.helper = _helper()

    def clean_number(self):
        number = self.cleaned_data["number"]
        others = self.plan.initiatives.exclude(pk=self.instance.pk)
        if others.filter(number=number).exists():
            raise forms.ValidationError(
                _("Another initiative of this plan already has number %(number)s."),
                params={"number": number},
                code="duplicate_number",
            )
        return number

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        for date_field, year_field in (("start_date", "start_year"), ("end_date", "end_year")):
            date, year = cleaned.get(date_field), cleaned.get(year_field)
            # A date outside the portal's years gets the model's range error instead.
            if date and year and date.year != year and FIRST_YEAR <= date.year <= LAST_YEAR:
                self.add_error(
                    date_field,
                    _("The date must fall in the year above (%(year)s).") % {"year": year},
                )
        return cleaned

    def timeline_warnings(self, milestone_dates=()):
        """Soft problems that do not stop a save: a timeline outside the plan's period, or
        milestones outside the initiative's own years."""
        data, plan, warnings = self.cleaned_data, self.plan, []
        years = [data.get("start_year"), data.get("end_year")]
        years += [d.year for d in (data.get("start_date"), data.get("end_date")) if d]
        if any(y and not plan.start_year <= y <= plan.end_year for y in years):
            warnings.append(
                _(
                    "The timeline goes outside the plan's period %(period)s. It has been saved; "
                    "check that this is intended."
                )
                % {"period": plan.period}
            )
        first, last = data.get("start_year"), data.get("end_year")
        if first and last and any(not first <= d.year <= last for d in milestone_dates):
            warnings.append(
                _(
                    "A milestone lies outside the initiative's years %(first)s-%(last)s. It has "
                    "been saved; check that this is intended."
                )
                % {"first": first, "last": last}
            )
        return warnings


class ActorForm(forms.ModelForm):
    """One actor row. Active organisations are offered; a row keeps its own organisation even
    after it was deactivated, so that the initiative can still be saved."""

    class Meta:
        model = InitiativeActor
        fields = ["organisation", "name", "role"]

    def __init__(self, *args, active_organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.empty_label = _("Choose an organisation or unit")
        current = self.instance.organisation if self.instance.organisation_id else None
        allowed = Organisation.objects.active()
        if current is not None:
            allowed = allowed | Organisation.objects.filter(pk=current.pk)
        field.queryset = allowed
        if active_organisations is not None:
            # Choices shared by the whole formset: no query per row.
            extra = [(current.pk, str(current))] if current and not current.is_active else []
            field.choices = [("", field.empty_label), *active_organisations, *extra]
        self.fields["name"].help_text = ""  # said once above the formset, not on every row

    def clean(self):
        cleaned = super().clean()
        organisation, name = cleaned.get("organisation"), cleaned.get("name", "").strip()
        if cleaned.get("DELETE"):
            return cleaned
        if organisation and name:
            self.add_error("name", _("Choose an organisation or write a name, not both."))
        elif not organisation and not name:
            self.add_error(
                "organisation", _("Choose an organisation or write the name of another actor.")
            )
        return cleaned


class BaseActorFormSet(KnownRowsFormSet):
    """Loads the active organisations once for all rows, and each row's organisation with it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", InitiativeActor.objects.select_related("organisation"))
        super().__init__(*args, **kwargs)

    @cached_property
    def active_organisations(self):
        return [(o.pk, str(o)) for o in Organisation.objects.active()]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "active_organisations": self.active_organisations}


ActorFormSet = forms.inlineformset_factory(
    Initiative,
    InitiativeActor,
    form=ActorForm,
    formset=BaseActorFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    absolute_max=100,
    validate_max=True,
)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "title", "is_reached"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


MilestoneFormSet = forms.inlineformset_factory(
    Initiative,
    Milestone,
    form=MilestoneForm,
    formset=KnownRowsFormSet,
    extra=1,
    can_delete=True,
    max_num=100,
    absolute_max=100,
    validate_max=True,
)


class ProgressNoteForm(forms.ModelForm):
    """A dated note with text, a percentage or both. Pass ``instance=ProgressNote(initiative=…)``:
    the model's ``clean`` compares the percentage with the initiative's one before."""

    class Meta:
        model = ProgressNote
        fields = ["date", "progress", "text"]
        labels = {
            "progress": _("Progress in per cent (optional)"),
            "text": _("What has happened"),
        }
        help_texts = {
            "progress": _(
                "How far the initiative has come, from 0 to 100. Leave it empty if the note is "
                "not about that."
            ),
            "text": _(
                "May be left empty when you only give the progress. Required when the "
                "progress goes down: say why."
            ),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        out_of_range = _("Enter the progress as a percentage from 0 to 100.")
        self.fields["progress"].error_messages.update(
            min_value=out_of_range, max_value=out_of_range
        )
        self.helper = _helper()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_cpr_number],
    )

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None
        self.moves = []
        if initiative is not None:
            # The form starts at the current status, so that a click on the button alone
            # changes nothing. Only the moves allowed now are offered, but any status is
            # accepted: a move that someone else made stale then gets the service's own
            # message, not "invalid choice".
            self.current = Initiative.Status(initiative.status)
            self.moves = initiative.allowed_next_statuses()
            current_label = _("%(status)s (current)") % {"status": self.current.label}
            self.fields["status"].initial = self.current.value
            self.fields["status"].widget.choices = [
                (self.current.value, current_label),
                *((s.value, s.label) for s in self.moves),
            ]
        self.helper = _helper()

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == self.current:
            raise forms.ValidationError(_("Choose a new status."), code="status_unchanged")
        return status

    @property
    def offers_a_move(self):
        return bool(self.moves)


class RenumberForm(forms.Form):
    """One number field per initiative of the plan, labelled with its title."""

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiatives = list(initiatives)
        for initiative in self.initiatives:
            self.fields[f"number_{initiative.pk}"] = forms.IntegerField(
                label=initiative.title, min_value=1, max_value=999, initial=initiative.number
            )
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        numbers = [cleaned.get(f"number_{i.pk}") for i in self.initiatives]
        if None not in numbers and len(set(numbers)) != len(numbers):
            raise forms.ValidationError(
                _("Two initiatives cannot have the same number."), code="duplicate_number"
            )
        return cleaned

    def numbers(self):
        return {i.pk: self.cleaned_data[f"number_{i.pk}"] for i in self.initiatives}


class StartFromForm(PlanSlugMixin, YearRangeMixin, forms.ModelForm):
    """Title, address and period of a new plan started from an old one."""

    class Meta:
        model = ActionPlan
        fields = ["title", "slug", "start_year", "end_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
