"""Two app servers against one PostgreSQL database (issue #13, scale-out): what one server
knows, the other knows too. A log-in on A is a session B accepts; five wrong passwords on A
lock the account on B; a plan page B has cached shows at once a change saved through A.

Each server is a real gunicorn with production settings (DEBUG off), started on a free port
against this test's database; the data is committed (transactional_db) so that they see it.
"""

import re
import secrets
from contextlib import ExitStack

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse

from benchmarks.loopback import AppServer, Browser, database_url, production_environment
from benchmarks.sessions import session_cookie
from tests.conftest import IN_CI
from tests.factories import ActionPlanFactory, InitiativeFactory, UserFactory
from volunteer_portal.models import User

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not IN_CI,
        reason="app servers sharing one database need PostgreSQL",
    ),
]

PASSWORD = "Lang-og-sikker-adgangskode-42"  # noqa: S105  (a test account's)
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
SECRET_KEY = "scale-out-test-" + secrets.token_urlsafe(48)
CACHE_TABLE = "portal_cache"  # made in the test database by Django's createcachetable


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    """Servers A and B, one sync worker each, sharing the test database and the secret key."""
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    env = production_environment(
        database_url=url,
        secret_key=SECRET_KEY,
        SECURE_SSL_REDIRECT="true",
        CACHE_URL=f"dbcache://{CACHE_TABLE}",  # the default: the shared cache is a table
    )
    with ExitStack() as stack:
        yield [stack.enter_context(AppServer(env)) for _name in "AB"]


@pytest.fixture
def shared(settings, transactional_db):
    """This process signs and hashes as the servers do."""
    settings.SECRET_KEY = SECRET_KEY
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def citizen(email):
    """A volunteer with a confirmed address (UserFactory's) and a password hashed as the
    servers hash."""
    user = UserFactory(email=email, role=User.Role.VOLUNTEER)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    assert EmailAddress.objects.filter(user=user, verified=True).exists()
    return user


def log_in(browser, email, password):
    return browser.submit(
        reverse("account_login"), {"login": email, "password": password}, containing="login"
    )


def is_logged_in_page(response, email):
    return response.status == 200 and email in response.text


def test_a_log_in_on_one_server_is_a_session_the_other_accepts(servers, shared):
    a, b = servers
    email = "frivillig.a@test.dk"
    citizen(email)
    browser = Browser(a.port)
    answer = log_in(browser, email, PASSWORD)
    assert answer.status == 302, answer.text[:500]
    assert "sessionid" in browser.cookies
    profile = reverse("profile")
    on_b = Browser(b.port, cookies=browser.cookies).get(profile)
    assert is_logged_in_page(on_b, email)
    # Without the session B sends the same request to the log-in page.
    assert Browser(b.port).get(profile).status == 302


def test_wrong_passwords_on_one_server_lock_the_account_out_on_the_other(servers, shared):
    a, b = servers
    email = "frivillig.b@test.dk"
    citizen(email)
    answers = [log_in(Browser(a.port), email, "forkert-kode").status for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    browser = Browser(b.port)
    answer = log_in(browser, email, PASSWORD)
    assert answer.status == 429
    assert not is_logged_in_page(browser.get(reverse("profile")), email)


def cache_rows():
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{CACHE_TABLE}"')  # noqa: S608  (our constant)
        return cursor.fetchone()[0]


def visible_title(html, title):
    return title in re.sub(r"\s+", " ", html)


def test_a_change_saved_through_one_server_shows_at_once_on_the_other(servers, shared):
    a, b = servers
    plan = ActionPlanFactory(slug="plan-skalering", start_year=2025, end_year=2028)
    initiative = InitiativeFactory(plan=plan, number=1, title="Besøgsvenner på plejecentre")
    staff = UserFactory(email="medarbejder.a@test.dk", role=User.Role.STAFF)
    page = reverse("initiatives:plan-detail", kwargs={"slug": plan.slug})
    visitor = Browser(b.port)
    cached_before = cache_rows()
    first, second = visitor.get(page), visitor.get(page)
    assert first.status == second.status == 200
    assert cache_rows() > cached_before, "B put nothing of the plan page in the shared cache"
    assert visible_title(second.text, "Besøgsvenner på plejecentre")
    editor = Browser(a.port, cookies=[session_cookie(staff)])
    edit = reverse(
        "initiatives:initiative-update", kwargs={"slug": plan.slug, "number": initiative.number}
    )
    saved = editor.submit(edit, {"title": "Besøgsvenner i hele kommunen"}, containing="title")
    assert saved.status == 302, saved.text[:2000]
    initiative.refresh_from_db()
    assert initiative.title == "Besøgsvenner i hele kommunen"
    after = visitor.get(page)
    assert after.status == 200
    assert visible_title(after.text, "Besøgsvenner i hele kommunen")
    assert not visible_title(after.text, "Besøgsvenner på plejecentre")
