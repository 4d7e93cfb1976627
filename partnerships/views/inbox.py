"""TODO (being written this session): placeholders so that the URLs load."""

from django.http import Http404
from django.views import View


class InboxView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class InterestDetailView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class InterestActionView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404
