"""The volunteer confirms the deletion of their account: with their password, or (an account
without one) by typing their e-mail address."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
        required=False,
    )
    email = forms.CharField(
        label=_("Your e-mail address"),
        help_text=_("Type it to confirm that the account is to be deleted."),
        max_length=254,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["email"].required = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is not right. Your account has not been deleted."),
                code="wrong_password",
            )
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("That is not the e-mail address of your account. It has not been deleted."),
                code="wrong_email",
            )
        return email
