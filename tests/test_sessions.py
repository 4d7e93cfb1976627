"""Sessions (issue #12, point 2): they end after a time without activity, shorter for the
municipality's own people, with a message saying why; the time of the last activity is
written at most once a minute; and "log out everywhere" ends the person's other sessions."""

import datetime

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from tests.factories import TEST_PASSWORD
from volunteer_portal.sessions import LAST_ACTIVITY

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
PROFILE = "/accounts/profile/"


def logged_out_message(minutes):
    with translation.override("da"):
        return ngettext(
            "You were logged out after %(minutes)s minute without activity.",
            "You were logged out after %(minutes)s minutes without activity.",
            minutes,
        ) % {"minutes": minutes}


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("role", "still_in", "out"),
    [
        (
            "volunteer",
            datetime.timedelta(hours=1, minutes=59),
            datetime.timedelta(hours=2, seconds=1),
        ),
        (
            "organisation_contact",
            datetime.timedelta(hours=1, minutes=59),
            datetime.timedelta(hours=2, seconds=1),
        ),
        ("staff", datetime.timedelta(minutes=29), datetime.timedelta(minutes=30, seconds=1)),
        ("coordinator", datetime.timedelta(minutes=29), datetime.timedelta(minutes=30, seconds=1)),
        ("admin", datetime.timedelta(minutes=29), datetime.timedelta(minutes=30, seconds=1)),
    ],
)
def test_a_session_ends_after_the_idle_time_of_the_role(
    role, still_in, out, users_by_role, client_for
):
    user = users_by_role[role]
    with time_machine.travel(START, tick=False) as clock:
        idle = client_for(user)
        busy = client_for(user)
        clock.shift(still_in)
        assert busy.get(PROFILE).status_code == 200
        clock.shift(out - still_in)
        response = idle.get(PROFILE)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={PROFILE}"
        assert not is_logged_in(idle)
        # The other client was active at ``still_in``: its time has not run out.
        assert busy.get(PROFILE).status_code == 200


def test_the_logged_out_person_is_told_why_in_danish(client_for, staff_user):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(staff_user)
        clock.shift(datetime.timedelta(minutes=45))
        response = client.get(PROFILE, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert logged_out_message(30) in response.content.decode()


def test_activity_keeps_a_session_going(client_for, staff_user):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(staff_user)
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get(PROFILE).status_code == 200
        assert is_logged_in(client)


def test_a_post_after_the_idle_time_changes_nothing_and_asks_to_log_in(client_for, volunteer):
    name = volunteer.full_name
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(volunteer)
        clock.shift(datetime.timedelta(hours=3))
        response = client.post(PROFILE, {"full_name": "Nyt Navn", "language": "da"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PROFILE}"
    volunteer.refresh_from_db()
    assert volunteer.full_name == name


def test_the_last_activity_is_written_at_most_once_a_minute(client_for, volunteer):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(volunteer)
        logged_in_at = int(START.timestamp())
        assert client.session[LAST_ACTIVITY] == logged_in_at
        clock.shift(datetime.timedelta(seconds=59))
        client.get(PROFILE)
        assert client.session[LAST_ACTIVITY] == logged_in_at
        clock.shift(datetime.timedelta(seconds=2))
        client.get(PROFILE)
        assert client.session[LAST_ACTIVITY] == logged_in_at + 61


def test_an_ordinary_request_does_not_write_the_session(client_for, volunteer):
    client = client_for(volunteer)
    client.get(PROFILE)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30), tick=False):
        client.get(PROFILE)
    assert Session.objects.get(session_key=key).expire_date == expiry


def test_the_limits_come_from_the_settings(client_for, volunteer, settings):
    settings.SESSION_IDLE_SECONDS = 10 * 60
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(volunteer)
        clock.shift(datetime.timedelta(minutes=11))
        response = client.get(PROFILE, follow=True)
    assert logged_out_message(10) in response.content.decode()


# Log out everywhere.


def log_in(address, agent):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("account_login"), {"login": "frivillig@test.dk", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_log_out_everywhere_ends_the_other_sessions(volunteer):
    laptop = log_in("192.0.2.10", "Laptop-browser")
    phone = log_in("198.51.100.20", "Telefon-browser")
    assert phone.get(PROFILE).status_code == 200
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Laptop-browser" in content and "Telefon-browser" in content
    assert "198.51.100.20" in content
    assert UserSession.objects.filter(user=volunteer).count() == 2

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert phone.get(PROFILE).status_code == 302
    assert not is_logged_in(phone)
    assert not Session.objects.filter(session_key=phone.cookies["sessionid"].value).exists()
    assert laptop.get(PROFILE).status_code == 200
    assert list(UserSession.objects.filter(user=volunteer).values_list("ip", flat=True)) == [
        "192.0.2.10"
    ]


def test_the_sessions_page_needs_a_log_in_and_a_post(client):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_page_links_to_log_out_everywhere(client_for, volunteer):
    content = client_for(volunteer).get(PROFILE).content.decode()
    assert f'href="{reverse("usersessions_list")}"' in content


def test_alone_there_is_nothing_else_to_log_out(volunteer):
    laptop = log_in("192.0.2.10", "Laptop-browser")
    content = laptop.get(reverse("usersessions_list")).content.decode()
    with translation.override("da"):
        assert translation.gettext("You are not logged in anywhere else.") in content
    assert 'name="csrfmiddlewaretoken"' not in content.split("<main", 1)[1].split("</main>")[0]
