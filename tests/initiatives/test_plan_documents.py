"""A plan's documents: uploaded in Django admin, listed on the plan page, downloaded by whoever
may read the plan, and every download recorded in the audit log."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from initiatives.models import ActionPlan, PlanDocument
from tests import sample_files as samples
from tests.factories import ActionPlanFactory

pytestmark = pytest.mark.django_db

DECISION = "Byrådets beslutning.pdf"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def published():
    return ActionPlanFactory(title="Offentlig plan")


@pytest.fixture
def draft():
    return ActionPlanFactory(title="Kladdeplan", status=ActionPlan.Status.DRAFT)


def attach(plan, name=DECISION, content=samples.PDF, **fields):
    return PlanDocument.objects.create(plan=plan, file=SimpleUploadedFile(name, content), **fields)


def download(client, document, **kwargs):
    return client.get(document.get_absolute_url(), **kwargs)


def accesses(document):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PlanDocument),
        object_id=document.pk,
        action=LogEntry.Action.ACCESS,
    )


def test_a_saved_document_keeps_the_upload_name_and_its_type_by_content(published, private_root):
    document = attach(published, title="Beslutning")
    assert document.original_name == DECISION
    assert document.content_type == "application/pdf"
    assert document.size == len(samples.PDF)
    assert "beslutning" not in document.file.name.lower()
    assert (private_root / document.file.name).read_bytes() == samples.PDF


def test_code_that_skips_validation_still_cannot_store_another_kind_of_file(published):
    with pytest.raises(Exception, match="ikke en PDF"):  # Danish, the default language
        attach(published, name="side.pdf", content=samples.HTML)
    assert not PlanDocument.objects.exists()


def test_a_visitor_downloads_a_published_plans_document_as_an_attachment(published, client):
    document = attach(published)
    response = download(client, document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Byraadets beslutning.pdf"; '
        "filename*=UTF-8''Byr%C3%A5dets%20beslutning.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_file_name_in_the_address_is_optional(published, client):
    document = attach(published)
    url = reverse(
        "initiatives:plan-document-short", kwargs={"slug": published.slug, "pk": document.pk}
    )
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("volunteer", 404), ("staff", 200), ("coordinator", 200), ("admin", 200)],
)
def test_a_draft_plans_document_is_for_municipal_users_only(
    role, status, draft, users_by_role, client_for
):
    document = attach(draft)
    client = client_for(users_by_role[role] if role else None)
    assert download(client, document).status_code == status


def test_a_document_is_only_found_under_its_own_plan(published, client):
    document = attach(ActionPlanFactory(title="Anden plan"))
    url = reverse(
        "initiatives:plan-document-short", kwargs={"slug": published.slug, "pk": document.pk}
    )
    assert client.get(url).status_code == 404
    assert not accesses(document).exists()


def test_a_refused_download_is_not_recorded(draft, client):
    document = attach(draft)
    assert download(client, document).status_code == 404
    assert not accesses(document).exists()


def test_a_download_is_recorded_with_who_downloaded_which_document(draft, staff_user, client_for):
    document = attach(draft, title="Underskrevet plan")
    download(client_for(staff_user), document)
    entry = accesses(document).get()
    assert entry.actor == staff_user
    assert entry.object_repr == "Underskrevet plan"
    assert entry.additional_data == {"plan_id": draft.pk}


def test_an_anonymous_download_is_recorded_without_an_actor(published, client):
    document = attach(published)
    download(client, document)
    download(client, document)
    assert list(accesses(document).values_list("actor", flat=True)) == [None, None]


def test_a_document_whose_file_is_gone_answers_404(published, client, private_root):
    document = attach(published)
    (private_root / document.file.name).unlink()
    assert download(client, document).status_code == 404


@pytest.mark.parametrize(
    ("role", "on_published", "on_draft"),
    [
        (None, True, False),
        ("volunteer", True, False),
        ("staff", True, True),
        ("coordinator", True, True),
        ("admin", True, True),
    ],
)
def test_the_rule_follows_the_plan(role, on_published, on_draft, users_by_role, published, draft):
    user = users_by_role[role] if role else AnonymousUser()
    assert user.has_perm("initiatives.view_plan_document", attach(published)) is on_published
    assert user.has_perm("initiatives.view_plan_document", attach(draft)) is on_draft


def test_the_plan_page_lists_its_documents_with_type_and_size(published, client):
    document = attach(published, title="Byrådets beslutning")
    attach(ActionPlanFactory(title="Anden plan"), title="Andet bilag")
    with translation.override("en"):
        page = client.get(published.get_absolute_url()).text
        link = f'<a href="{document.get_absolute_url()}" type="application/pdf">'
        size = filesizeformat(document.size)
    assert f"{link}Byrådets beslutning</a>" in page
    assert f"(PDF, {size})" in page
    assert "Andet bilag" not in page


def test_a_plan_without_documents_shows_no_documents_section(published, client):
    assert 'id="plan-documents-heading"' not in client.get(published.get_absolute_url()).text


def test_deleting_a_document_removes_its_file(
    published, private_root, django_capture_on_commit_callbacks
):
    document = attach(published)
    stored = private_root / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not stored.exists()


def test_an_admin_uploads_a_document_and_is_named_as_its_uploader(
    published, portal_admin, client_for
):
    client = client_for(portal_admin)
    response = client.post(
        reverse("admin:initiatives_plandocument_add"),
        {
            "plan": published.pk,
            "title": "Byrådets beslutning",
            "file": SimpleUploadedFile(DECISION, samples.PDF),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = PlanDocument.objects.get()
    assert (document.plan, document.uploaded_by) == (published, portal_admin)
    assert (document.original_name, document.content_type) == (DECISION, "application/pdf")


def test_the_admin_refuses_a_renamed_program(published, portal_admin, client_for):
    with translation.override("en"):
        response = client_for(portal_admin).post(
            reverse("admin:initiatives_plandocument_add"),
            {"plan": published.pk, "file": SimpleUploadedFile("beslutning.pdf", samples.EXE)},
        )
    assert response.status_code == 200
    assert "et Windows-program" in str(response.context["adminform"].form.errors["file"])
    assert not PlanDocument.objects.exists()


def test_the_admin_links_a_stored_file_to_its_download_view_and_keeps_it(
    published, portal_admin, client_for
):
    document = attach(published)
    client = client_for(portal_admin)
    change = reverse("admin:initiatives_plandocument_change", args=[document.pk])
    page = client.get(change).text
    assert f'href="{document.get_absolute_url()}"' in page
    response = client.post(
        change,
        {"plan": published.pk, "title": "Ny titel", "file": SimpleUploadedFile("x.png", b"")},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.original_name) == ("Ny titel", DECISION)


def test_a_document_is_uploaded_with_the_plan_in_admin(published, portal_admin, client_for):
    client = client_for(portal_admin)
    change = reverse("admin:initiatives_actionplan_change", args=[published.pk])
    data = _change_form_data(client.get(change))
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Underskrevet plan",
            "documents-0-file": SimpleUploadedFile("Plan.pdf", samples.PDF),
        }
    )
    response = client.post(change, data)
    assert response.status_code == 302, _errors(response)
    document = published.documents.get()
    assert (document.title, document.uploaded_by) == ("Underskrevet plan", portal_admin)
    assert f'href="{document.get_absolute_url()}"' in client.get(change).text


def _change_form_data(response):
    """What the admin change page would post back unchanged: the form and every inline."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or field.disabled:
                continue
            data[form.add_prefix(name)] = value
    return data


def _errors(response):
    context = response.context
    if context is None:
        return response
    return [
        context["adminform"].form.errors,
        *(f.formset.errors for f in context["inline_admin_formsets"]),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [("aftale.docx", samples.ooxml()), ("gammel.doc", samples.compound_file("WordDocument"))],
)
def test_an_upload_kept_on_disk_is_judged_like_one_in_memory(
    name, content, published, portal_admin, client_for, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django writes larger uploads to a temporary file
    response = client_for(portal_admin).post(
        reverse("admin:initiatives_plandocument_add"),
        {"plan": published.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    assert PlanDocument.objects.get().original_name == name
