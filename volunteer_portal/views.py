import logging
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, QueryDict
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView, UpdateView

from volunteer_portal.forms import ProfileForm
from volunteer_portal.languages import user_remember_language
from volunteer_portal.page_cache import cached_page_view

logger = logging.getLogger(__name__)


# It shows nothing from the database but the municipality, which the page key holds.
@cached_page_view()
class HomeView(TemplateView):
    template_name = "home.html"


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class ProfileView(LoginRequiredMixin, UpdateView):
    """A user's own account: name and the facts the portal holds about them."""

    form_class = ProfileForm
    template_name = "account/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.request.user.memberships.select_related("organisation")
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Your details have been saved."))
        return super().form_valid(form)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the failure may lie in the context processors or the database.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _set_language(request):
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if response.status_code != 302 or language not in dict(settings.LANGUAGES):
        return response
    user_remember_language(user=request.user, language=language)
    url = urlsplit(response["Location"])
    query = QueryDict(url.query, mutable=True)
    if "next" in query and url_has_allowed_host_and_scheme(query["next"], allowed_hosts=None):
        query["next"] = translate_url(query["next"], language)
        response["Location"] = urlunsplit(url._replace(query=query.urlencode(safe="/")))
    return response


_set_language_of_user = csrf_protect(_set_language)


@csrf_exempt
def set_language(request):
    """Django's language switch, which also translates a ``next`` address in the query: on the
    login page it is where the visitor goes after logging in, and should stay in their language.
    A logged-in user's choice becomes their preferred language, the one their mail is written in.

    Only that choice is worth forging, so only a logged-in user's switch carries a CSRF token:
    a visitor's sets nothing but a cookie, and the public pages it is on are then the same for
    every visitor, which is what lets volunteer_portal.page_cache keep them compressed."""
    if request.user.is_authenticated:
        return _set_language_of_user(request)
    return _set_language(request)
