"""TODO (being written this session): placeholders so that the URLs load."""

from django.http import Http404
from django.views import View


class InterestCreateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class GeneralInterestCreateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class WaitingListView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class VolunteerHomeView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class ProfileEditView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class InterestWithdrawView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class CalendarView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class CalendarRenewView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


def calendar_feed(request, *args, **kwargs):
    raise Http404
