"""Logging in safely (issue #12, point 2): throttling per account and per address, counted in
the database, on the portal's log-in and on Django admin's; the right password refused while
locked, with a Danish page saying how long to wait; no answer that tells whether an account
exists (log-in, sign-up, password reset); the add-address mail carries nothing the user typed.
"""

import datetime
import html
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from tests.factories import TEST_PASSWORD, UserFactory
from tests.worker import run_worker
from volunteer_portal.login_throttling import login_name
from volunteer_portal.ratelimits import client_ip

pytestmark = pytest.mark.django_db

WRONG = "forkert-kode"  # noqa: S105
LOCKOUT_TEXT = (
    "There have been too many failed attempts to log in with this e-mail address or from this "
    "network. To protect the account, no log-in is accepted for now, not even with the right "
    "password. Try again in %(minutes)s minute.",
    "There have been too many failed attempts to log in with this e-mail address or from this "
    "network. To protect the account, no log-in is accepted for now, not even with the right "
    "password. Try again in %(minutes)s minutes.",
)


def log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def fail(times, email, **extra):
    """``times`` wrong passwords, each from a client of its own (another worker, say)."""
    return [log_in(Client(), email, WRONG, **extra) for _ in range(times)]


def lockout_message(minutes=15):
    with translation.override("da"):
        return ngettext(*LOCKOUT_TEXT, minutes) % {"minutes": minutes}


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def is_logged_in(client):
    return "_auth_user_id" in client.session


# Throttling on the portal's log-in.


