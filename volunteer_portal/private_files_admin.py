"""Django admin for private documents (:class:`~volunteer_portal.private_files.PrivateDocument`
subclasses): an upload names its uploader, a stored file shows as a link to its download view
(the storage has no address), and a stored file is never replaced: delete the document and
upload a new one, so the audit log keeps both."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from volunteer_portal.private_files import ALLOWED_EXTENSIONS


class PrivateFileWidget(AdminFileWidget):
    """The file input offers the allowed extensions; a stored file is a link to the document's
    download view (``get_absolute_url``), never to the storage."""

    def __init__(self, attrs=None):
        super().__init__({"accept": ",".join(ALLOWED_EXTENSIONS), **(attrs or {})})

    def is_initial(self, value):
        # The default asks the file for its URL, which a private file does not have.
        return isinstance(value, FieldFile) and bool(value)

    def render(self, name, value, attrs=None, renderer=None):
        if self.is_initial(value):
            document = value.instance
            return format_html(
                '<a href="{}">{}</a>', document.get_absolute_url(), document.original_name
            )
        return super().render(name, value, attrs, renderer)


class PrivateDocumentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].disabled = True


class _PrivateDocumentParts:
    form = PrivateDocumentForm
    formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}
    document_readonly_fields = ["file_kind", "file_size", "uploaded_by", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.document_readonly_fields]

    @admin.display(description=_("file type"))
    def file_kind(self, document):
        return document.kind_label if document.pk else ""

    @admin.display(description=_("size"))
    def file_size(self, document):
        return filesizeformat(document.size) if document.pk else ""


class PrivateDocumentAdmin(_PrivateDocumentParts, admin.ModelAdmin):
    """Base for a private document model's own admin."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class PrivateDocumentInline(_PrivateDocumentParts, admin.TabularInline):
    """Base for private documents edited under what they belong to."""

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class NamesUploader(formset):
            def save_new(self, form, commit=True):
                form.instance.uploaded_by = request.user
                return super().save_new(form, commit=commit)

        return NamesUploader
