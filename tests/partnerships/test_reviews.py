"""Review meetings: a held meeting is recorded by municipal staff with its participants,
minutes and follow-ups, and the next review is planned from the agreement's schedule."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from organisations.models import Membership
from partnerships.models import Agreement, ReviewMeeting
from partnerships.services.reviews import next_review_after, record_review_meeting
from tests.factories import AgreementFactory, OrganisationFactory
from volunteer_portal.transitions import DomainError

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)


@pytest.fixture(autouse=True)
def _fixed_today():
    with time_machine.travel(datetime.datetime(2027, 3, 10, 12), tick=False):
        yield


@pytest.fixture
def agreement(organisation_contact):
    agreement = AgreementFactory(
        title="Partnerskab med Frivilligrådet",
        status=Agreement.Status.ACTIVE,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2028, 12, 31),
        reviews_per_year=4,
        is_public=True,
    )
    # The contact's organisation is a partner, so the contact may see the agreement itself.
    agreement.partners.add(organisation_contact.memberships.get().organisation)
    return agreement


def create_url(agreement):
    return reverse("partnerships:review-create", kwargs={"pk": agreement.pk})


def list_url(agreement):
    return reverse("partnerships:review-list", kwargs={"pk": agreement.pk})


class TestTheSchedule:
    @pytest.mark.parametrize(
        ("per_year", "expected"),
        [
            (4, datetime.date(2027, 6, 10)),
            (12, datetime.date(2027, 4, 10)),
            (1, datetime.date(2028, 3, 10)),
            (2, datetime.date(2027, 9, 10)),
            (5, datetime.date(2027, 5, 22)),  # 73 days: 12 / 5 is not whole months
            (0, None),
        ],
    )
    def test_the_next_meeting_is_twelve_by_n_months_later(self, per_year, expected):
        assert next_review_after(TODAY, per_year) == expected

    def test_a_month_end_stays_in_its_month(self):
        assert next_review_after(datetime.date(2026, 11, 30), 4) == datetime.date(2027, 2, 28)
        assert next_review_after(datetime.date(2027, 10, 31), 12) == datetime.date(2027, 11, 30)


class TestRecording:
    def test_it_saves_the_meeting_and_plans_the_next(self, agreement, staff_user):
        meeting = record_review_meeting(
            agreement, TODAY, "Else, Bo", "Godt samarbejde", "Bo sender tal", by=staff_user
        )
        assert (meeting.participants, meeting.minutes, meeting.follow_ups) == (
            "Else, Bo",
            "Godt samarbejde",
            "Bo sender tal",
        )
        agreement.refresh_from_db()
        assert agreement.next_review_date == datetime.date(2027, 6, 10)

    def test_the_next_is_planned_from_the_latest_meeting(self, agreement, staff_user):
        record_review_meeting(agreement, TODAY, by=staff_user)
        record_review_meeting(agreement, datetime.date(2026, 12, 1), by=staff_user)  # late note
        agreement.refresh_from_db()
        assert agreement.next_review_date == datetime.date(2027, 6, 10)

    def test_without_a_schedule_no_next_meeting_is_planned(self, agreement, staff_user):
        Agreement.objects.filter(pk=agreement.pk).update(reviews_per_year=0, next_review_date=TODAY)
        record_review_meeting(agreement, TODAY, by=staff_user)
        agreement.refresh_from_db()
        assert agreement.next_review_date is None

    def test_no_meeting_is_planned_after_the_agreements_end(self, agreement, staff_user):
        Agreement.objects.filter(pk=agreement.pk).update(end_date=datetime.date(2027, 5, 1))
        record_review_meeting(agreement, TODAY, by=staff_user)
        agreement.refresh_from_db()
        assert agreement.next_review_date is None

    def test_no_meeting_is_planned_once_the_agreement_has_ended(self, agreement, staff_user):
        Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ENDED)
        record_review_meeting(agreement, TODAY, by=staff_user)
        agreement.refresh_from_db()
        assert agreement.next_review_date is None

    def test_a_meeting_in_the_future_is_refused(self, agreement, staff_user):
        with pytest.raises(DomainError):
            record_review_meeting(agreement, TODAY + datetime.timedelta(days=1), by=staff_user)
        assert not ReviewMeeting.objects.exists()


class TestThePages:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            (None, 302),
            ("volunteer", 403),
            ("organisation_contact", 403),
            ("staff", 200),
            ("coordinator", 200),
            ("admin", 200),
        ],
    )
    def test_only_municipal_users_reach_the_pages(
        self, agreement, users_by_role, client_for, role, status
    ):
        client = client_for(users_by_role[role] if role else None)
        for url in (create_url(agreement), list_url(agreement)):
            response = client.get(url)
            assert response.status_code == status, url
            if status == 302:
                assert response["Location"].startswith(reverse("account_login"))
        if role:
            response = client.post(create_url(agreement), {"date": "2027-03-01"})
            assert response.status_code == (302 if status == 200 else status)

    def test_the_contact_sees_the_agreement_but_not_its_meetings(
        self, agreement, organisation_contact, client_for
    ):
        client = client_for(organisation_contact)
        assert client.get(agreement.get_absolute_url()).status_code == 200
        assert client.get(list_url(agreement)).status_code == 403

    def test_an_agreement_that_does_not_exist_is_404(self, staff_user, client_for):
        url = reverse("partnerships:review-create", kwargs={"pk": 999999})
        assert client_for(staff_user).get(url).status_code == 404

    def test_staff_record_a_meeting_and_see_it_in_full(self, agreement, staff_user, client_for):
        client = client_for(staff_user)
        response = client.post(
            create_url(agreement),
            {
                "date": "2027-03-01",
                "participants": "Else Ansvar\nBo Frivilligrådet",
                "minutes": "Vi gennemgik årets aktiviteter.",
                "follow_ups": "Bo sender regnskabet.",
            },
            follow=True,
        )
        assert response.redirect_chain[-1][0] == list_url(agreement)
        page = response.content.decode()
        assert "Vi gennemgik årets aktiviteter." in page
        assert "Bo sender regnskabet." in page
        assert "1. juni 2027" in page  # the next review, in the message and the schedule
        meeting = ReviewMeeting.objects.get()
        assert meeting.participants == "Else Ansvar\nBo Frivilligrådet"

    def test_a_future_date_is_refused_with_everything_kept(self, agreement, staff_user, client_for):
        response = client_for(staff_user).post(
            create_url(agreement), {"date": "2027-03-11", "minutes": "Referat der ikke må tabes"}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "error-summary" in page
        assert "Referat der ikke må tabes" in page
        assert not ReviewMeeting.objects.exists()

    def test_a_missing_date_is_refused(self, agreement, staff_user, client_for):
        response = client_for(staff_user).post(create_url(agreement), {"minutes": "Noter"})
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert not ReviewMeeting.objects.exists()

    def test_the_list_is_paged_and_its_queries_do_not_grow(
        self,
        agreement,
        staff_user,
        client_for,
        django_assert_max_num_queries,
        django_assert_num_queries,
    ):
        client = client_for(staff_user)
        ReviewMeeting.objects.create(agreement=agreement, date=TODAY, minutes="Første")
        client.get(list_url(agreement))  # the session's first request does more
        with django_assert_max_num_queries(20) as one:
            client.get(list_url(agreement))
        for n in range(30):
            ReviewMeeting.objects.create(agreement=agreement, date=TODAY, minutes=f"Møde {n}")
        with django_assert_num_queries(len(one.captured_queries)):
            response = client.get(list_url(agreement))
        assert len(response.context["meetings"]) == 20
        assert client.get(list_url(agreement), {"page": "99"}).status_code == 200

    def test_an_outsider_organisation_contact_is_refused_before_the_object(self, client_for):
        from tests.factories import UserFactory

        other = AgreementFactory(status=Agreement.Status.ACTIVE)
        contact = UserFactory(role="organisation_contact")
        Membership.objects.create(
            user=contact, organisation=OrganisationFactory(), capacity="contact"
        )
        assert client_for(contact).get(create_url(other)).status_code == 403
