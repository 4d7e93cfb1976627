"""Pages of the municipality's own frame: its logo, its privacy notice and the way to its
accessibility statement."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from volunteer_portal.municipality import Municipality, municipality_get

ONE_YEAR = 365 * 24 * 60 * 60


@require_safe
def municipality_logo(request, version):
    """The logo's bytes. The address carries the logo's hash, so a new logo has a new address
    and each one may be kept by browsers and proxies for a year."""
    row = (
        Municipality.objects.filter(logo_hash=version)
        .exclude(logo_hash="")
        .values_list("logo", "logo_content_type")
        .first()
    )
    if row is None:
        raise Http404
    logo, content_type = row
    response = HttpResponse(bytes(logo), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def accessibility_statement(request):
    """/was: the accessibility statement lives in Digitaliseringsstyrelsen's WAS-Tool."""
    url = municipality_get().accessibility_statement_url
    if not url:
        raise Http404
    return redirect(url)


class PrivacyView(TemplateView):
    """The municipality's privacy notice, as typed in the admin."""

    template_name = "privacy.html"
