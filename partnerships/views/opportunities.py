"""TODO (being written this session): placeholders so that the URLs load."""

from django.http import Http404
from django.views import View


class OpportunityListView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class OpportunityCreateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class OpportunityDetailView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class OpportunityUpdateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class OpportunityStatusView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404
