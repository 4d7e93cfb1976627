"""The upload form of the import: what the file holds, and the file. Validation only: the
file is read (organisations.transfer) and its header checked here; the rows are validated by
the preview (organisations.services.transfer)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.transfer import TransferKind, check_headers, check_size, read_table


class TransferUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
        initial=TransferKind.ORGANISATIONS,
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV saved as UTF-8 (cells separated by ; or ,), an Excel workbook (.xlsx), or "
            "an export in JSON. At most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.table = None

    def clean(self):
        """The file is judged by its content, never by its name: read it, check its header."""
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is None or kind is None:
            return cleaned
        try:
            check_size(upload.size)
            upload.seek(0)
            table = read_table(upload.read())
            check_headers(kind, table)
        except ValidationError as error:
            self.add_error("file", error)
        else:
            self.table = table
        return cleaned
