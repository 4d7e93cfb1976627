"""Forms for organisations: all fields for municipal staff, the public details only for the
organisation's contact person. Validation only: saving goes through
organisations.services.organisations."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.conflicts import snapshot
from organisations.models import Organisation
from organisations.versions import version_of
from volunteer_portal.search import fold

PUBLIC_FIELDS = ["description", "address", "area", "website", "contact_name", "email", "phone"]
STAFF_CONTACT_FIELDS = ["staff_contact_name", "staff_contact_email", "staff_contact_phone"]


def _helper(layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = layout
    return helper


def telephone_input(field):
    """A phone number's input: the telephone keypad on a phone. (Not autocomplete="tel": it
    is the organisation's number, not the editor's own.)"""
    field.widget.input_type = "tel"


def name_key(name):
    """Names that differ only in case, accents, æøå spelt out or spacing are the same name."""
    return " ".join(fold(name).split())


def organisation_with_same_name(name, *, exclude=None):
    """An existing organisation whose name is the same as ``name`` (see :func:`name_key`)."""
    key = name_key(name)
    if not key:
        return None
    # The search text starts with the folded name: it narrows the rows to compare in Python.
    candidates = Organisation.objects.filter(search_text__startswith=key.split()[0])
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk)
    for organisation in candidates.only("pk", "name", "slug").order_by("pk"):
        if name_key(organisation.name) == key:
            return organisation
    return None


class LoadedVersionForm(forms.ModelForm):
    """Carries the state of the row the editor loaded: ``loaded`` for the optimistic check on
    save, ``base`` (signed) for merging with what someone else saved meanwhile."""

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded"].initial = version_of(self.instance)
        if not self.is_bound and self.instance.pk is not None:
            self.fields["base"].initial = snapshot(self, [])

    def model_fields(self):
        """The model fields this form edits: the only ones its save may write."""
        return [name for name in self._meta.fields if name in self.fields]


class OrganisationForm(LoadedVersionForm):
    """Everything about an organisation, for municipal staff. A name that another
    organisation already has is a warning with a link to it: ticking "Create it anyway"
    saves it all the same (two associations may share a name)."""

    create_anyway = forms.BooleanField(
        label=_("Create it anyway: it is another organisation with the same name"),
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "parent",
            "description",
            "address",
            "area",
            "website",
            "cvr",
            "is_non_profit",
            "contact_name",
            "email",
            "phone",
            *STAFF_CONTACT_FIELDS,
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = None
        # Administrations and centres; a parent chosen in Django admin stays choosable.
        parents = Organisation.objects.municipal().exclude(kind=Organisation.Kind.UNIT)
        if self.instance.parent_id:
            parents = parents | Organisation.objects.filter(pk=self.instance.parent_id)
        self.fields["parent"].queryset = parents.exclude(pk=self.instance.pk)
        telephone_input(self.fields["phone"])
        telephone_input(self.fields["staff_contact_phone"])
        self.helper = _helper(
            Layout(
                "loaded",
                "base",
                "name",
                "kind",
                "parent",
                "description",
                "address",
                "area",
                "website",
                "cvr",
                "is_non_profit",
                Fieldset(_("Public contact"), "contact_name", "email", "phone"),
                Fieldset(_("Contact for municipal staff"), *STAFF_CONTACT_FIELDS),
                "is_active",
            )
        )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        renamed = name and (not self.instance.pk or name_key(name) != name_key(self.instance.name))
        if renamed:
            # Looked up even when ticked: the page keeps showing the box, ticked, on any error.
            self.duplicate = organisation_with_same_name(name, exclude=self.instance)
            if self.duplicate is not None and not cleaned.get("create_anyway"):
                self.add_error(
                    "name",
                    forms.ValidationError(
                        _(
                            "An organisation called “%(name)s” already exists. Check that it "
                            "is not the same one, or tick “Create it anyway”."
                        ),
                        params={"name": self.duplicate.name},
                        code="duplicate_name",
                    ),
                )
        return cleaned


class OrganisationPublicForm(LoadedVersionForm):
    """The public details of an organisation, for its contact person. Name, kind, place in
    the hierarchy, CVR number, non-profit, the staff contact and whether it is active are the
    municipality's: they are not in this form, so a posted value for them is ignored."""

    class Meta:
        model = Organisation
        fields = PUBLIC_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        telephone_input(self.fields["phone"])
        self.helper = _helper(
            Layout(
                "loaded",
                "base",
                "description",
                "address",
                "area",
                "website",
                Fieldset(_("Public contact"), "contact_name", "email", "phone"),
            )
        )
