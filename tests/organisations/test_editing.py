"""Editing organisations and activities: who may edit what (every role, the contact of the
organisation and of another one), bad input that keeps what was typed and says what is wrong
in Danish, the duplicate-name warning, a save that comes after someone else's, and the links
on the public pages."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from organisations.forms.activity import ActivityForm
from organisations.forms.organisation import OrganisationForm, OrganisationPublicForm
from organisations.models import Activity, Area, Challenge, Membership, Organisation, TargetGroup
from organisations.services.activities import activity_update
from organisations.versions import version_of
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory
from tests.formdata import form_data
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

MUNICIPAL = ["staff", "coordinator", "admin"]
LOGIN = reverse("account_login")


@pytest.fixture
def own(organisation_contact):
    """The organisation whose contact the ``organisation_contact`` fixture is."""
    return Organisation.objects.get(memberships__user=organisation_contact)


@pytest.fixture
def other(db):
    return OrganisationFactory(
        name="Anden Forening",
        staff_contact_name="Hemmelig Kontakt",
        staff_contact_phone="36 37 70 00",
    )


def edit_url(organisation):
    return reverse("organisations:organisation-edit", kwargs={"slug": organisation.slug})


def new_activity_url(organisation):
    return reverse("organisations:activity-create", kwargs={"slug": organisation.slug})


def activity_edit_url(activity):
    return reverse("organisations:activity-edit", kwargs={"pk": activity.pk})


def preview_url(activity):
    return reverse("organisations:activity-preview", kwargs={"pk": activity.pk})


def loaded_data(client, url):
    """What the edit page would post back unchanged."""
    return form_data(client.get(url).context["form"])


ORGANISATION = {
    "name": "Islev Sorggruppe",
    "kind": "humanitarian",
    "description": "Vi mødes og taler om tab.",
    "cvr": "",
    "phone": "",
}

ACTIVITY = {"title": "Gå-gruppen", "description": "Vi går en tur.", "is_published": "on"}


class TestWhoMayEditAnOrganisation:
    def test_a_visitor_is_sent_to_log_in(self, client, own):
        for url in (edit_url(own), reverse("organisations:organisation-create")):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN)

    def test_a_volunteer_is_refused(self, client_for, volunteer, own):
        client = client_for(volunteer)
        assert client.get(edit_url(own)).status_code == 403
        assert client.get(reverse("organisations:organisation-create")).status_code == 403

    def test_the_contact_edits_the_public_details_of_their_own(
        self, client_for, organisation_contact, own
    ):
        response = client_for(organisation_contact).get(edit_url(own))
        assert response.status_code == 200
        form = response.context["form"]
        assert isinstance(form, OrganisationPublicForm)
        assert set(form.fields) == {
            "loaded",
            "base",
            "description",
            "address",
            "area",
            "website",
            "contact_name",
            "email",
            "phone",
        }

    def test_the_contact_gets_404_for_another_organisation(
        self, client_for, organisation_contact, other
    ):
        client = client_for(organisation_contact)
        assert client.get(edit_url(other)).status_code == 404
        assert client.post(edit_url(other), {"description": "Overtaget"}).status_code == 404
        other.refresh_from_db()
        assert other.description == ""

    def test_the_contact_may_not_create_organisations(self, client_for, organisation_contact):
        url = reverse("organisations:organisation-create")
        assert client_for(organisation_contact).get(url).status_code == 403

    def test_the_contact_of_a_deactivated_organisation_gets_404(
        self, client_for, organisation_contact, own
    ):
        Organisation.objects.filter(pk=own.pk).update(is_active=False)
        assert client_for(organisation_contact).get(edit_url(own)).status_code == 404

    @pytest.mark.parametrize("role", MUNICIPAL)
    def test_municipal_users_edit_every_field(self, role, users_by_role, client_for, other):
        response = client_for(users_by_role[role]).get(edit_url(other))
        assert response.status_code == 200
        form = response.context["form"]
        assert isinstance(form, OrganisationForm)
        assert {"name", "kind", "cvr", "staff_contact_name", "is_active"} <= set(form.fields)
        assert "Hemmelig Kontakt" in response.text

    @pytest.mark.parametrize("role", MUNICIPAL)
    def test_municipal_users_create_organisations(self, role, users_by_role, client_for):
        client = client_for(users_by_role[role])
        response = client.post(reverse("organisations:organisation-create"), ORGANISATION)
        organisation = Organisation.objects.get(name="Islev Sorggruppe")
        assert response.status_code == 302
        assert response["Location"] == organisation.get_absolute_url()
        entry = LogEntry.objects.get_for_object(organisation).get()
        assert entry.actor == users_by_role[role]


class TestTheContactsEdit:
    def test_saves_the_public_details(self, client_for, organisation_contact, own):
        client = client_for(organisation_contact)
        data = loaded_data(client, edit_url(own))
        data.update(description="Nu også om lørdagen.", phone="+45 36 37 70 00")
        response = client.post(edit_url(own), data)
        assert response.status_code == 302
        own.refresh_from_db()
        assert own.description == "Nu også om lørdagen."
        assert own.phone == "+45 36 37 70 00"
        [entry] = LogEntry.objects.get_for_object(own).filter(action=LogEntry.Action.UPDATE)
        assert entry.actor == organisation_contact
        assert set(entry.changes_dict) == {"description", "phone"}

    def test_a_tampered_post_of_staff_only_fields_changes_nothing_of_them(
        self, client_for, organisation_contact, own
    ):
        Organisation.objects.filter(pk=own.pk).update(staff_contact_name="Kommunens Kontakt")
        client = client_for(organisation_contact)
        data = loaded_data(client, edit_url(own))
        data.update(
            description="Ny tekst",
            staff_contact_name="Falsk",
            kind="unit",
            name="Overtaget Navn",
            cvr="12345674",
            is_active="",
            is_non_profit="on",
        )
        assert client.post(edit_url(own), data).status_code == 302
        own.refresh_from_db()
        assert own.description == "Ny tekst"
        assert own.staff_contact_name == "Kommunens Kontakt"
        assert (own.kind, own.name, own.cvr) == ("humanitarian", "Testforeningen", "")
        assert own.is_active and not own.is_non_profit

    def test_never_sees_the_staff_contact_in_the_form(self, client_for, organisation_contact, own):
        Organisation.objects.filter(pk=own.pk).update(staff_contact_name="Kommunens Kontakt")
        response = client_for(organisation_contact).get(edit_url(own))
        assert "Kommunens Kontakt" not in response.text

    @pytest.mark.parametrize("role", [None, "volunteer", "organisation_contact"])
    def test_the_staff_contact_is_never_on_the_page_for_non_municipal_readers(
        self, role, users_by_role, client_for, other
    ):
        user = users_by_role[role] if role else None
        response = client_for(user).get(other.get_absolute_url())
        assert response.status_code == 200
        assert "Hemmelig Kontakt" not in response.text
        assert "36 37 70 00" not in response.text


class TestBadInputOfAnOrganisation:
    """Each mistake gives the Danish message on its field, and everything typed is kept."""

    @pytest.fixture
    def client(self, client_for, staff_user):
        return client_for(staff_user)

    def post(self, client, **fields):
        response = client.post(reverse("organisations:organisation-create"), ORGANISATION | fields)
        assert response.status_code == 200
        assert not Organisation.objects.filter(name=ORGANISATION["name"]).exists()
        form = response.context["form"]
        assert form.data["description"] == ORGANISATION["description"]
        assert "Vi mødes og taler om tab." in response.text
        return response, form

    def test_a_cvr_number_that_fails_its_check(self, client):
        response, form = self.post(client, cvr="12 34 56 78")
        assert form.errors.as_data()["cvr"][0].code == "cvr_checksum"
        assert "12345678 er ikke et gyldigt CVR-nummer: tjek cifrene." in response.text
        assert 'value="12 34 56 78"' in response.text

    def test_a_phone_number_that_is_not_danish(self, client):
        response, form = self.post(client, phone="+46 70 123 45 67")
        assert form.errors.as_data()["phone"][0].code == "invalid_phone"
        assert "Skriv et dansk telefonnummer" in response.text
        assert 'value="+46 70 123 45 67"' in response.text

    def test_the_error_summary_lists_the_errors(self, client):
        response, _form = self.post(client, cvr="1234", phone="12")
        assert "error-summary" in response.text
        assert response.text.count('data-field="id_') == 2

    def test_a_valid_cvr_number_typed_in_groups_is_kept_as_digits(self, client):
        client.post(
            reverse("organisations:organisation-create"), ORGANISATION | {"cvr": "12 34 56 74"}
        )
        assert Organisation.objects.get(name=ORGANISATION["name"]).cvr == "12345674"


class TestDuplicateName:
    @pytest.fixture
    def existing(self, db):
        return OrganisationFactory(name="Røde Kors Rødovre")

    def test_a_new_organisation_with_the_same_name_gets_a_warning_with_a_link(
        self, client_for, staff_user, existing
    ):
        data = ORGANISATION | {"name": "røde  kors rodovre", "address": "Rødovrevej 1"}
        response = client_for(staff_user).post(reverse("organisations:organisation-create"), data)
        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["name"][0].code == "duplicate_name"
        assert f'href="{existing.get_absolute_url()}"' in response.text
        assert 'name="create_anyway"' in response.text
        assert 'value="Rødovrevej 1"' in response.text
        assert Organisation.objects.count() == 1

    def test_create_it_anyway_saves_it(self, client_for, staff_user, existing):
        data = ORGANISATION | {"name": "Røde Kors Rødovre", "create_anyway": "on"}
        response = client_for(staff_user).post(reverse("organisations:organisation-create"), data)
        assert response.status_code == 302
        assert Organisation.objects.filter(name="Røde Kors Rødovre").count() == 2

    def test_renaming_to_the_name_of_another_warns(self, client_for, staff_user, existing, other):
        client = client_for(staff_user)
        data = loaded_data(client, edit_url(other)) | {"name": "RØDE KORS RØDOVRE"}
        response = client.post(edit_url(other), data)
        assert response.status_code == 200
        assert f'href="{existing.get_absolute_url()}"' in response.text
        other.refresh_from_db()
        assert other.name == "Anden Forening"

    def test_saving_an_organisation_under_its_own_name_does_not_warn(
        self, client_for, staff_user, existing
    ):
        client = client_for(staff_user)
        data = loaded_data(client, edit_url(existing)) | {"description": "Ny"}
        assert client.post(edit_url(existing), data).status_code == 302


class TestWhoMayEditAnActivity:
    @pytest.fixture
    def own_activity(self, own):
        return ActivityFactory(organisation=own, title="Egen aktivitet")

    @pytest.fixture
    def others_activity(self, other):
        return ActivityFactory(organisation=other, title="Andres aktivitet")

    def test_a_visitor_is_sent_to_log_in(self, client, own, own_activity):
        for url in (new_activity_url(own), activity_edit_url(own_activity)):
            assert client.get(url)["Location"].startswith(LOGIN)

    def test_a_volunteer_is_refused(self, client_for, volunteer, own, own_activity):
        client = client_for(volunteer)
        assert client.get(new_activity_url(own)).status_code == 403
        assert client.get(activity_edit_url(own_activity)).status_code == 403
        assert client.get(preview_url(own_activity)).status_code == 403

    def test_the_contact_edits_their_own_organisations_activities(
        self, client_for, organisation_contact, own, own_activity
    ):
        client = client_for(organisation_contact)
        assert client.get(new_activity_url(own)).status_code == 200
        assert client.get(activity_edit_url(own_activity)).status_code == 200
        assert client.get(preview_url(own_activity)).status_code == 200

    def test_the_contact_gets_404_for_another_organisations_activities(
        self, client_for, organisation_contact, other, others_activity
    ):
        client = client_for(organisation_contact)
        assert client.get(new_activity_url(other)).status_code == 404
        assert client.get(activity_edit_url(others_activity)).status_code == 404
        assert client.get(preview_url(others_activity)).status_code == 404
        response = client.post(activity_edit_url(others_activity), ACTIVITY)
        assert response.status_code == 404
        assert client.post(new_activity_url(other), ACTIVITY).status_code == 404
        assert not Activity.objects.filter(title=ACTIVITY["title"]).exists()

    @pytest.mark.parametrize("role", MUNICIPAL)
    def test_municipal_users_edit_every_activity(
        self, role, users_by_role, client_for, other, others_activity
    ):
        client = client_for(users_by_role[role])
        assert client.get(new_activity_url(other)).status_code == 200
        assert client.get(activity_edit_url(others_activity)).status_code == 200

    def test_a_tampered_organisation_or_confirmation_date_is_ignored(
        self, client_for, organisation_contact, own, own_activity, other
    ):
        client = client_for(organisation_contact)
        data = loaded_data(client, activity_edit_url(own_activity))
        data.update(organisation=other.pk, last_confirmed="2030-01-01", title="Flyttet?")
        assert client.post(activity_edit_url(own_activity), data).status_code == 302
        own_activity.refresh_from_db()
        assert own_activity.organisation == own
        assert own_activity.last_confirmed == timezone.localdate()
        created = client.post(new_activity_url(own), ACTIVITY | {"organisation": other.pk})
        assert created.status_code == 302
        assert Activity.objects.get(title=ACTIVITY["title"]).organisation == own

    def test_the_contact_creates_an_unpublished_activity_and_publishes_it(
        self, client_for, organisation_contact, own
    ):
        client = client_for(organisation_contact)
        response = client.post(new_activity_url(own), ACTIVITY | {"is_published": ""})
        activity = Activity.objects.get(title="Gå-gruppen")
        assert response["Location"] == preview_url(activity)
        assert not activity.is_published
        assert activity.last_confirmed == timezone.localdate()
        data = loaded_data(client, activity_edit_url(activity)) | {"is_published": "on"}
        assert client.post(activity_edit_url(activity), data).status_code == 302
        activity.refresh_from_db()
        assert activity.is_published


class TestUnpublishedActivity:
    @pytest.fixture
    def draft(self, own):
        return ActivityFactory(organisation=own, title="Kladde-aktivitet", is_published=False)

    @pytest.mark.parametrize("role", [None, "volunteer", "organisation_contact", "staff"])
    def test_its_public_page_is_404_for_everyone(self, role, users_by_role, client_for, draft):
        user = users_by_role[role] if role else None
        assert client_for(user).get(draft.get_absolute_url()).status_code == 404

    def test_its_editors_see_it_with_an_edit_link(
        self, client_for, organisation_contact, staff_user, draft
    ):
        for user in (organisation_contact, staff_user):
            response = client_for(user).get(preview_url(draft))
            assert response.status_code == 200
            assert activity_edit_url(draft) in response.text
            page = client_for(user).get(draft.organisation.get_absolute_url()).text
            assert preview_url(draft) in page

    def test_others_do_not_find_it_on_the_organisation_page(self, client_for, volunteer, draft):
        for user in (None, volunteer):
            page = client_for(user).get(draft.organisation.get_absolute_url()).text
            assert "Kladde-aktivitet" not in page

    def test_the_contact_of_another_organisation_gets_404(self, client_for, draft, other):
        contact = UserFactory(role=User.Role.ORGANISATION_CONTACT)
        Membership.objects.create(user=contact, organisation=other, capacity="contact")
        assert client_for(contact).get(preview_url(draft)).status_code == 404
        assert "Kladde" not in client_for(contact).get(draft.organisation.get_absolute_url()).text


class TestBadInputOfAnActivity:
    @pytest.fixture
    def client(self, client_for, organisation_contact):
        return client_for(organisation_contact)

    def post(self, client, own, **fields):
        data = ACTIVITY | {"place": "Islev Kirke"} | fields
        response = client.post(new_activity_url(own), data)
        assert response.status_code == 200
        assert not Activity.objects.filter(title=ACTIVITY["title"]).exists()
        assert 'value="Islev Kirke"' in response.text
        assert 'value="Gå-gruppen"' in response.text
        return response, response.context["form"]

    def test_an_end_time_before_the_start_time(self, client, own):
        response, form = self.post(client, own, start_time="14:00", end_time="13:00")
        assert form.errors.as_data()["end_time"][0].code == "ends_before_start"
        assert "Sluttidspunktet skal ligge efter starttidspunktet." in response.text
        assert 'value="14:00"' in response.text and 'value="13:00"' in response.text

    def test_an_age_range_upside_down(self, client, own):
        response, form = self.post(client, own, min_age="70", max_age="60")
        assert form.errors.as_data()["max_age"][0].code == "ages_reversed"
        assert "Den øvre alder skal være mindst den nedre alder." in response.text
        assert 'value="70"' in response.text and 'value="60"' in response.text

    def test_a_welcome_phone_that_is_not_danish(self, client, own):
        response, form = self.post(client, own, welcome_phone="555-1234")
        assert form.errors.as_data()["welcome_phone"][0].code == "invalid_phone"
        assert "Skriv et dansk telefonnummer" in response.text

    def test_a_price_that_is_not_a_number(self, client, own):
        response, form = self.post(client, own, price_dkk="gratis?")
        assert form.errors.as_data()["price_dkk"][0].code == "invalid"
        assert 'value="gratis?"' in response.text

    def test_a_danish_price_weekdays_times_and_lists_are_saved(self, client, own):
        group, challenge = (
            TargetGroup.objects.create(name="Ældre"),
            Challenge.objects.create(name="Ensomhed"),
        )
        data = ACTIVITY | {
            "price_dkk": "125,50",
            "on_tuesday": "on",
            "on_friday": "on",
            "start_time": "10:00",
            "end_time": "11:30",
            "target_groups": [group.pk],
            "challenges": [challenge.pk],
            "area": Area.objects.create(name="Islev").pk,
        }
        assert client.post(new_activity_url(own), data).status_code == 302
        activity = Activity.objects.get(title="Gå-gruppen")
        assert activity.price_dkk == Decimal("125.50")
        assert activity.weekdays == ["Tirsdag", "Fredag"]
        assert (activity.start_time, activity.end_time) == (
            datetime.time(10),
            datetime.time(11, 30),
        )
        assert list(activity.target_groups.all()) == [group]
        assert list(activity.challenges.all()) == [challenge]
        # The price is shown back with a decimal comma, the page's own.
        response = client.get(activity_edit_url(activity))
        assert 'value="125,50"' in response.text

    @pytest.mark.parametrize(
        ("typed", "price"),
        [("125", "125"), ("125.50", "125.50"), ("1.250,00", "1250"), ("40 kr.", "40")],
    )
    def test_prices_as_people_write_them(self, typed, price, own):
        form = ActivityForm(
            data=ACTIVITY | {"price_dkk": typed}, instance=Activity(organisation=own)
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["price_dkk"] == Decimal(price)


class TestEditConflict:
    """Two people edit at once: the second save does not silently undo the first."""

    def test_a_stale_organisation_save_is_refused_and_shows_both(
        self, client_for, staff_user, organisation_contact, own
    ):
        staff = client_for(staff_user)
        stale = loaded_data(staff, edit_url(own))
        contact = client_for(organisation_contact)
        fresh = loaded_data(contact, edit_url(own)) | {"description": "Kontaktens tekst"}
        assert contact.post(edit_url(own), fresh).status_code == 302

        response = staff.post(edit_url(own), stale | {"description": "Personalets tekst"})
        assert response.status_code == 200
        own.refresh_from_db()
        assert own.description == "Kontaktens tekst"
        form = response.context["form"]
        assert form.data["description"] == "Personalets tekst"  # what was typed is kept
        assert response.context["stored"] == [("Beskrivelse", "Kontaktens tekst")]
        assert "Kontaktens tekst" in response.text
        assert "Personalets tekst" in response.text

        # Saving again, having seen the other's change, is a deliberate choice: it goes through.
        again = form_data(form)
        assert staff.post(edit_url(own), again).status_code == 302
        own.refresh_from_db()
        assert own.description == "Personalets tekst"

    def test_a_stale_activity_save_is_refused(self, client_for, staff_user, own):
        activity = ActivityFactory(organisation=own, title="Før")
        client = client_for(staff_user)
        stale = loaded_data(client, activity_edit_url(activity))
        other_edit = Activity.objects.get(pk=activity.pk)
        other_edit.title = "Andens"
        activity_update(
            activity=other_edit, fields=["title"], loaded=version_of(activity), by=staff_user
        )
        response = client.post(activity_edit_url(activity), stale | {"title": "Min"})
        assert response.status_code == 200
        assert Activity.objects.get(pk=activity.pk).title == "Andens"
        assert response.context["stored"] == [("Titel", "Andens")]
        assert response.context["form"].non_field_errors()

    def test_saving_again_after_a_conflict_keeps_the_other_persons_change(
        self, client_for, staff_user, own
    ):
        """One changed the rhythm, the other the place: after the conflict page, both stay."""
        activity = ActivityFactory(organisation=own, rhythm="Hver mandag", place="Biblioteket")
        first, second = client_for(staff_user), client_for(UserFactory(role="staff"))
        loaded_first = loaded_data(first, activity_edit_url(activity))
        loaded_second = loaded_data(second, activity_edit_url(activity))
        changed = loaded_first | {"rhythm": "Hver tirsdag"}
        assert first.post(activity_edit_url(activity), changed).status_code == 302
        response = second.post(activity_edit_url(activity), loaded_second | {"place": "Caféen"})
        assert response.status_code == 200
        assert response.context["stored"] == []  # nothing both changed
        form = response.context["form"]
        assert (form.data["rhythm"], form.data["place"]) == ("Hver tirsdag", "Caféen")
        assert second.post(activity_edit_url(activity), form_data(form)).status_code == 302
        activity.refresh_from_db()
        assert (activity.rhythm, activity.place) == ("Hver tirsdag", "Caféen")


class TestEditPages:
    def test_the_edit_page_says_when_it_was_last_changed(self, client_for, staff_user, other):
        response = client_for(staff_user).get(edit_url(other))
        assert "Senest ændret" in response.text
        assert f'datetime="{timezone.localdate(other.updated_at).isoformat()}"' in response.text

    def test_an_activity_saved_through_its_form_counts_as_confirmed(
        self, client_for, organisation_contact, own
    ):
        activity = ActivityFactory(organisation=own, last_confirmed=datetime.date(2020, 1, 1))
        client = client_for(organisation_contact)
        data = loaded_data(client, activity_edit_url(activity)) | {"rhythm": "Hver tirsdag"}
        assert client.post(activity_edit_url(activity), data).status_code == 302
        activity.refresh_from_db()
        assert activity.rhythm == "Hver tirsdag"
        assert activity.last_confirmed == timezone.localdate()

    def test_the_audit_log_records_the_lists_of_an_activity(self, client_for, staff_user, own):
        activity = ActivityFactory(organisation=own)
        group = TargetGroup.objects.create(name="Unge")
        client = client_for(staff_user)
        data = loaded_data(client, activity_edit_url(activity)) | {"target_groups": [group.pk]}
        client.post(activity_edit_url(activity), data)
        entries = LogEntry.objects.get_for_object(activity).filter(actor=staff_user)
        assert any("target_groups" in (entry.changes_dict or {}) for entry in entries)


class TestLinks:
    def test_the_contact_finds_the_edit_links_on_their_own_pages_only(
        self, client_for, organisation_contact, own, other
    ):
        activity = ActivityFactory(organisation=own)
        client = client_for(organisation_contact)
        page = client.get(own.get_absolute_url()).text
        assert edit_url(own) in page
        assert new_activity_url(own) in page
        assert activity_edit_url(activity) in client.get(activity.get_absolute_url()).text
        assert edit_url(other) not in client.get(other.get_absolute_url()).text

    @pytest.mark.parametrize("role", [None, "volunteer"])
    def test_visitors_and_volunteers_get_no_edit_links(self, role, users_by_role, client_for, own):
        activity = ActivityFactory(organisation=own)
        client = client_for(users_by_role[role] if role else None)
        assert "edit-actions" not in client.get(own.get_absolute_url()).text
        assert "edit-actions" not in client.get(activity.get_absolute_url()).text
        assert "edit-actions" not in client.get(reverse("organisations:organisation-list")).text

    def test_staff_find_new_organisation_and_the_list_to_check(self, client_for, staff_user):
        page = client_for(staff_user).get(reverse("organisations:organisation-list")).text
        assert reverse("organisations:organisation-create") in page
        assert reverse("organisations:activities-to-check") in page


class TestMyOrganisation:
    url = reverse("organisations:my-organisations")

    def test_a_visitor_is_sent_to_log_in(self, client):
        assert client.get(self.url)["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("role", ["volunteer", "staff", "admin"])
    def test_others_than_contacts_are_refused(self, role, users_by_role, client_for):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403

    def test_the_contact_sees_their_organisations_with_drafts(
        self, client_for, organisation_contact, own, other
    ):
        draft = ActivityFactory(organisation=own, title="Kladde", is_published=False)
        ActivityFactory(organisation=other, title="Fremmed")
        response = client_for(organisation_contact).get(self.url)
        assert list(response.context["organisations"]) == [own]
        assert preview_url(draft) in response.text
        assert "Fremmed" not in response.text
        assert edit_url(own) in response.text

    def test_the_menu_has_it_for_contacts_only(self, client_for, organisation_contact, staff_user):
        assert self.url in client_for(organisation_contact).get("/").text
        assert self.url not in client_for(staff_user).get("/").text

    @pytest.mark.parametrize("rows", [1, 10])
    def test_query_count_does_not_grow_with_organisations(
        self, rows, client_for, django_assert_num_queries
    ):
        contact = UserFactory(role=User.Role.ORGANISATION_CONTACT)
        for organisation in OrganisationFactory.create_batch(rows):
            Membership.objects.create(user=contact, organisation=organisation, capacity="contact")
            ActivityFactory.create_batch(2, organisation=organisation)
        client = client_for(contact)
        with django_assert_num_queries(5):  # session, user, memberships, organisations, activities
            response = client.get(self.url)
        assert len(response.context["organisations"]) == rows
