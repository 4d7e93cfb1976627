"""allauth's forms with the portal's own labels, so that both languages read consistently
(allauth's English is in Title Case and its Danish mixes "password" and "adgangskode"), and
with the portal's rate limits, counted in the database (volunteer_portal.ratelimits)."""

from allauth.account import forms as allauth_forms
from allauth.core import context as allauth_context
from django.utils.translation import gettext_lazy as _

from volunteer_portal import ratelimits

PASSWORD = _("Password")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("New password (again)")


def within_rate_limit(form, name, **keys):
    """Count a use of the limited action ``name`` once the form is otherwise valid; over the
    limit, the form gets an error saying when to try again, so nothing is saved or sent. The
    same answer whether or not an account exists for the address typed."""
    request = allauth_context.request
    if form.errors or request is None:
        return
    verdict = ratelimits.check(request, name, **keys)
    if not verdict:
        form.add_error(None, verdict.message())


def relabel(form, labels):
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"login": _("E-mail"), "password": PASSWORD, "remember": _("Remember me")})
        self.fields["password"].help_text = ""  # the reset link is beside the button


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"email": _("E-mail")})

    def clean(self):
        cleaned_data = super().clean()
        within_rate_limit(self, "password_reset", email=cleaned_data.get("email"))
        return cleaned_data


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD_AGAIN,
            },
        )
        self.fields["oldpassword"].help_text = ""


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self, {"email": _("E-mail")})

    def clean(self):
        cleaned_data = super().clean()
        within_rate_limit(self, "add_email", account=self.user.pk)
        return cleaned_data


class SignupForm(allauth_forms.SignupForm):
    """A volunteer's sign-up; its own fields come from partnerships.forms.signup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self, {"email": _("E-mail"), "password1": PASSWORD, "password2": _("Password (again)")}
        )

    def clean(self):
        cleaned_data = super().clean()
        within_rate_limit(self, "signup")
        return cleaned_data
