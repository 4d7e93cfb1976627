"""The volunteer's private calendar: their page with the secret address, renewing it, and the
iCalendar feed of their agreements' and tasks' start and end dates (nobody else's). The token
model is shared with the staff's feed: each feed answers only its own kind of account."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import CalendarToken
from tests.factories import OpportunityFactory, UserFactory, VolunteerAgreementFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

PAGE = reverse("volunteering:calendar")
RENEW = reverse("volunteering:calendar-renew")


def feed(token):
    return reverse("volunteering:calendar-feed", kwargs={"token": token})


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {
        str(event["uid"]).split("@")[0]: (event.decoded("dtstart"), str(event["summary"]))
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def karen(db):
    return UserFactory(email="karen@example.dk", language="da", role=User.Role.VOLUNTEER)


@pytest.fixture
def token(karen):
    return CalendarToken.objects.create(user=karen).token


def test_the_page_makes_the_address_once_and_shows_it(client_for, karen):
    client = client_for(karen)
    response = client.get(PAGE)
    assert response.status_code == 200
    token = CalendarToken.objects.get(user=karen).token
    page = response.content.decode()
    assert f"http://testserver{feed(token)}" in page
    assert f"webcal://testserver{feed(token)}" in page
    client.get(PAGE)
    assert CalendarToken.objects.get(user=karen).token == token


def test_the_feed_holds_own_agreements_and_their_tasks_dates(client, karen, token):
    task = OpportunityFactory(
        title="Sommerfest",
        start_date=datetime.date(2027, 6, 12),
        end_date=datetime.date(2027, 6, 13),
    )
    agreement = VolunteerAgreementFactory(
        volunteer=karen,
        status="active",
        unit__name="Solgården",
        opportunity=task,
        start_date=datetime.date(2027, 5, 1),
        end_date=datetime.date(2027, 8, 31),
    )
    VolunteerAgreementFactory(volunteer=karen, status="draft", start_date=datetime.date(2027, 2, 1))
    VolunteerAgreementFactory(volunteer=karen, status="ended", start_date=datetime.date(2026, 2, 1))
    VolunteerAgreementFactory(status="active", start_date=datetime.date(2027, 3, 1))  # another's
    response = client.get(feed(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    events = events_of(response)
    pk = agreement.pk
    assert set(events) == {
        f"volunteer-agreement-{pk}-start",
        f"volunteer-agreement-{pk}-end",
        f"volunteer-agreement-{pk}-task-start",
        f"volunteer-agreement-{pk}-task-end",
    }
    assert events[f"volunteer-agreement-{pk}-start"][0] == datetime.date(2027, 5, 1)
    assert events[f"volunteer-agreement-{pk}-task-end"][0] == datetime.date(2027, 6, 13)
    with translation.override("da"):
        expected = gettext("Voluntary work starts: %(unit)s") % {"unit": "Solgården"}
    assert events[f"volunteer-agreement-{pk}-start"][1] == expected


def test_an_unknown_token_answers_404(client, token):
    assert client.get(feed("not-a-token")).status_code == 404


def test_a_staff_token_answers_404_here_and_a_volunteer_token_404_in_the_staff_feed(
    client, staff_user, token
):
    staff_token = CalendarToken.objects.create(user=staff_user).token
    assert client.get(feed(staff_token)).status_code == 404
    staff_feed = reverse("partnerships:calendar-feed", kwargs={"token": token})
    assert client.get(staff_feed).status_code == 404


def test_an_inactive_account_answers_404(client, karen, token):
    User.objects.filter(pk=karen.pk).update(is_active=False)
    assert client.get(feed(token)).status_code == 404


def test_renewing_ends_the_old_address(client_for, client, karen, token):
    assert client.get(feed(token)).status_code == 200
    response = client_for(karen).post(RENEW, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    new = CalendarToken.objects.get(user=karen).token
    assert new != token
    assert client.get(feed(token)).status_code == 404
    assert client.get(feed(new)).status_code == 200
    assert new in response.content.decode()


def test_renewing_is_post_only(client_for, karen, token):
    assert client_for(karen).get(RENEW).status_code == 405
    assert CalendarToken.objects.get(user=karen).token == token


def test_the_feed_is_read_only(client, token):
    assert client.post(feed(token)).status_code == 405


@pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
def test_other_roles_have_no_volunteer_calendar_page(client_for, users_by_role, role):
    client = client_for(users_by_role[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(RENEW).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
