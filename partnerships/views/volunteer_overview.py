"""TODO (being written this session): placeholders so that the URLs load."""

from django.http import Http404
from django.views import View


class OverviewView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class VolunteerExportView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404
