"""Staff create, edit, put in force, renew and end agreements, and add documents; everyone
else is turned away; bad input gives a Danish error and keeps what was typed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.sample_files import EXE, HTML, PDF
from volunteer_portal.transitions import DomainError

pytestmark = pytest.mark.django_db


def danish(msgid):
    """The Danish catalogue's text for ``msgid``, which must have one."""
    with translation.override("da"):
        text = gettext(msgid)
    assert text != msgid, f"no Danish translation of {msgid!r}"
    return text


CREATE_URL = reverse("partnerships:agreement-create")


@pytest.fixture
def partner():
    return OrganisationFactory(name="Headspace Rødovre", kind="humanitarian")


@pytest.fixture
def unit():
    return UnitFactory(name="Ungdomsskolen")


def form_data(unit, partner, **overrides):
    data = {
        "kind": "cooperation",
        "title": "Samarbejde med Headspace",
        "responsible_unit": unit.pk,
        "partners": [partner.pk] if partner else [],
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "term": "one_year",
        "involvement": "medium",
        "purpose": "Rådgivning af unge.",
        "reviews_per_year": "2",
        "loaded": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("volunteer", 403), ("organisation_contact", 403), ("staff", 200)],
)
def test_who_may_open_the_new_agreement_page(users_by_role, client_for, role, status):
    assert client_for(users_by_role.get(role)).get(CREATE_URL).status_code == status


def test_staff_create_a_draft_with_its_partners(client_for, staff_user, unit, partner):
    response = client_for(staff_user).post(CREATE_URL, form_data(unit, partner))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.status == "draft"
    assert list(agreement.partners.all()) == [partner]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"partners": []}, "partners", "Choose at least one partner organisation."),
        ({"end_date": "2026-06-30"}, "end_date", "The end must be on or after the start."),
        ({"start_date": "31-31-2027"}, "start_date", "Enter a valid date."),
    ],
)
def test_bad_input_gives_a_danish_error_and_keeps_what_was_typed(
    client_for, staff_user, unit, partner, overrides, field, message
):
    data = form_data(unit, partner, **overrides)
    response = client_for(staff_user).post(CREATE_URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert danish(message) in response.content.decode()
    assert "Samarbejde med Headspace" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_stale_save_does_not_undo_anothers_change(client_for, staff_user, unit, partner):
    agreement = AgreementFactory(responsible_unit=unit)
    agreement.partners.add(partner)
    client = client_for(staff_user)
    edit = reverse("partnerships:agreement-edit", kwargs={"pk": agreement.pk})
    loaded = client.get(edit).context["form"]["loaded"].value()
    first = form_data(unit, partner, title="Første redaktørs titel", loaded=loaded)
    assert client.post(edit, first).status_code == 302
    second = form_data(unit, partner, title="Anden redaktørs titel", loaded=loaded)
    response = client.post(edit, second)
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.title == "Første redaktørs titel"
    assert "Anden redaktørs titel" in response.content.decode()
    assert [label for label, _value in response.context["stored"]] == ["Titel"]
    # Saving once more, now against the stored state, replaces it.
    again = {**response.context["form"].data}
    assert client.post(edit, again).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Anden redaktørs titel"


def test_after_a_conflict_the_other_editors_change_to_another_field_stays(
    client_for, staff_user, unit, partner
):
    agreement = AgreementFactory(responsible_unit=unit, purpose="Gammelt formål")
    agreement.partners.add(partner)
    first, second = client_for(staff_user), client_for(UserFactory(role="staff"))
    edit = reverse("partnerships:agreement-edit", kwargs={"pk": agreement.pk})
    page = lambda client: client.get(edit).context["form"]  # noqa: E731
    one, two = page(first), page(second)
    data = lambda form, **changes: {  # noqa: E731
        **form_data(unit, partner, loaded=form["loaded"].value(), base=form["base"].value()),
        "title": agreement.title,
        "purpose": "Gammelt formål",
        **changes,
    }
    assert first.post(edit, data(one, purpose="Nyt formål")).status_code == 302
    response = second.post(edit, data(two, title="Ny titel"))
    assert response.status_code == 200
    assert response.context["stored"] == []
    merged = response.context["form"].data
    assert (merged["title"], merged["purpose"]) == ("Ny titel", "Nyt formål")
    assert second.post(edit, merged).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.purpose) == ("Ny titel", "Nyt formål")


