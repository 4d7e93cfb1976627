"""Two-factor authentication (issue #12, point 3): required of staff, coordinators and
administrators, the Django admin included; set up, logged in with, never switched off by the
person; an administrator's one-time emergency code. These tests log in through the real forms
(password, then a code computed from the secret), or with a bare session (``_plain_force_login``)
to show what a session that did not use the second factor gets."""

import logging
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.conftest import _plain_force_login, login_with_second_factor
from tests.factories import TEST_PASSWORD, UserFactory
from volunteer_portal.mfa import MFAAdapter
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

MUNICIPAL_ROLES = ["staff", "coordinator", "admin"]


def totp_code(secret, offset=0):
    """The code an authenticator app shows now (``offset`` periods later), by RFC 6238."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def give_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def password_login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def path_of(response):
    return urlsplit(response["Location"]).path


def bare_client(user):
    """Logged in without the second factor (as a session made before 2FA was set up)."""
    client = Client()
    _plain_force_login(client, user)
    return client


# --- A municipal user without a factor is sent to set one up ---


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_municipal_user_without_a_factor_ends_on_the_set_up_page(role, users_by_role):
    client = Client()
    response = password_login(client, users_by_role[role])
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")
    # Every other page leads there too, in one step, without a loop.
    for url in [reverse("home"), reverse("profile"), reverse("admin:index")]:
        response = client.get(url)
        assert (response.status_code, path_of(response)) == (302, reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize("role", ["volunteer", "organisation_contact"])
def test_others_are_not_asked_for_a_second_factor(role, users_by_role):
    client = Client()
    password_login(client, users_by_role[role])
    assert client.get(reverse("profile")).status_code == 200


def test_the_open_pages_stay_open_without_a_factor(staff_user):
    client = bare_client(staff_user)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert path_of(response) != reverse("mfa_activate_totp")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_set_up_page_shows_the_qr_code_and_the_secret_and_activates(staff_user):
    client = Client()
    password_login(client, staff_user)
    response = client.get(reverse("mfa_activate_totp"))
    content = response.content.decode()
    secret = response.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in content  # allowed by the CSP's img-src data:
    assert secret in content  # for typing in by hand
    assert "<script" not in content.split("</main>")[0].split('<main id="main"')[1]
    assert " style=" not in content
    csp = response.headers.get("Content-Security-Policy", "")
    assert "img-src 'self' data:" in csp

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    if totp_code(secret) == "000000":  # pragma: no cover - one chance in a million
        return
    assert response.status_code == 200
    with translation.override("da"):
        assert gettext("Incorrect code.") in response.content.decode()
    assert not Authenticator.objects.filter(user=staff_user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert (response.status_code, path_of(response)) == (302, reverse("mfa_view_recovery_codes"))
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()
    assert Authenticator.objects.filter(user=staff_user, type="recovery_codes").exists()
    # The recovery codes it brings are shown at once, without asking for the password again.
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 200
    assert len(response.context["unused_codes"]) == 10
    # Typing a correct code from the new factor counts as having used it: the portal opens.
    assert client.get(reverse("profile")).status_code == 200


# --- Logging in with the second factor ---


def test_password_then_code_logs_in_and_a_wrong_code_does_not(coordinator):
    secret = give_totp(coordinator)
    client = Client()
    response = password_login(client, coordinator)
    assert path_of(response) == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profile")).status_code == 302  # not logged in yet

    response = client.post(reverse("mfa_authenticate"), {"code": "12345x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.get(reverse("profile")).status_code == 200
    records = client.session["account_authentication_methods"]
    assert [r["method"] for r in records] == ["password", "mfa"]


def test_a_session_that_did_not_use_the_factor_must_give_a_code(staff_user):
    secret = give_totp(staff_user)
    client = bare_client(staff_user)  # e.g. logged in before setting up the factor
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert path_of(response) == reverse("mfa_reauthenticate")
    assert "next=" in response["Location"]
    response = client.get(response["Location"])
    assert response.status_code == 200
    response = client.post(
        reverse("mfa_reauthenticate") + "?next=" + reverse("profile"),
        {"code": totp_code(secret), "next": reverse("profile")},
    )
    assert (response.status_code, path_of(response)) == (302, reverse("profile"))
    assert client.get(reverse("profile")).status_code == 200


def test_a_forged_record_of_another_user_does_not_count(staff_user, coordinator):
    give_totp(staff_user)
    client = bare_client(staff_user)
    session = client.session
    # A record of the second factor, but of someone else's log-in.
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(coordinator.pk)
    session.save()
    response = client.get(reverse("profile"))
    assert path_of(response) == reverse("mfa_reauthenticate")
    # A password record alone is not a second factor either.
    session["account_authentication_methods"] = [{"method": "password", "at": time.time()}]
    session["account_authentication_methods_user"] = str(staff_user.pk)
    session.save()
    assert path_of(client.get(reverse("profile"))) == reverse("mfa_reauthenticate")


def test_the_helper_of_the_tests_records_a_real_factor(client, staff_user):
    """tests/conftest.py's force_login gives a real TOTP authenticator and a real record."""
    client.force_login(staff_user)
    assert Authenticator.objects.filter(user=staff_user, type="totp").count() == 1
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = client.session
    methods = [r["method"] for r in get_authentication_records(request, staff_user)]
    assert methods == ["mfa"]
    assert client.get(reverse("profile")).status_code == 200


# --- The Django admin ---


