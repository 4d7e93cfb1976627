"""Two read-only pages of the Django admin for the administrator (issue #12): the record of
processing, and what the next retention run will anonymise. Mounted in ``volunteer_portal.urls``
inside ``admin.site.admin_view`` (administrators only, with their second factor) and linked
from the admin's index (templates/admin/index.html)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from volunteer_portal.record_of_processing import record_of_processing


class AdminPageMixin:
    title = ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": self.title,
        }


class RecordOfProcessingView(AdminPageMixin, TemplateView):
    template_name = "admin/record_of_processing.html"
    title = _("Record of processing")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "purposes": record_of_processing()}


class RetentionCandidatesView(AdminPageMixin, TemplateView):
    """What ``manage.py apply_retention`` would anonymise now, each with its reason. Nothing
    is changed from here: the daily command does it."""

    template_name = "admin/retention_candidates.html"
    title = _("Due for anonymisation")

    def get_context_data(self, **kwargs):
        from partnerships.services import retention

        now = timezone.now()
        return {
            **super().get_context_data(**kwargs),
            "due": retention.due_for_anonymisation(now=now),
            "warnings": retention.due_for_warning(now=now),
        }
