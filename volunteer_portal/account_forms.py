"""allauth's forms with the portal's own labels, so that both languages read consistently
(allauth's English is in Title Case and its Danish mixes "password" and "adgangskode")."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

PASSWORD = _("Password")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("New password (again)")


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


class SignupForm(allauth_forms.SignupForm):
    """A volunteer's sign-up; its own fields come from partnerships.forms.signup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(
            self, {"email": _("E-mail"), "password1": PASSWORD, "password2": _("Password (again)")}
        )