def test_admin_login_goes_through_the_portal_and_its_second_factor(portal_admin):
    secret = give_totp(portal_admin)
    client = Client()
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert path_of(response) == reverse("account_login")
    # The admin's own form takes no password any more.
    response = client.post(
        reverse("admin:login"), {"username": portal_admin.email, "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session

    response = password_login(client, portal_admin)
    assert path_of(response) == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_without_the_factor_in_the_session_is_stopped(portal_admin):
    give_totp(portal_admin)
    response = bare_client(portal_admin).get(reverse("admin:volunteer_portal_user_changelist"))
    assert path_of(response) == reverse("mfa_reauthenticate")


# --- The last factor ---


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_municipal_user_cannot_switch_off_their_factor(role, users_by_role):
    user = users_by_role[role]
    client = Client()
    secret = login_with_second_factor(client, user)
    # allauth asks for a fresh confirmation before such a change: give it, with a code.
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    response = client.get(reverse("mfa_deactivate_totp"))
    with translation.override("da"):
        refusal = str(MFAAdapter.error_messages["cannot_delete_authenticator"])
    assert refusal in response.content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # Making new recovery codes replaces them; it never leaves the person without any.
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert path_of(response) == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type="recovery_codes").count() == 1
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("profile")).status_code == 200


def test_a_volunteer_may_switch_off_their_optional_factor(volunteer):
    secret = give_totp(volunteer)
    client = Client()
    password_login(client, volunteer)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret, 1)})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=volunteer).exists()


# --- The emergency code ---


def issue_code(admin_client, person):
    return admin_client.post(
        reverse("admin:volunteer_portal_user_changelist"),
        {"action": "issue_emergency_code", "_selected_action": [person.pk]},
    )


def test_emergency_code_logs_in_once_and_then_the_app_is_set_up_again(
    staff_user, portal_admin, client_for, caplog
):
    old_secret = give_totp(staff_user)
    with caplog.at_level(logging.WARNING, logger="volunteer_portal.mfa"):
        response = issue_code(client_for(portal_admin), staff_user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = response.context["code"]
    assert len(code) == 8 and code in response.content.decode()
    # Logged (who for whom), never the code itself; in the audit log and the admin's history.
    issued = [r for r in caplog.records if "issued" in r.getMessage()]
    assert len(issued) == 1
    assert staff_user.email in issued[0].getMessage()
    assert portal_admin.email in issued[0].getMessage()
    assert all(code not in r.getMessage() for r in caplog.records)
    entry = LogEntry.objects.get_for_object(staff_user).get(changes__has_key="two_factor")
    assert entry.actor == portal_admin
    assert code not in str(entry.changes)
    assert AdminLogEntry.objects.filter(object_id=str(staff_user.pk)).exists()

    client = Client()
    password_login(client, staff_user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)
    # The lost phone's factor is gone: the person sets up the app again before anything else.
    assert not Authenticator.objects.filter(user=staff_user).exists()
    response = client.get(reverse("profile"), follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")
    new_secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(new_secret)})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
    assert old_secret != new_secret

    # The code worked once: another log-in with it is refused.
    client.post(reverse("account_logout"))
    other = Client()
    password_login(other, staff_user)
    response = other.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in other.session


def test_emergency_code_needs_exactly_one_person_with_a_factor(
    staff_user, coordinator, portal_admin, client_for
):
    admin_client = client_for(portal_admin)
    give_totp(staff_user)
    response = admin_client.post(
        reverse("admin:volunteer_portal_user_changelist"),
        {"action": "issue_emergency_code", "_selected_action": [staff_user.pk, coordinator.pk]},
        follow=True,
    )
    assert "code" not in response.context
    no_factor = UserFactory(role=User.Role.STAFF)
    response = issue_code(admin_client, no_factor)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=no_factor).exists()


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_only_administrators_issue_emergency_codes(role, users_by_role, staff_user, client_for):
    give_totp(staff_user)
    response = issue_code(client_for(users_by_role[role]), staff_user)
    assert response.status_code == 302  # to the log-in: no admin for them
    assert not Authenticator.objects.filter(user=staff_user, type="recovery_codes").exists()


def test_a_code_is_accepted_within_one_period_of_clock_drift(staff_user):
    secret = give_totp(staff_user)
    with time_machine.travel(1_800_000_000, tick=False):
        client = Client()
        password_login(client, staff_user)
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, -1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_the_check_costs_no_query_once_the_session_knows_the_factor(
    staff_user, client_for, django_assert_num_queries
):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from volunteer_portal.mfa import RequireSecondFactorMiddleware

    client = client_for(staff_user)
    request = RequestFactory().get(reverse("profile"))
    request.user = staff_user
    request.session = SessionStore(client.session.session_key)
    assert request.session.get("_auth_user_id") == str(staff_user.pk)  # loaded now
    middleware = RequireSecondFactorMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        assert middleware.check(request) is None
    # Without the remembered answer it asks the database once, then remembers.
    del request.session["portal_mfa_has_totp"]
    with django_assert_num_queries(1):
        assert middleware.check(request) is None
    with django_assert_num_queries(0):
        assert middleware.check(request) is None


def test_wrong_codes_are_counted_per_account_in_the_database(staff_user, settings):
    settings.MFA_CODE_ATTEMPTS = (3, 900)
    secret = give_totp(staff_user)
    client = Client()
    password_login(client, staff_user)
    for _ in range(3):
        response = client.post(reverse("mfa_authenticate"), {"code": "00000x"})
        assert response.status_code == 200
    from django.core.cache import cache

    cache.clear()  # allauth's own limit in this process's cache forgets; the database does not
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override("da"):
        expected = ngettext(
            "You have tried this too many times. Try again in %(minutes)s minute.",
            "You have tried this too many times. Try again in %(minutes)s minutes.",
            15,
        )
    assert expected.split("%(minutes)s")[0] in response.content.decode()
