from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from volunteer_portal.models import User
from volunteer_portal.validators import no_cpr_number


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].validators.append(no_cpr_number)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
