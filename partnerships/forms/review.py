"""A held review meeting. Validation only: saving goes through partnerships.services.reviews."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import ReviewMeeting


class ReviewMeetingForm(forms.ModelForm):
    class Meta:
        model = ReviewMeeting
        fields = ["date", "participants", "minutes", "follow_ups"]
        labels = {"date": _("Date of the meeting")}
        help_texts = {
            "participants": _("Who took part, one a line or separated by commas."),
            "follow_ups": _("What was agreed to follow up on, and by whom."),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "follow_ups": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date"].error_messages["required"] = _("Enter the date of the meeting.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                _("A meeting that has been held cannot be dated in the future."), code="future"
            )
        return date
