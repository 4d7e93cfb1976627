"""The yearly confirmation: the daily command that mails the contact persons, once a year and
in their language; the page where they confirm the activities; and the staff's list of
activities not confirmed for 15 months."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from organisations.management.commands.ask_activity_confirmation import months_before
from organisations.models import Activity, Area, Membership, Organisation
from tests.factories import ActivityFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
TODAY = datetime.date(2027, 3, 10)
NOON = datetime.datetime(2027, 3, 10, 12, tzinfo=COPENHAGEN)
BASE_URL = "https://frivillig.example.dk"
LOGIN = reverse("account_login")


def contact_of(organisation, **user_fields):
    user = UserFactory(role=User.Role.ORGANISATION_CONTACT, **user_fields)
    Membership.objects.create(user=user, organisation=organisation, capacity="contact")
    return user


def confirm_url(organisation):
    return reverse("organisations:organisation-confirm", kwargs={"slug": organisation.slug})


@pytest.fixture
def due(db):
    """An organisation whose one activity was last confirmed 13 months ago, with a contact."""
    organisation = OrganisationFactory(name="Sorggruppen")
    ActivityFactory(organisation=organisation, last_confirmed=datetime.date(2026, 2, 1))
    contact_of(organisation, email="kontakt@sorg.dk", language="da")
    return organisation


@pytest.fixture
def ask(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command at ``when`` (noon on TODAY by default); return the mails it sent."""

    def run(when=NOON):
        before = len(mailoutbox)
        with (
            time_machine.travel(when, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("ask_activity_confirmation", base_url=BASE_URL, stdout=io.StringIO())
        run_worker()
        return mailoutbox[before:]

    return run


class TestTheCommand:
    def test_it_mails_the_contact_once_and_notes_when(self, due, ask):
        [mail] = ask()
        assert mail.to == ["kontakt@sorg.dk"]
        assert f"{BASE_URL}{confirm_url(due)}" in mail.body
        assert f'href="{BASE_URL}{confirm_url(due)}"' in mail.alternatives[0][0]
        due.refresh_from_db()
        assert due.confirmation_requested_at == NOON

    def test_running_it_twice_a_day_mails_once(self, due, ask):
        assert len(ask()) == 1
        assert ask(NOON + datetime.timedelta(hours=3)) == []
        assert ask(NOON + datetime.timedelta(days=1)) == []

    def test_it_asks_again_a_year_later_if_still_unconfirmed(self, due, ask):
        assert len(ask()) == 1
        assert ask(datetime.datetime(2028, 3, 9, 12, tzinfo=COPENHAGEN)) == []
        assert len(ask(datetime.datetime(2028, 3, 10, 8, tzinfo=COPENHAGEN))) == 1

    def test_the_mail_is_in_the_contacts_language(self, due, ask):
        contact_of(due, email="english@sorg.dk", language="en")
        mails = {mail.to[0]: mail for mail in ask()}
        danish, english = mails["kontakt@sorg.dk"], mails["english@sorg.dk"]
        assert danish.body.startswith("Hej,")
        assert english.body.startswith("Hello,")
        assert f"{BASE_URL}/en{confirm_url(due)}" in english.body
        assert f"{BASE_URL}{confirm_url(due)}" in danish.body

    def test_an_organisation_without_a_contact_is_neither_mailed_nor_marked(self, ask):
        organisation = OrganisationFactory()
        ActivityFactory(organisation=organisation, last_confirmed=None)
        assert ask() == []
        organisation.refresh_from_db()
        assert organisation.confirmation_requested_at is None

    def test_an_inactive_contact_is_not_mailed(self, due, ask):
        User.objects.filter(memberships__organisation=due).update(is_active=False)
        assert ask() == []

    @pytest.mark.parametrize(
        "activity",
        [
            {"last_confirmed": datetime.date(2026, 6, 1)},  # confirmed 9 months ago
            {"last_confirmed": None, "is_published": False},  # not public
        ],
    )
    def test_organisations_not_due_are_not_asked(self, activity, ask):
        organisation = OrganisationFactory()
        ActivityFactory(organisation=organisation, **activity)
        contact_of(organisation)
        assert ask() == []

    def test_an_inactive_organisation_is_not_asked(self, due, ask):
        Organisation.objects.filter(pk=due.pk).update(is_active=False)
        assert ask() == []

    def test_exactly_twelve_months_is_due(self, ask):
        organisation = OrganisationFactory()
        ActivityFactory(organisation=organisation, last_confirmed=datetime.date(2026, 3, 10))
        ActivityFactory(organisation=organisation, last_confirmed=datetime.date(2027, 1, 1))
        contact_of(organisation)
        assert len(ask()) == 1  # the oldest confirmation counts

    def test_the_ask_is_in_the_audit_log_without_a_person(self, due, ask):
        ask()
        entry = LogEntry.objects.get_for_object(due).filter(action=LogEntry.Action.UPDATE).get()
        assert "confirmation_requested_at" in entry.changes_dict
        assert entry.actor is None

    def test_it_needs_the_portals_address(self, settings):
        with pytest.raises(CommandError):
            call_command("ask_activity_confirmation", base_url="")

    def test_months_before_keeps_the_day_or_takes_the_months_last(self):
        assert months_before(datetime.date(2027, 3, 10), 12) == datetime.date(2026, 3, 10)
        assert months_before(datetime.date(2027, 3, 31), 1) == datetime.date(2027, 2, 28)
        assert months_before(datetime.date(2027, 1, 15), 13) == datetime.date(2025, 12, 15)


class TestTheConfirmPage:
    @pytest.fixture
    def activities(self, due):
        ActivityFactory(organisation=due, title="Kladden", is_published=False, last_confirmed=None)
        return list(due.activities.all())

    def test_a_visitor_following_the_mail_is_sent_to_log_in_and_back(self, client, due):
        response = client.get(confirm_url(due))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert "next=" in response["Location"]

    def test_a_volunteer_is_refused(self, client_for, volunteer, due):
        assert client_for(volunteer).get(confirm_url(due)).status_code == 403

    def test_the_contact_of_another_organisation_gets_404(self, client_for, due):
        stranger = contact_of(OrganisationFactory())
        assert client_for(stranger).get(confirm_url(due)).status_code == 404
        assert client_for(stranger).post(confirm_url(due)).status_code == 404
        assert due.activities.get().last_confirmed == datetime.date(2026, 2, 1)

    def test_it_lists_the_activities_with_their_dates_and_edit_links(
        self, client_for, due, activities
    ):
        contact = User.objects.get(memberships__organisation=due)
        response = client_for(contact).get(confirm_url(due))
        assert response.status_code == 200
        for activity in activities:
            assert activity.title in response.text
            assert reverse("organisations:activity-edit", kwargs={"pk": activity.pk}) in (
                response.text
            )
        assert 'datetime="2026-02-01"' in response.text

    @pytest.mark.parametrize("who", ["contact", "staff"])
    def test_one_button_confirms_them_all(self, who, client_for, staff_user, due, activities):
        user = User.objects.get(memberships__organisation=due) if who == "contact" else staff_user
        with time_machine.travel(NOON, tick=False):
            response = client_for(user).post(confirm_url(due))
        assert response.status_code == 302
        assert set(due.activities.values_list("last_confirmed", flat=True)) == {TODAY}
        entries = LogEntry.objects.filter(
            content_type__model="activity", object_pk__in=[str(a.pk) for a in activities]
        ).filter(action=LogEntry.Action.UPDATE)
        assert {entry.actor for entry in entries} == {user}

    def test_a_confirmed_activity_is_no_longer_marked_in_public(self, client_for, due):
        activity = due.activities.get()
        Activity.objects.filter(pk=activity.pk).update(last_confirmed=datetime.date(2025, 6, 1))
        contact = User.objects.get(memberships__organisation=due)
        with time_machine.travel(NOON, tick=False):
            assert "badge text-bg-warning" in public_page(due)
            client_for(contact).post(confirm_url(due))
            activity.refresh_from_db()
            assert not activity.is_possibly_outdated
            assert "badge text-bg-warning" not in public_page(due)


def public_page(organisation):
    from django.test import Client

    return Client().get(organisation.get_absolute_url()).text


class TestActivitiesToCheck:
    url = reverse("organisations:activities-to-check")

    @pytest.fixture
    def stale(self, db):
        old = timezone.localdate() - datetime.timedelta(days=500)
        organisation = OrganisationFactory(name="Gammel Forening", kind="community")
        asked = datetime.datetime(2026, 5, 4, 9, tzinfo=COPENHAGEN)
        Organisation.objects.filter(pk=organisation.pk).update(confirmation_requested_at=asked)
        contact_of(organisation)
        return ActivityFactory(
            organisation=organisation, title="Gammel aktivitet", last_confirmed=old
        )

    def test_a_visitor_is_sent_to_log_in(self, client):
        assert client.get(self.url)["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("role", ["volunteer", "organisation_contact"])
    def test_others_than_staff_are_refused(self, role, users_by_role, client_for):
        assert client_for(users_by_role[role]).get(self.url).status_code == 403

    @pytest.mark.parametrize("role", ["staff", "coordinator", "admin"])
    def test_staff_see_what_is_not_confirmed_for_15_months(
        self, role, users_by_role, client_for, stale
    ):
        ActivityFactory(title="Frisk aktivitet", last_confirmed=timezone.localdate())
        never = ActivityFactory(title="Aldrig bekræftet", last_confirmed=None)
        ActivityFactory(title="Upubliceret", last_confirmed=None, is_published=False)
        response = client_for(users_by_role[role]).get(self.url)
        assert response.status_code == 200
        assert list(response.context["object_list"]) == [never, stale]
        text = response.text
        assert "Gammel Forening" in text
        assert 'datetime="2026-05-04"' in text  # when it was last asked
        rows = {
            activity.title: activity.has_contact for activity in response.context["object_list"]
        }
        assert rows == {"Gammel aktivitet": True, "Aldrig bekræftet": False}

    def test_it_filters_by_kind_and_area(self, client_for, staff_user, stale):
        islev = Area.objects.create(name="Islev")
        in_islev = ActivityFactory(
            organisation=OrganisationFactory(kind="humanitarian", area=islev), last_confirmed=None
        )
        client = client_for(staff_user)
        assert list(client.get(self.url, {"kind": "community"}).context["object_list"]) == [stale]
        assert list(client.get(self.url, {"area": islev.pk}).context["object_list"]) == [in_islev]
        assert client.get(self.url, {"kind": "nonsense"}).status_code == 200

    def test_it_is_paged(self, client_for, staff_user):
        ActivityFactory.create_batch(30, last_confirmed=None)
        client = client_for(staff_user)
        assert len(client.get(self.url).context["object_list"]) == 25
        assert len(client.get(self.url, {"page": "2"}).context["object_list"]) == 5
        assert len(client.get(self.url, {"page": "x"}).context["object_list"]) == 25

    @pytest.mark.parametrize("rows", [1, 10])
    def test_query_count_does_not_grow_with_rows(
        self, rows, client_for, staff_user, django_assert_num_queries
    ):
        for _ in range(rows):
            organisation = OrganisationFactory(area=Area.objects.get_or_create(name="A")[0])
            contact_of(organisation)
            ActivityFactory(organisation=organisation, last_confirmed=None)
        UnitFactory()
        client = client_for(staff_user)
        # session, user, memberships (menu), count, page, the areas to filter by
        with django_assert_num_queries(6):
            response = client.get(self.url)
        assert len(response.context["object_list"]) == rows


def test_an_activity_confirmed_today_is_not_possibly_outdated():
    activity = ActivityFactory(last_confirmed=timezone.localdate())
    assert not Activity.objects.possibly_outdated().filter(pk=activity.pk).exists()
