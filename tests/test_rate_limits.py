"""Rate limits counted in the database (issue #12, points 2 and 4): sign-up, password reset,
adding an e-mail address, registering interest, the referral slip's e-mail and the address
confirmation mail. Each client below stands for another worker process or app server: they
share nothing but the database, and the count is shared all the same."""

import datetime
import threading

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from partnerships.models import Interest
from tests.factories import (
    TEST_PASSWORD,
    ActivityFactory,
    OpportunityFactory,
    UnitFactory,
    UserFactory,
)
from tests.worker import run_worker
from volunteer_portal.models import RateLimitHit, User
from volunteer_portal.ratelimits import consume

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)  # a whole hour


@pytest.fixture(autouse=True)
def _at_the_start_of_an_hour():
    """The clock runs from the start of an hour, so a refusal's wait is an hour (60 minutes)."""
    with time_machine.travel(START, tick=True):
        yield


def refusal(minutes):
    with translation.override("da"):
        return ngettext(
            "You have tried this too many times. Try again in %(minutes)s minute.",
            "You have tried this too many times. Try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}


def errors_of(response):
    return list(response.context["form"].non_field_errors())


def limit(settings, name, **kinds):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, name: kinds}


# The counter.


def test_consume_allows_the_limit_in_a_window_and_then_refuses():
    with time_machine.travel(START + datetime.timedelta(minutes=20), tick=False) as clock:
        answers = [consume("ip:192.0.2.1", "test", 3, 3600) for _ in range(4)]
        assert [bool(a) for a in answers] == [True, True, True, False]
        assert answers[-1].minutes == 40
        assert RateLimitHit.objects.get().count == 3  # a refused use is not counted
        assert consume("ip:192.0.2.2", "test", 3, 3600)  # another key
        assert consume("ip:192.0.2.1", "other", 3, 3600)  # another action
        clock.shift(datetime.timedelta(minutes=40))  # the next window
        assert consume("ip:192.0.2.1", "test", 3, 3600)
        # The ended window's rows are gone.
        assert (
            RateLimitHit.objects.filter(
                window_start__lt=START + datetime.timedelta(hours=1)
            ).count()
            == 0
        )


def test_the_table_holds_no_address_in_the_clear():
    consume("email:karen@example.dk", "password_reset:email", 3, 3600)
    consume("ip:192.0.2.1", "signup:ip", 5, 3600)
    for row in RateLimitHit.objects.values_list("key", flat=True):
        assert "karen" not in row and "192.0.2" not in row
        assert len(row) == 64


def test_a_limit_of_nought_refuses_everything():
    assert not consume("ip:192.0.2.1", "test", 0, 3600)


def test_the_defaults_are_sensible(settings):
    limits = settings.PORTAL_RATE_LIMITS
    assert limits["signup"] == {"ip": (5, 3600)}
    assert limits["password_reset"] == {"ip": (5, 3600), "email": (3, 3600)}
    assert limits["add_email"]["account"] == (5, 3600)
    assert limits["interest"] == {"account": (20, 3600)}
    assert limits["slip_email"] == {"account": (30, 3600)}
    assert settings.ACCOUNT_RATE_LIMITS is False  # allauth's own live in a per-process cache


# Sign-up.


def signup_data(email):
    password = "Frivillig-kode-2026"  # noqa: S105
    return {
        "full_name": "Karen Hansen",
        "email": email,
        "phone": "12 34 56 78",
        "password1": password,
        "password2": password,
        "consent": "on",
    }


def test_sign_up_is_limited_per_address_across_processes():
    for n in range(5):
        response = Client().post(reverse("account_signup"), signup_data(f"ny{n}@example.dk"))
        assert response.status_code == 302
    response = Client().post(reverse("account_signup"), signup_data("ny5@example.dk"))
    assert response.status_code == 200
    assert errors_of(response) == [refusal(60)]
    assert refusal(60) in response.content.decode()
    assert not User.objects.filter(email="ny5@example.dk").exists()
    # From another address it goes on.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert other.post(reverse("account_signup"), signup_data("ny6@example.dk")).status_code == 302


def test_an_invalid_sign_up_is_not_counted():
    for _ in range(6):
        response = Client().post(reverse("account_signup"), signup_data("ikke-en-adresse"))
        assert "email" in response.context["form"].errors
    assert Client().post(reverse("account_signup"), signup_data("ny@example.dk")).status_code == 302


# Password reset.


def reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def test_password_reset_is_limited_per_e_mail_address(
    volunteer, django_capture_on_commit_callbacks
):
    for n in range(3):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert reset(client, volunteer.email, django_capture_on_commit_callbacks).status_code == 302
    response = reset(
        Client(REMOTE_ADDR="192.0.2.9"), volunteer.email.upper(), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert errors_of(response) == [refusal(60)]
    run_worker()
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_address_and_says_the_same_for_unknown_ones(
    volunteer, django_capture_on_commit_callbacks
):
    for n in range(5):
        reset(Client(), f"ukendt{n}@example.dk", django_capture_on_commit_callbacks)
    known = reset(Client(), volunteer.email, django_capture_on_commit_callbacks)
    unknown = reset(Client(), "ukendt9@example.dk", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert errors_of(known) == errors_of(unknown) == [refusal(60)]
    run_worker()
    assert mail.outbox == []


# Adding an e-mail address.


def add_address(client, email):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_adding_addresses_is_limited_per_account(volunteer, client_for):
    first, second = client_for(volunteer), client_for(volunteer)
    for n in range(5):
        assert add_address((first, second)[n % 2], f"ekstra{n}@example.dk").status_code == 302
    response = add_address(first, "ekstra5@example.dk")
    assert response.status_code == 200
    assert errors_of(response) == [refusal(60)]
    assert not EmailAddress.objects.filter(email="ekstra5@example.dk").exists()
    # Another person is not held up by it.
    other = UserFactory()
    assert add_address(client_for(other), "hans-ekstra@example.dk").status_code == 302


# The confirmation mail, sent again at each log-in of an unconfirmed account.


def test_a_confirmation_mail_goes_at_most_once_in_three_minutes(django_capture_on_commit_callbacks):
    user = UserFactory(email="ubekraeftet@example.dk")
    EmailAddress.objects.filter(user=user).update(verified=False)

    def log_in():
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(
                reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
            )

    with time_machine.travel(START, tick=False) as clock:
        log_in()
        log_in()
        run_worker()
        assert len(mail.outbox) == 1
        clock.shift(datetime.timedelta(minutes=3))
        log_in()
        run_worker()
        assert len(mail.outbox) == 2


# Registering interest.


def test_registering_interest_is_limited_per_account(volunteer, client_for, settings):
    limit(settings, "interest", account=(2, 3600))
    first, second = client_for(volunteer), client_for(volunteer)
    opportunities = [OpportunityFactory() for _ in range(3)]
    url = "volunteering:interest-create"
    for client, opportunity in zip((first, second), opportunities[:2], strict=True):
        response = client.post(reverse(url, kwargs={"pk": opportunity.pk}), {"message": "Hej"})
        assert response.status_code == 302
    response = first.post(reverse(url, kwargs={"pk": opportunities[2].pk}), {"message": "Hej"})
    assert response.status_code == 200
    assert errors_of(response) == [refusal(60)]
    assert Interest.objects.count() == 2
    # A general interest counts against the same limit.
    unit = UnitFactory()
    response = second.post(
        reverse("volunteering:general-interest"), {"organisation": unit.pk, "message": "Hej"}
    )
    assert response.status_code == 200
    assert Interest.objects.count() == 2


def test_the_default_interest_limit_is_twenty_an_hour(volunteer, client_for):
    client = client_for(volunteer)
    for _ in range(20):
        assert consume(f"account:{volunteer.pk}", "interest:account", 20, 3600)
    opportunity = OpportunityFactory()
    response = client.post(
        reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk}), {"message": "Hej"}
    )
    assert response.status_code == 200
    assert not Interest.objects.exists()


# The referral slip's e-mail.


def test_the_slip_e_mail_is_limited_per_staff_member(staff_user, client_for, settings):
    limit(settings, "slip_email", account=(2, 3600))
    activity = ActivityFactory()
    url = reverse("organisations:activity-slip", kwargs={"pk": activity.pk})
    first, second = client_for(staff_user), client_for(staff_user)
    assert first.post(url, {"email": "borger1@example.org"}).status_code == 302
    assert second.post(url, {"email": "borger2@example.org"}).status_code == 302
    response = first.post(url, {"email": "borger3@example.org"})
    assert response.status_code == 200
    assert errors_of(response) == [refusal(60)]
    assert [m.to for m in mail.outbox] == [["borger1@example.org"], ["borger2@example.org"]]
    colleague = UserFactory(role=User.Role.STAFF)
    assert client_for(colleague).post(url, {"email": "borger4@example.org"}).status_code == 302


def test_the_refusal_says_how_long_to_wait():
    with time_machine.travel(START + datetime.timedelta(minutes=58, seconds=30), tick=False):
        consume("k", "test", 1, 3600)
        verdict = consume("k", "test", 1, 3600)
    assert not verdict
    with translation.override("da"):
        assert verdict.message() == refusal(2)


# Real parallel connections (PostgreSQL: SQLite's in-memory test database cannot show it).


def at_once(count, call):
    """Run ``call`` in ``count`` threads, each with its own connection, released together."""
    barrier = threading.Barrier(count)
    answers = []

    def run():
        try:
            barrier.wait()
            answers.append(call())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel connections need PostgreSQL"
)
def test_parallel_uses_never_pass_the_limit():
    for round_ in range(5):
        key = f"ip:192.0.2.{round_}"  # a new key: the first uses race to make its row
        answers = at_once(10, lambda key=key: bool(consume(key, "parallel", 4, 3600)))
        assert sorted(answers) == [False] * 6 + [True] * 4
        assert RateLimitHit.objects.get(action="parallel", key__isnull=False, count=4)
        RateLimitHit.objects.all().delete()
