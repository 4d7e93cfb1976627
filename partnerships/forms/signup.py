"""Sign-up as a volunteer: allauth's form with the name, a phone number and explicit consent to
the processing of the volunteer's data, with a link to the privacy notice."""

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from partnerships.services import volunteers as services
from volunteer_portal.validators import danish_phone_validator, no_cpr_number


def _consent_label():
    return format_html(
        _(
            "I consent to the municipality processing the information I give here to handle "
            'my voluntary work, as the <a href="{url}">privacy notice</a> describes.'
        ),
        url=reverse_lazy("privacy"),
    )


class VolunteerSignupForm(forms.Form):
    """The base of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): its fields come first,
    and its ``signup()`` runs once the account has been made. It must not import allauth's
    forms, which import it."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, validators=[no_cpr_number])
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        validators=[danish_phone_validator],
        help_text=_("So that the coordinator can call you."),
    )
    consent = forms.BooleanField(
        label=lazy(_consent_label, SafeString)(),
        error_messages={
            "required": _("Give your consent, or we cannot handle your voluntary work.")
        },
    )

    field_order = ["full_name", "email", "phone", "password1", "password2", "consent"]

    def signup(self, request, user):
        services.register_volunteer(
            user,
            full_name=self.cleaned_data["full_name"],
            phone=self.cleaned_data["phone"],
            by=user,
        )
