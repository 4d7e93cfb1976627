"""The private calendar: a municipal user's page with their secret address and a button that
renews it, and the iCalendar feed behind the address with the dates of the agreements they
are responsible for (and nobody else's)."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import Agreement, CalendarToken, Grant, GrantPool, GrantReport
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

PAGE = reverse("partnerships:calendar")
RENEW = reverse("partnerships:calendar-renew")


def feed(token):
    return reverse("partnerships:calendar-feed", kwargs={"token": token})


@pytest.fixture
def owner(db):
    return UserFactory(email="ejer@kommune.dk", role=User.Role.STAFF, language="da")


@pytest.fixture
def token(owner):
    return CalendarToken.objects.create(user=owner).token


@pytest.fixture
def agreement(owner):
    agreement = AgreementFactory(
        title="Aftale med Headspace",
        status=Agreement.Status.ACTIVE,
        end_date=datetime.date(2027, 6, 30),
        next_review_date=datetime.date(2027, 4, 15),
        responsible_staff=owner,
    )
    agreement.partners.add(OrganisationFactory(name="Headspace Rødovre"))
    return agreement


@pytest.fixture
def grant(agreement):
    pool = GrantPool.objects.create(year=2026, budget=Decimal("100000"))
    return Grant.objects.create(
        pool=pool,
        organisation=agreement.partners.get(),
        agreement=agreement,
        amount=Decimal("8000"),
        report_due=datetime.date(2027, 4, 1),
    )


def summary(language, text):
    with translation.override(language):
        return gettext(text) % {"title": "Aftale med Headspace"}


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


class TestThePage:
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
    def test_only_municipal_users_have_a_calendar(self, users_by_role, client_for, role, status):
        user = users_by_role[role] if role else None
        response = client_for(user).get(PAGE)
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith(reverse("account_login"))
        if status == 200:
            secret = CalendarToken.objects.get(user=user).token
            page = response.content.decode()
            assert f"webcal://testserver{feed(secret)}" in page
            assert f"http://testserver{feed(secret)}" in page
            assert "no-store" in response["Cache-Control"]
        else:
            assert not CalendarToken.objects.exists()

    def test_the_address_stays_the_same_between_visits(self, owner, client_for):
        client = client_for(owner)
        client.get(PAGE)
        first = CalendarToken.objects.get(user=owner).token
        client.get(PAGE)
        assert CalendarToken.objects.get(user=owner).token == first

    def test_the_address_has_no_language_prefix_on_the_english_page(self, owner, token, client):
        client.force_login(owner)
        expected = f"http://testserver{feed(token)}"
        assert not expected.startswith("http://testserver/en/")
        page = client.get("/en" + PAGE).content.decode()
        assert 'lang="en"' in page
        assert expected in page


class TestRenewing:
    def test_renewing_ends_the_old_address(self, owner, token, client_for, client):
        response = client_for(owner).post(RENEW)
        assert response.status_code == 302
        assert response["Location"] == PAGE
        renewed = CalendarToken.objects.get(user=owner).token
        assert renewed != token
        assert client.get(feed(token)).status_code == 404
        assert client.get(feed(renewed)).status_code == 200

    def test_renewing_needs_a_post(self, owner, client_for):
        assert client_for(owner).get(RENEW).status_code == 405

    @pytest.mark.parametrize(("role", "status"), [(None, 302), ("volunteer", 403)])
    def test_others_cannot_renew(self, users_by_role, client_for, role, status):
        client = client_for(users_by_role[role] if role else None)
        assert client.post(RENEW).status_code == status
        assert not CalendarToken.objects.exists()


class TestTheFeed:
    def test_a_wrong_token_is_404(self, token, client):
        # One character changed (never to itself, so the test cannot pass by luck).
        other = "y" if token[0] == "x" else "x"
        assert client.get(feed(other + token[1:])).status_code == 404
        assert client.get(feed("not-a-token")).status_code == 404

    def test_an_owner_no_longer_on_the_staff_has_no_feed(self, owner, token, client):
        User.objects.filter(pk=owner.pk).update(role=User.Role.VOLUNTEER)
        assert client.get(feed(token)).status_code == 404
        User.objects.filter(pk=owner.pk).update(role=User.Role.STAFF, is_active=False)
        assert client.get(feed(token)).status_code == 404

    def test_it_holds_the_owners_dates_as_all_day_events(self, agreement, grant, token, client):
        response = client.get(feed(token))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        events = events_of(response)
        assert set(events) == {
            f"agreement-{agreement.pk}-end",
            f"agreement-{agreement.pk}-review",
            f"grant-{grant.pk}-report",
        }
        end = events[f"agreement-{agreement.pk}-end"]
        assert end.decoded("dtstart") == datetime.date(2027, 6, 30)
        assert end.decoded("dtend") == datetime.date(2027, 7, 1)
        assert str(end["summary"]) == summary("da", "Agreement ends: %(title)s")
        assert str(end["url"]) == f"http://testserver{agreement.get_absolute_url()}"
        review = events[f"agreement-{agreement.pk}-review"]
        assert review.decoded("dtstart") == datetime.date(2027, 4, 15)
        report = events[f"grant-{grant.pk}-report"]
        assert report.decoded("dtstart") == datetime.date(2027, 4, 1)
        assert "Headspace Rødovre" in str(report["summary"])

    def test_the_summaries_are_in_the_owners_language(self, owner, agreement, token, client):
        User.objects.filter(pk=owner.pk).update(language="en")
        events = events_of(client.get(feed(token)))
        end = events[f"agreement-{agreement.pk}-end"]
        assert str(end["summary"]) == summary("en", "Agreement ends: %(title)s")
        assert str(end["summary"]) == "Agreement ends: Aftale med Headspace"
        assert str(end["url"]) == f"http://testserver/en{agreement.get_absolute_url()}"

    def test_a_moved_date_keeps_its_uid(self, agreement, token, client):
        before = events_of(client.get(feed(token)))
        Agreement.objects.filter(pk=agreement.pk).update(end_date=datetime.date(2027, 8, 31))
        after = events_of(client.get(feed(token)))
        assert set(before) == set(after)
        uid = f"agreement-{agreement.pk}-end"
        assert after[uid].decoded("dtstart") == datetime.date(2027, 8, 31)

    def test_other_peoples_dates_are_never_in_it(self, agreement, grant, token, client):
        colleague = UserFactory(role=User.Role.STAFF)
        theirs = AgreementFactory(
            status="active", end_date=datetime.date(2027, 5, 1), responsible_staff=colleague
        )
        their_grant = Grant.objects.create(
            pool=grant.pool,
            organisation=grant.organisation,
            agreement=theirs,
            amount=Decimal("100"),
            report_due=datetime.date(2027, 4, 1),
        )
        AgreementFactory(status="active", end_date=datetime.date(2027, 5, 1))  # nobody's
        mine = {f"agreement-{agreement.pk}-end", f"agreement-{agreement.pk}-review"}
        assert set(events_of(client.get(feed(token)))) == {*mine, f"grant-{grant.pk}-report"}
        other = CalendarToken.objects.create(user=colleague).token
        assert set(events_of(client.get(feed(other)))) == {
            f"agreement-{theirs.pk}-end",
            f"grant-{their_grant.pk}-report",
        }

    def test_what_is_over_or_not_in_force_is_left_out(self, owner, agreement, grant, token, client):
        GrantReport.objects.create(grant=grant, received_on=datetime.date(2027, 3, 1), use="Kurser")
        review = datetime.date(2027, 5, 1)
        AgreementFactory(status="draft", responsible_staff=owner, next_review_date=review)
        AgreementFactory(status="ended", responsible_staff=owner, next_review_date=review)
        expired = AgreementFactory(
            status="expired",
            responsible_staff=owner,
            end_date=datetime.date(2026, 12, 31),
            next_review_date=datetime.date(2026, 11, 1),
        )
        assert set(events_of(client.get(feed(token)))) == {
            f"agreement-{agreement.pk}-end",
            f"agreement-{agreement.pk}-review",
            f"agreement-{expired.pk}-end",  # an agreement that ran out stays, as history
        }

    def test_its_queries_do_not_grow_with_the_agreements(
        self, owner, agreement, grant, token, client, django_assert_num_queries
    ):
        with django_assert_num_queries(3):  # the token and owner, agreements, grants
            client.get(feed(token))
        for n in range(5):
            more = AgreementFactory(status="active", responsible_staff=owner)
            Grant.objects.create(
                pool=grant.pool,
                organisation=grant.organisation,
                agreement=more,
                amount=Decimal("100"),
                report_due=datetime.date(2027, 4, n + 1),
            )
        with django_assert_num_queries(3):
            response = client.get(feed(token))
        assert len(events_of(response)) == 3 + 5 * 2
