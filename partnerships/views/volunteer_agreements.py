"""TODO (being written this session): placeholders so that the URLs load."""

from django.http import Http404
from django.views import View


class AgreementCreateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class AgreementDetailView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class AgreementUpdateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class ChildCertificateView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class AgreementEndView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class AgreementActionView(View):
    file_format = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


def agreement_pdf(request, *args, **kwargs):
    raise Http404


def work_certificate_pdf(request, *args, **kwargs):
    raise Http404
