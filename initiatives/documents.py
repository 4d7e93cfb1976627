"""Downloading a plan's documents (bilag)."""

from django.views.decorators.http import require_safe

from initiatives.models import PlanDocument
from volunteer_portal.permissions import get_object_for
from volunteer_portal.private_files import serve_private_file


@require_safe
def plan_document_download(request, slug, pk, filename=None):
    """One of the plan's documents, for whoever may read the plan; recorded in the audit log.

    The document is looked up under the plan in the address, so another plan's document
    answers 404, as does a draft plan's for a visitor. The file name in the address is only
    for the reader's eyes: the download is named by the stored original name.
    """
    document = get_object_for(
        request.user,
        PlanDocument.objects.select_related("plan"),
        view_perm="initiatives.view_plan_document",
        plan__slug=slug,
        pk=pk,
    )
    return serve_private_file(request, document)
