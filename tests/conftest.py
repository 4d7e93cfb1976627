"""The cast shared by all tests: one user per role, units, and browser set-up."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.factories import UnitFactory, UserFactory
from volunteer_portal.models import User


def pytest_make_parametrize_id(config, val, argname):
    """Bytes made at collection (ZIP files carry the time they were made) are named by their
    length, so every pytest-xdist worker collects the same test ids."""
    if isinstance(val, bytes):
        return f"{argname}-{len(val)}-bytes"
    return None


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM beside Playwright's sync API

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _danish_between_requests():
    """A request under /en/ leaves English active in the thread; each test starts in Danish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_municipality_cached():
    """Each test starts with an empty cache holding "no municipality set up" (what a fresh
    database has). So the pinned query counts are those of a page once the municipality is
    cached, as nearly every request finds it; tests/test_municipality.py pins the one query
    of a cold cache. Saving a municipality clears the entry, as in production."""
    from volunteer_portal.municipality import CACHE_KEY, Municipality, municipality_cache

    local = municipality_cache()
    local.clear()
    local.set(CACHE_KEY, Municipality())
    yield
    local.clear()


@pytest.fixture(autouse=True)
def _empty_shared_cache(request):
    """Each test that uses the database starts with an empty shared cache (a database table,
    so no page shows a fragment cached by another test). Its rows roll back with a test's
    transaction, but a test that commits (transactional_db, live_server) leaves them behind:
    the flush after it empties the models' tables only."""
    if request.node.get_closest_marker("django_db") or "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        cache.clear()
    yield


@pytest.fixture
def unit(db):
    return UnitFactory(name="Plejecenter Testparken")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="Andet Plejecenter")


@pytest.fixture
def volunteer(db):
    return UserFactory(email="frivillig@test.dk", role=User.Role.VOLUNTEER)


@pytest.fixture
def staff_user(db):
    return UserFactory(email="medarbejder@test.dk", role=User.Role.STAFF)


@pytest.fixture
def coordinator(db, unit):
    return UserFactory(email="koordinator@test.dk", role=User.Role.COORDINATOR, units=[unit])


@pytest.fixture
def portal_admin(db):
    return UserFactory(email="admin@test.dk", role=User.Role.ADMIN)


@pytest.fixture
def organisation_contact(db):
    """The contact person (foreningskontakt) of a partner organisation."""
    from organisations.models import Membership
    from tests.factories import OrganisationFactory

    user = UserFactory(email="forening@test.dk", role=User.Role.ORGANISATION_CONTACT)
    organisation = OrganisationFactory(name="Testforeningen", kind="humanitarian")
    Membership.objects.create(user=user, organisation=organisation, capacity="contact")
    return user


@pytest.fixture
def users_by_role(volunteer, organisation_contact, staff_user, coordinator, portal_admin):
    return {
        "volunteer": volunteer,
        "organisation_contact": organisation_contact,
        "staff": staff_user,
        "coordinator": coordinator,
        "admin": portal_admin,
    }


_plain_force_login = Client.force_login


def login_with_second_factor(client, user, backend=None):
    """Log ``client`` in as ``user`` the way the rules require: a municipal user (who must use
    two-factor authentication, see volunteer_portal.mfa) gets a real TOTP authenticator, made
    by allauth's own code, and the session records that the second factor was used, as
    allauth's MFA stage records it after a correct code. Returns the TOTP secret (or None)."""
    from volunteer_portal.mfa_sessions import mark_second_factor_used

    _plain_force_login(client, user, backend)
    if not user.is_municipal:
        return None
    session = client.session
    secret = mark_second_factor_used(session, user)
    session.save()
    return secret


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """Every ``client.force_login(user)`` of the tests logs a municipal user in with their
    second factor (``login_with_second_factor``): 2FA stays on for the tests, and they log
    in as the rules require. tests/test_two_factor.py uses ``_plain_force_login`` (or the
    log-in form) to show what happens without it."""
    monkeypatch.setattr(Client, "force_login", login_with_second_factor)


@pytest.fixture
def client_for():
    """A test client logged in as the given user (or anonymous for None); a municipal user
    with their second factor."""

    def make(user):
        client = Client()
        if user is not None:
            login_with_second_factor(client, user)
        return client

    return make


@pytest.fixture
def queued_mail(monkeypatch):
    """The mail the code asks for, as a list of dicts (to, subject, text, html), recorded when
    it is asked for: in a test's transaction, which never commits, the on-commit queueing of
    volunteer_portal.mail would not run. Tests of the queue itself use transaction=True."""
    asked = []
    monkeypatch.setattr("volunteer_portal.mail.enqueue_mail", lambda **mail: asked.append(mail))
    return asked