def test_put_in_force_renew_and_end_early_by_buttons(client_for, staff_user, unit, partner):
    agreement = AgreementFactory(
        responsible_unit=unit,
        start_date=datetime.date.today(),
        end_date=datetime.date.today() + datetime.timedelta(days=365),
    )
    agreement.partners.add(partner)
    client = client_for(staff_user)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("partnerships:agreement-activate", kwargs={"pk": agreement.pk}) in page
    client.post(reverse("partnerships:agreement-activate", kwargs={"pk": agreement.pk}))
    agreement.refresh_from_db()
    assert agreement.status == "active"
    response = client.post(reverse("partnerships:agreement-renew", kwargs={"pk": agreement.pk}))
    renewal = Agreement.objects.get(renewal_of=agreement)
    assert response["Location"] == renewal.get_absolute_url()
    response = client.post(reverse("partnerships:agreement-renew", kwargs={"pk": agreement.pk}))
    assert Agreement.objects.filter(renewal_of=agreement).count() == 1
    end = reverse("partnerships:agreement-end", kwargs={"pk": agreement.pk})
    response = client.post(end, {"reason": ""})
    assert danish("Give the reason the agreement ends early.") in response.content.decode()
    client.post(end, {"reason": "Projektet er lukket."})
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_reason) == ("ended", "Projektet er lukket.")


@pytest.mark.parametrize("action", ["activate", "renew"])
def test_actions_are_posts_for_staff_only(client_for, volunteer, partner, action):
    agreement = AgreementFactory(status="active")
    agreement.partners.add(partner)
    url = reverse(f"partnerships:agreement-{action}", kwargs={"pk": agreement.pk})
    assert client_for(volunteer).post(url).status_code == 404
    assert client_for(None).post(url).status_code == 302
    assert not Agreement.objects.filter(renewal_of=agreement).exists()


@pytest.mark.parametrize(
    ("content", "name", "accepted"),
    [(PDF, "aftale.pdf", True), (HTML, "aftale.pdf", False), (EXE, "aftale.pdf", False)],
)
def test_documents_are_judged_by_their_content(
    client_for, staff_user, partner, content, name, accepted, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    agreement = AgreementFactory()
    agreement.partners.add(partner)
    url = reverse("partnerships:agreement-document-add", kwargs={"pk": agreement.pk})
    response = client_for(staff_user).post(
        url, {"title": "Underskrevet", "file": SimpleUploadedFile(name, content)}
    )
    assert (response.status_code == 302) == accepted
    assert agreement.documents.exists() == accepted


def test_renewing_a_draft_is_refused_with_a_message(client_for, staff_user, partner):
    agreement = AgreementFactory()
    agreement.partners.add(partner)
    response = client_for(staff_user).post(
        reverse("partnerships:agreement-renew", kwargs={"pk": agreement.pk}), follow=True
    )
    assert not Agreement.objects.filter(renewal_of=agreement).exists()
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    with pytest.raises(DomainError):
        from partnerships.services import agreements

        agreements.renew(agreement, by=staff_user)


def test_a_document_over_the_size_limit_is_refused_with_a_message(
    client_for, staff_user, partner, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    settings.PRIVATE_FILE_MAX_BYTES = len(PDF) - 1
    agreement = AgreementFactory()
    agreement.partners.add(partner)
    url = reverse("partnerships:agreement-document-add", kwargs={"pk": agreement.pk})
    response = client_for(staff_user).post(
        url, {"title": "For stor", "file": SimpleUploadedFile("aftale.pdf", PDF)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "For stor" in response.content.decode()  # the title typed is kept
    assert not agreement.documents.exists()


def test_the_agreement_page_leads_staff_to_its_review_meetings(client_for, staff_user, partner):
    agreement = AgreementFactory(status="active")
    agreement.partners.add(partner)
    page = client_for(staff_user).get(agreement.get_absolute_url()).content.decode()
    assert reverse("partnerships:review-create", kwargs={"pk": agreement.pk}) in page
    assert reverse("partnerships:review-list", kwargs={"pk": agreement.pk}) in page