def test_five_failures_lock_the_account_and_even_the_right_password_is_refused(volunteer):
    answers = fail(4, volunteer.email)
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    fifth = log_in(Client(), volunteer.email, WRONG)
    assert fifth.status_code == 429
    client = Client()
    response = log_in(client, volunteer.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert lockout_message() in text_of(response)
    assert "account/lockout.html" in [t.name for t in response.templates]
    with translation.override("da"):
        assert gettext("Logging in is paused") in text_of(response)


def test_four_failures_do_not_lock(volunteer):
    fail(4, volunteer.email)
    client = Client()
    assert log_in(client, volunteer.email, TEST_PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_count_is_in_the_database_shared_by_every_client(volunteer):
    fail(3, volunteer.email)
    fail(2, volunteer.email.upper())  # the same account however it is typed
    assert AccessAttempt.objects.filter(username=volunteer.email).count() == 1
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert log_in(Client(), volunteer.email, TEST_PASSWORD).status_code == 429


def test_the_lock_is_per_account_from_every_address(volunteer):
    for n in range(5):
        log_in(Client(), volunteer.email, WRONG, REMOTE_ADDR=f"192.0.2.{n + 1}")
    client = Client()
    response = log_in(client, volunteer.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lock_is_per_address_across_accounts(volunteer):
    for n in range(5):
        log_in(Client(), f"gaet{n}@example.dk", WRONG, REMOTE_ADDR="192.0.2.7")
    locked = Client()
    assert (
        log_in(locked, volunteer.email, TEST_PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 429
    )
    assert not is_logged_in(locked)
    elsewhere = Client()
    response = log_in(elsewhere, volunteer.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert is_logged_in(elsewhere)


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(volunteer):
    for n in range(5):
        log_in(Client(), f"gaet{n}@example.dk", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = log_in(Client(), volunteer.email, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_the_lock_ends_after_the_cool_off(volunteer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(5, volunteer.email)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert log_in(Client(), volunteer.email, TEST_PASSWORD).status_code == 429
    # The attempt at 14 minutes started the wait again.
    with time_machine.travel(start + datetime.timedelta(minutes=14 + 16), tick=False):
        client = Client()
        assert log_in(client, volunteer.email, TEST_PASSWORD).status_code == 302
        assert is_logged_in(client)


def test_the_wait_follows_the_setting(volunteer, settings):
    settings.LOGIN_LOCKOUT_MINUTES = 30
    settings.AXES_COOLOFF_TIME = 0.5
    fail(5, volunteer.email)
    response = log_in(Client(), volunteer.email, TEST_PASSWORD)
    assert lockout_message(30) in text_of(response)


@pytest.mark.parametrize(
    "login",
    ["a\x00b@example.dk", "x" * 5000 + "@example.dk", "<script>alert(1)</script>", "' OR 1=1 --"],
)
def test_hostile_log_in_names_are_a_calm_error(login):
    for _ in range(2):
        response = log_in(Client(), login, WRONG)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert "<script>alert" not in response.content.decode()


def test_the_name_counted_is_the_account_however_typed():
    assert login_name(None, {"email": "  Karen@Example.DK "}) == "karen@example.dk"
    assert login_name(None, {"username": "karen@example.dk\x00"}) == "karen@example.dk"
    assert len(login_name(None, {"email": "x" * 1000})) == 255
    assert login_name(RequestFactory().post("/", {"login": "Hans@X.dk"}), None) == "hans@x.dk"
    assert login_name(None, {"password": "only"}) is None


# Django admin's log-in.


def admin_login_page(client):
    """Django admin's log-in as it is reached (its own form, or the portal's if the admin's
    log-in goes through it): the address to post to and the name of the e-mail field."""
    response = client.get(reverse("admin:login"), follow=True)
    assert response.status_code == 200
    form = response.context["form"]
    return response.wsgi_request.get_full_path(), "login" if "login" in form.fields else "username"


def admin_log_in(client, email, password):
    url, field = admin_login_page(client)
    return client.post(url, {field: email, "password": password, "next": reverse("admin:index")})


def test_django_admins_log_in_is_throttled_too(portal_admin):
    for _ in range(5):
        admin_log_in(Client(), portal_admin.email, WRONG)
    client = Client()
    response = admin_log_in(client, portal_admin.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("credential", ["username", "email"])
def test_authenticate_refuses_the_right_password_while_locked_whatever_the_form(
    portal_admin, credential
):
    """Django admin's own form calls authenticate(request, username=...), allauth's
    authenticate(request, email=...): both are counted and both are refused."""

    def attempt(password):
        request = RequestFactory().post("/admin/login/")
        return authenticate(request, **{credential: portal_admin.email, "password": password})

    assert attempt(TEST_PASSWORD) == portal_admin
    for _ in range(5):
        assert attempt(WRONG) is None
    assert attempt(TEST_PASSWORD) is None


# The client's address.


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
    )
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.5"  # what our proxy saw; 1.2.3.4 the client wrote
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: the header is not ours
    assert client_ip(request) == "10.0.0.2"
    bad = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(bad) == "0.0.0.0"


# No user enumeration.


def main_of(response):
    """The page's main part, without the CSRF token (a new one for each client)."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def test_log_in_answers_the_same_for_an_unknown_address_and_a_wrong_password(volunteer):
    known = log_in(Client(), volunteer.email, WRONG)
    unknown = log_in(Client(), "ingen@example.dk", WRONG)
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert main_of(known).replace(volunteer.email, "X") == main_of(unknown).replace(
        "ingen@example.dk", "X"
    )


def test_an_unknown_address_is_locked_out_like_a_known_one(volunteer):
    fail(5, volunteer.email)
    fail(5, "ingen@example.dk", REMOTE_ADDR="198.51.100.1")
    known = log_in(Client(), volunteer.email, WRONG, REMOTE_ADDR="198.51.100.2")
    unknown = log_in(Client(), "ingen@example.dk", WRONG, REMOTE_ADDR="198.51.100.3")
    assert known.status_code == unknown.status_code == 429
    assert main_of(known) == main_of(unknown)


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


def test_sign_up_answers_the_same_for_a_known_and_a_new_address(volunteer):
    known = Client().post(reverse("account_signup"), signup_data(volunteer.email), follow=True)
    fresh = Client().post(reverse("account_signup"), signup_data("ny@example.dk"), follow=True)
    assert known.status_code == fresh.status_code == 200
    assert known.redirect_chain == fresh.redirect_chain
    assert main_of(known).replace(volunteer.email, "X") == main_of(fresh).replace(
        "ny@example.dk", "X"
    )


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(volunteer):
    url = reverse("account_reset_password")
    known = Client().post(url, {"email": volunteer.email}, follow=True)
    unknown = Client().post(url, {"email": "ingen@example.dk"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert main_of(known) == main_of(unknown)


# The mail that confirms an added address.


def test_the_add_address_mail_carries_only_the_address_and_the_link(
    client, django_capture_on_commit_callbacks
):
    name = "Karen <b>Besøg evil.example</b> Hansen"
    user = UserFactory(email="karen@example.dk", full_name=name)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "ny-adresse@example.dk"}
        )
    assert response.status_code == 302
    run_worker()
    [message] = mail.outbox
    assert message.to == ["ny-adresse@example.dk"]
    everything = message.subject + message.body + "".join(a[0] for a in message.alternatives)
    for typed in ("Karen", "Hansen", "evil.example", "<b>"):
        assert typed not in everything
    assert "ny-adresse@example.dk" in message.body
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", message.body)
