"""Every door locked by default (issue #12): every URL pattern of the project, asked by each kind
of caller, answers as ONE declared table says.

The table below (``DOORS``) holds a row per URL name (``namespace:name``; an unnamed pattern by
its route) with the answer each caller gets: ``OK`` (200, or a redirect that is not to a login
page), ``LOGIN`` (a redirect to a login page), 403, 404 or 405. A pattern without a row fails
with "declare who may see ...", so a new view cannot land without a rule. Objects of someone
else (another volunteer's agreement, another unit's interest, another organisation's activity)
have rows of their own in ``OTHERS``: they answer 404.

Django admin's patterns are declared in bulk (``ADMIN_DOOR``: administrators only, everyone else
to the admin's login), with rows in ``DOORS`` where one differs. Each test is one URL name and
makes one request per caller; the failure names the URL and every caller that got another answer.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from tests import sample_files
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    AgreementFactory,
    InterestFactory,
    OpportunityFactory,
    OrganisationFactory,
    UserFactory,
    VolunteerAgreementFactory,
    make_initiative_with_rows,
    make_plan_with_goals,
    staff_member,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "volunteer", "organisation_contact", "staff", "coordinator", "admin")
OK, LOGIN = "ok", "login"


@dataclass(frozen=True)
class Door:
    """Who gets which answer at one URL. ``answers`` follows ``CALLERS``; ``kwargs`` fills the
    URL from the objects of the ``world`` fixture; POST-only views are asked with a POST."""

    answers: tuple
    kwargs: Callable = field(default=lambda w: {})
    method: str = "GET"
    data: dict = field(default_factory=dict)
    path: str = ""  # a fixed address, for an unnamed pattern with parameters
    query: Callable = None  # the query string's parameters, from the objects

    def __post_init__(self):
        assert len(self.answers) == len(CALLERS), self


def door(anonymous, volunteer, organisation_contact, staff, coordinator, admin, **options):
    return Door((anonymous, volunteer, organisation_contact, staff, coordinator, admin), **options)


# The usual answers, by who may come in.
EVERYONE = (OK, OK, OK, OK, OK, OK)
LOGGED_IN = (LOGIN, OK, OK, OK, OK, OK)
MUNICIPAL = (LOGIN, 403, 403, OK, OK, OK)
COORDINATORS = (LOGIN, 403, 403, 403, OK, OK)  # coordinators of their units, and admins
COORDINATORS_ONLY = (LOGIN, 403, 403, 403, OK, 403)  # an admin without units is not one
STAFF_EDIT = (LOGIN, 403, 403, OK, 403, OK)  # plans: staff and admins edit, coordinators read
VOLUNTEERS = (LOGIN, OK, 403, 403, 403, 403)
ADMINS = (LOGIN, 403, 403, 403, 403, OK)
ADMIN_SITE = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK)  # Django admin: its own login page
ADMIN_SITE_REFUSED = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403)  # what admins may not do either
NOWHERE = (404, 404, 404, 404, 404, 404)
NOT_PUBLIC = (LOGIN, 404, 404, OK, OK, OK)  # an agreement that is not public
MUNICIPAL_HAVE_ONE = (LOGIN, 404, 404, OK, OK, OK)  # a TOTP: municipal users log in with one
NO_RECOVERY_CODES = (LOGIN, 404, 404, 404, 404, 404)  # none generated in these tests


def by(answers, **options):
    return Door(answers, **options)


def plan(w):
    return {"slug": w.plan.slug}


def initiative(w):
    return {"slug": w.plan.slug, "number": w.initiative.number}


def organisation(w):
    return {"slug": w.organisation.slug}


def activity(w):
    return {"pk": w.activity.pk}


def agreement(w):
    return {"pk": w.agreement.pk}


def pool(w):
    return {"pool": w.pool.pk}


def grant(w):
    return {"pool": w.pool.pk, "pk": w.grant.pk}


def opportunity(w):
    return {"pk": w.opportunity.pk}


def interest(w):
    return {"pk": w.interest.pk}


def volunteer_agreement(w):
    return {"pk": w.volunteer_agreement.pk}


DOORS = {
    # volunteer_portal/urls.py: outside and inside the language prefix.
    "healthz": by(EVERYONE),
    "accessibility-statement": by(NOWHERE),  # 404 until the municipality sets its WAS address
    "municipality-logo": by(NOWHERE, kwargs=lambda w: {"version": "1"}),  # no logo uploaded
    "home": by(EVERYONE),
    "set_language": by(EVERYONE, method="POST", data={"language": "en", "next": "/"}),
    "privacy": by(EVERYONE),
    "profile": by(LOGGED_IN),
    # allauth (accounts/): by their nature.
    "account_login": by(EVERYONE),  # a logged-in caller is sent on to the start page
    "account_logout": by(EVERYONE, method="POST"),
    "account_inactive": by(EVERYONE),
    "account_signup": by(EVERYONE),  # a logged-in caller is sent on to the start page
    "account_reauthenticate": by(LOGGED_IN),
    "account_email": by(LOGGED_IN),
    "account_email_verification_sent": by(EVERYONE),
    "account_change_password": by(LOGGED_IN),
    "account_set_password": by(LOGGED_IN),  # has a password: sent on to change it
    "account_reset_password": by(EVERYONE),
    "account_confirm_login_code": by(LOGGED_IN),  # no code asked for: sent back to log in
    "account_confirm_email": by(EVERYONE, kwargs=lambda w: {"key": "no-such-key"}),
    "account_reset_password_from_key_done": by(EVERYONE),
    "account_reset_password_from_key": by(
        EVERYONE, kwargs=lambda w: {"uidb36": "zz", "key": "no-such-key"}
    ),  # a bad link: the page says so
    "account_reset_password_done": by(EVERYONE),
    # Two-factor authentication (allauth.mfa) and sessions (allauth.usersessions).
    "mfa_index": by(LOGGED_IN),
    "mfa_authenticate": by(LOGGED_IN),
    "mfa_reauthenticate": by(LOGGED_IN),
    "mfa_activate_totp": by(LOGGED_IN),
    "mfa_deactivate_totp": by(MUNICIPAL_HAVE_ONE),
    "mfa_view_recovery_codes": by(NO_RECOVERY_CODES),
    "mfa_download_recovery_codes": by(NO_RECOVERY_CODES),
    "mfa_generate_recovery_codes": by(LOGGED_IN),
    "usersessions_list": by(LOGGED_IN),
    # organisations/urls.py
    "organisations:organisation-list": by(EVERYONE),
    "organisations:activity-list": by(EVERYONE),
    "organisations:activity-detail": by(EVERYONE, kwargs=activity),
    "organisations:my-units": by(COORDINATORS_ONLY),
    "organisations:bridge": by(MUNICIPAL),
    "organisations:activity-slip": by(MUNICIPAL, kwargs=activity),
    "organisations:referral-create": by(MUNICIPAL, kwargs=activity),
    "organisations:organisation-create": by(MUNICIPAL),
    "organisations:my-organisations": by((LOGIN, 403, OK, 403, 403, 403)),
    "organisations:activities-to-check": by(MUNICIPAL),
    "organisations:activity-edit": by((LOGIN, 403, OK, OK, OK, OK), kwargs=activity),
    "organisations:activity-preview": by((LOGIN, 403, OK, OK, OK, OK), kwargs=activity),
    "organisations:organisation-edit": by((LOGIN, 403, OK, OK, OK, OK), kwargs=organisation),
    "organisations:activity-create": by((LOGIN, 403, OK, OK, OK, OK), kwargs=organisation),
    "organisations:organisation-confirm": by((LOGIN, 403, OK, OK, OK, OK), kwargs=organisation),
    "organisations:transfer-import": by(MUNICIPAL),
    "organisations:transfer-preview": by(MUNICIPAL),
    "organisations/export/": by(EVERYONE),  # the unnamed redirect to the (locked) import page
    "organisations:transfer-export": by(
        MUNICIPAL, kwargs=lambda w: {"kind": "activities", "file_format": "csv"}
    ),
    "organisations:overview": by(MUNICIPAL),
    "organisations:overview-csv": by(MUNICIPAL),
    "organisations:organisation-detail": by(EVERYONE, kwargs=organisation),
    # partnerships/urls.py: cooperation agreements, grants, reviews, the staff calendar.
    "partnerships:agreement-list": by(MUNICIPAL),
    "partnerships:agreement-create": by(MUNICIPAL),
    "partnerships:overview": by(MUNICIPAL),
    "partnerships:agreement-export-csv": by(MUNICIPAL),
    "partnerships:agreement-export-xlsx": by(MUNICIPAL),
    "partnerships:agreement-detail": by(NOT_PUBLIC, kwargs=agreement),
    "partnerships:agreement-edit": by(NOT_PUBLIC, kwargs=agreement),
    "partnerships:agreement-end": by(NOT_PUBLIC, kwargs=agreement),
    "partnerships:agreement-document-add": by(NOT_PUBLIC, kwargs=agreement),
    "partnerships:agreement-activate": by(NOT_PUBLIC, kwargs=agreement, method="POST"),
    "partnerships:agreement-renew": by(NOT_PUBLIC, kwargs=agreement, method="POST"),
    "partnerships:agreement-document": by(
        (404, 404, 404, OK, OK, OK),
        kwargs=lambda w: {"pk": w.agreement_document.pk, "filename": "aftale.pdf"},
    ),
    "partnerships:pool-list": by(MUNICIPAL),
    "partnerships:pool-create": by(MUNICIPAL),
    "partnerships:pool-detail": by(MUNICIPAL, kwargs=pool),
    "partnerships:pool-edit": by(MUNICIPAL, kwargs=pool),
    "partnerships:grant-detail": by(MUNICIPAL, kwargs=grant),
    "partnerships:grant-paid": by(MUNICIPAL, kwargs=grant),
    "partnerships:grant-report": by(MUNICIPAL, kwargs=grant),
    "partnerships:grant-report-document": by(MUNICIPAL, kwargs=grant),
    "partnerships:grant-create": by(MUNICIPAL),
    "partnerships:grant-totals": by(MUNICIPAL),
    "partnerships:review-list": by(MUNICIPAL, kwargs=agreement),
    "partnerships:review-create": by(MUNICIPAL, kwargs=agreement),
    "partnerships:calendar": by(MUNICIPAL),
    "partnerships:calendar-renew": by(MUNICIPAL, method="POST"),
    "partnerships:calendar-feed": by(
        EVERYONE, kwargs=lambda w: {"token": w.staff_calendar_token}
    ),  # the secret address is the key
    # partnerships/volunteering_urls.py: the volunteer flow.
    "volunteering:opportunity-list": by(EVERYONE),
    "volunteering:opportunity-create": by(COORDINATORS),
    "volunteering:opportunity-detail": by(EVERYONE, kwargs=opportunity),
    "volunteering:opportunity-edit": by((LOGIN, 404, 404, 404, OK, OK), kwargs=opportunity),
    "volunteering:opportunity-publish": by(
        (LOGIN, 404, 404, 404, OK, OK), kwargs=opportunity, method="POST"
    ),
    "volunteering:opportunity-close": by(
        (LOGIN, 404, 404, 404, OK, OK), kwargs=opportunity, method="POST"
    ),
    "volunteering:interest-create": by(VOLUNTEERS, kwargs=opportunity),
    "volunteering:general-interest": by(VOLUNTEERS),
    "volunteering:waiting": by(EVERYONE, kwargs=lambda w: {"token": w.waiting_token}),
    "volunteering:me": by(VOLUNTEERS),
    "volunteering:profile": by(VOLUNTEERS),
    "volunteering:interest-withdraw": by(
        (LOGIN, OK, 404, 404, 404, 404), kwargs=interest, method="POST"
    ),
    "volunteering:calendar": by(VOLUNTEERS),
    "volunteering:my-consent": by(VOLUNTEERS),
    "volunteering:my-data": by(VOLUNTEERS),
    "volunteering:my-data-json": by(VOLUNTEERS),
    "volunteering:my-delete": by(VOLUNTEERS),
    "volunteering:calendar-renew": by(VOLUNTEERS, method="POST"),
    "volunteering:calendar-feed": by(
        EVERYONE, kwargs=lambda w: {"token": w.volunteer_calendar_token}
    ),
    "volunteering:inbox": by(COORDINATORS),
    "volunteering:interest-detail": by((LOGIN, 404, 404, 404, OK, OK), kwargs=interest),
    "volunteering:interest-action": by(
        (LOGIN, 404, 404, 404, OK, OK),
        kwargs=lambda w: {"pk": w.interest.pk, "action": "dialogue"},
        method="POST",
    ),
    "volunteering:agreement-create": by(
        COORDINATORS, query=lambda w: {"interest": w.fresh_interest.pk}
    ),
    "volunteering:agreement-detail": by((LOGIN, OK, 404, 404, OK, OK), kwargs=volunteer_agreement),
    "volunteering:agreement-edit": by((LOGIN, 404, 404, 404, OK, OK), kwargs=volunteer_agreement),
    "volunteering:agreement-child-certificate": by(
        (LOGIN, 403, 404, 404, OK, 403), kwargs=volunteer_agreement
    ),  # the unit's coordinators only
    "volunteering:agreement-end": by((LOGIN, OK, 404, 404, OK, OK), kwargs=volunteer_agreement),
    "volunteering:agreement-action": by(
        (LOGIN, OK, 404, 404, 403, 403),  # confirming is the volunteer's
        kwargs=lambda w: {"pk": w.volunteer_agreement.pk, "action": "confirm"},
        method="POST",
    ),
    "volunteering:agreement-pdf": by((LOGIN, OK, 404, 404, OK, OK), kwargs=volunteer_agreement),
    "volunteering:work-certificate": by(
        (LOGIN, OK, 404, 404, OK, OK), kwargs=lambda w: {"pk": w.active_agreement.pk}
    ),
    "volunteering:overview": by(COORDINATORS),
    "volunteering:export-csv": by(COORDINATORS_ONLY),  # their own units' agreements
    "volunteering:export-xlsx": by(COORDINATORS_ONLY),
    # initiatives/urls.py: action plans (published: everyone; editing: municipal users).
    "initiatives:overview-index": by(MUNICIPAL),
    "initiatives:overview": by(MUNICIPAL, kwargs=plan),
    "initiatives:overview-csv": by(MUNICIPAL, kwargs=plan),
    "initiatives:overview-xlsx": by(MUNICIPAL, kwargs=plan),
    "initiatives:plan-print": by(EVERYONE, kwargs=plan),
    "initiatives:plan-follow": by(EVERYONE, kwargs=plan),
    "initiatives:plan-csv": by(EVERYONE, kwargs=plan),
    "initiatives:plan-xlsx": by(EVERYONE, kwargs=plan),
    "initiatives:plan-json": by(EVERYONE, kwargs=plan),
    "initiatives:plan-calendar": by(EVERYONE, kwargs=plan),
    "initiatives:plan-feed": by(EVERYONE, kwargs=plan),
    "initiatives:plan-list": by(EVERYONE),
    "initiatives:plan-create": by(STAFF_EDIT),
    "initiatives:plan-detail": by(EVERYONE, kwargs=plan),
    "initiatives:plan-update": by(STAFF_EDIT, kwargs=plan),
    "initiatives:plan-publish": by(STAFF_EDIT, kwargs=plan),
    "initiatives:plan-start-from": by(STAFF_EDIT, kwargs=plan),
    "initiatives:plan-renumber": by(STAFF_EDIT, kwargs=plan),
    "initiatives:plan-history": by(MUNICIPAL, kwargs=plan),
    "initiatives:plan-document-short": by(
        EVERYONE, kwargs=lambda w: {"slug": w.plan.slug, "pk": w.plan_document.pk}
    ),
    "initiatives:plan-document": by(
        EVERYONE,
        kwargs=lambda w: {"slug": w.plan.slug, "pk": w.plan_document.pk, "filename": "x.pdf"},
    ),
    "initiatives:initiative-create": by(STAFF_EDIT, kwargs=plan),
    "initiatives:initiative-detail": by(EVERYONE, kwargs=initiative),
    "initiatives:initiative-update": by(STAFF_EDIT, kwargs=initiative),
    "initiatives:initiative-status": by(STAFF_EDIT, kwargs=initiative),
    "initiatives:progress-note-create": by(STAFF_EDIT, kwargs=initiative),
    "initiatives:initiative-history": by(MUNICIPAL, kwargs=initiative),
    # Django admin, where it differs from ADMIN_DOOR.
    # allauth's secure_admin_login: a visitor logs in through the portal, a non-admin is refused.
    "admin:login": by((LOGIN, 403, 403, 403, 403, OK)),
    "admin:autocomplete": by(ADMIN_SITE_REFUSED),  # asked without a field to complete
    "admin:view_on_site": by(
        (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 404)
    ),  # a user has no page of its own on the site
    # Records no one adds or deletes by hand, not even an administrator (the audit log, login
    # attempts, the task queue, status changes, rate-limit hits, daily runs; the one municipality).
    **dict.fromkeys(
        [
            "admin:auditlog_logentry_add",
            "admin:auditlog_logentry_delete",
            "admin:axes_accessattempt_add",
            "admin:axes_accessfailurelog_add",
            "admin:axes_accesslog_add",
            "admin:django_tasks_database_dbtaskresult_add",
            "admin:django_tasks_database_dbtaskresult_delete",
            "admin:initiatives_statuschange_add",
            "admin:volunteer_portal_dailyrun_add",
            "admin:volunteer_portal_dailyrun_delete",
            "admin:volunteer_portal_municipality_delete",
            "admin:volunteer_portal_ratelimithit_add",
        ],
        by(ADMIN_SITE_REFUSED),
    ),
    "admin:logout": by(EVERYONE, method="POST"),
    # Pages of our own inside the admin (volunteer_portal/admin.py).
    "admin-record-of-processing": by(ADMIN_SITE),
    "admin-retention": by(ADMIN_SITE),
    # The admin's unnamed catch-all: an unknown admin address, after the admin's own login.
    "admin/(?P<url>.*)$": by((LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 404), path="/admin/no-such/"),
}

# Django admin: administrators only; everyone else is sent to the admin's login.
ADMIN_DOOR = by(ADMIN_SITE)

# Objects of someone else: another volunteer's, another unit's, another organisation's, a draft.
OTHERS = {
    "another volunteer's agreement": (
        "volunteering:agreement-detail",
        by(
            (LOGIN, 404, 404, 404, 404, OK),
            kwargs=lambda w: {"pk": w.other_volunteer_agreement.pk},
        ),
    ),
    "another volunteer's agreement as PDF": (
        "volunteering:agreement-pdf",
        by(
            (LOGIN, 404, 404, 404, 404, OK),
            kwargs=lambda w: {"pk": w.other_volunteer_agreement.pk},
        ),
    ),
    "confirming another volunteer's agreement": (
        "volunteering:agreement-action",
        by(
            (LOGIN, 404, 404, 404, 404, 403),  # an admin sees it, confirms nothing
            kwargs=lambda w: {"pk": w.other_volunteer_agreement.pk, "action": "confirm"},
            method="POST",
        ),
    ),
    "ending another volunteer's agreement": (
        "volunteering:agreement-end",
        by(
            (LOGIN, 404, 404, 404, 404, OK),
            kwargs=lambda w: {"pk": w.other_volunteer_agreement.pk},
        ),
    ),
    "another unit's interest": (
        "volunteering:interest-detail",
        by((LOGIN, 404, 404, 404, 404, OK), kwargs=lambda w: {"pk": w.other_interest.pk}),
    ),
    "withdrawing another volunteer's interest": (
        "volunteering:interest-withdraw",
        by(
            (LOGIN, 404, 404, 404, 404, 404),
            kwargs=lambda w: {"pk": w.other_interest.pk},
            method="POST",
        ),
    ),
    "another unit's opportunity": (
        "volunteering:opportunity-edit",
        by(
            (LOGIN, 404, 404, 404, 404, OK),
            kwargs=lambda w: {"pk": w.other_opportunity.pk},
        ),
    ),
    "another organisation's activity": (
        "organisations:activity-edit",
        by((LOGIN, 403, 404, OK, OK, OK), kwargs=lambda w: {"pk": w.other_activity.pk}),
    ),
    "another organisation's page to edit": (
        "organisations:organisation-edit",
        by(
            (LOGIN, 403, 404, OK, OK, OK),
            kwargs=lambda w: {"slug": w.other_organisation.slug},
        ),
    ),
    "a draft plan": (
        "initiatives:plan-detail",
        by((404, 404, 404, OK, OK, OK), kwargs=lambda w: {"slug": w.draft_plan.slug}),
    ),
    "someone else's staff calendar with a made-up token": (
        "partnerships:calendar-feed",
        by(NOWHERE, kwargs=lambda w: {"token": "not-a-token"}),
    ),
    "a volunteer's calendar with a staff member's token": (
        "volunteering:calendar-feed",
        by(NOWHERE, kwargs=lambda w: {"token": w.staff_calendar_token}),
    ),
}


# --- The URL patterns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # namespace:name, or the route of an unnamed pattern
    route: str
    callback: Callable

    @property
    def is_admin(self):
        return self.route.startswith("admin/")


def walk(patterns, prefix="", namespace=None):
    """Every URL pattern under ``patterns``, through includes and the language prefix."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            route = "" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            yield from walk(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Pattern(key, route, entry.callback)


def all_patterns():
    found = {}
    for pattern in walk(get_resolver().url_patterns):
        # One name for two patterns (none today) would need a row per pattern.
        assert pattern.key not in found, f"two URL patterns are named {pattern.key}"
        found[pattern.key] = pattern
    return found


PATTERNS = all_patterns()


def door_for(key):
    if key in DOORS:
        return DOORS[key]
    if key.startswith("admin:") or key.startswith("admin/"):
        return ADMIN_DOOR
    return None


# --- The objects the URLs name ----------------------------------------------------------------


class World:
    """One of each thing a URL names; the volunteer's own belong to the ``volunteer`` fixture,
    the coordinator's unit is ``unit``, the organisation contact's organisation is theirs."""


def the_cast():
    """The people of tests/conftest.py (``users_by_role``, ``unit``, ``other_unit``), made once
    for the module: the same factories, addresses, roles and memberships."""
    from organisations.models import Membership
    from tests.factories import UnitFactory

    unit = UnitFactory(name="Plejecenter Testparken")
    other_unit = UnitFactory(name="Andet Plejecenter")
    contact = UserFactory(email="forening@test.dk", role=User.Role.ORGANISATION_CONTACT)
    organisation = OrganisationFactory(name="Testforeningen", kind="humanitarian")
    Membership.objects.create(user=contact, organisation=organisation, capacity="contact")
    users = {
        "volunteer": UserFactory(email="frivillig@test.dk", role=User.Role.VOLUNTEER),
        "organisation_contact": contact,
        "staff": UserFactory(email="medarbejder@test.dk", role=User.Role.STAFF),
        "coordinator": UserFactory(
            email="koordinator@test.dk", role=User.Role.COORDINATOR, units=[unit]
        ),
        "admin": UserFactory(email="admin@test.dk", role=User.Role.ADMIN),
    }
    return users, unit, other_unit


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast, the world and a logged-in session per caller, made ONCE for the ~400 tests of
    this module (each makes one request per caller) inside a transaction rolled back at the
    end; each test runs in a savepoint of it, as in Django's ``setUpTestData``. The sessions
    are logged in as ``client_for`` logs in (``login_with_second_factor``: municipal users
    with their second factor)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.conftest import login_with_second_factor

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    private = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_FILES_ROOT=private, PASSWORD_HASHERS=fast),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            users, unit, other_unit = the_cast()
            w = build_world(users, unit, other_unit)
            cookies = {}
            for role, user in users.items():
                client = Client()
                login_with_second_factor(client, user)
                cookies[role] = {key: morsel.value for key, morsel in client.cookies.items()}
            yield w, cookies
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared, db):
    return shared[0]


def build_world(users_by_role, unit, other_unit):
    """The objects; PRIVATE_FILES_ROOT must point at a folder of the test's own."""
    from allauth.account.models import EmailAddress

    from initiatives.models import PlanDocument
    from partnerships.models import AgreementDocument, CalendarToken, Grant, GrantPool
    from partnerships.services.interests import waiting_token

    w = World()
    w.users = users_by_role
    volunteer = users_by_role["volunteer"]
    w.organisation = users_by_role["organisation_contact"].memberships.get().organisation
    w.other_organisation = OrganisationFactory(name="Anden forening")
    w.activity = ActivityFactory(organisation=w.organisation)
    w.other_activity = ActivityFactory(organisation=w.other_organisation)

    w.plan = make_plan_with_goals("testplan")
    w.initiative = make_initiative_with_rows(w.plan)
    w.draft_plan = ActionPlanFactory(slug="kladde", status="draft")
    w.plan_document = PlanDocument.objects.create(
        plan=w.plan, file=SimpleUploadedFile("beslutning.pdf", sample_files.PDF)
    )

    w.agreement = AgreementFactory(responsible_unit=unit)
    w.agreement.partners.add(w.organisation)
    w.agreement_document = AgreementDocument.objects.create(
        agreement=w.agreement,
        title="Underskrevet aftale",
        file=SimpleUploadedFile("aftale.pdf", sample_files.PDF),
    )
    w.pool = GrantPool.objects.create(year=2026, name="§ 18-puljen", budget=Decimal("100000"))
    w.grant = Grant.objects.create(
        pool=w.pool,
        organisation=w.organisation,
        amount=Decimal("10000"),
        report_due=datetime.date(2027, 4, 1),
    )

    w.opportunity = OpportunityFactory(organisation=unit)
    w.other_opportunity = OpportunityFactory(organisation=other_unit)
    w.interest = InterestFactory(volunteer=volunteer, opportunity=w.opportunity)
    other_volunteer = UserFactory(email="anden.frivillig@test.dk", role=User.Role.VOLUNTEER)
    w.other_interest = InterestFactory(volunteer=other_volunteer, opportunity=w.other_opportunity)
    w.volunteer_agreement = VolunteerAgreementFactory(
        volunteer=volunteer,
        unit=unit,
        contact_person=staff_member(unit),
        opportunity=w.opportunity,
        status="offered",
        answer_by=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=14),
    )
    w.other_volunteer_agreement = VolunteerAgreementFactory(
        volunteer=other_volunteer, unit=other_unit, status="offered"
    )
    # An interest with no agreement yet (to make one from) and an agreement the volunteer has
    # worked under (its certificate of work).
    w.fresh_interest = InterestFactory(
        volunteer=UserFactory(role=User.Role.VOLUNTEER), opportunity=w.opportunity
    )
    w.active_agreement = VolunteerAgreementFactory(
        volunteer=volunteer,
        unit=unit,
        status="active",
        approved_at=datetime.datetime.now(datetime.UTC),
    )
    w.draft_agreement = VolunteerAgreementFactory(volunteer=volunteer, unit=unit)
    w.waiting_token = waiting_token(w.interest)
    w.staff_calendar_token = CalendarToken.objects.create(user=users_by_role["staff"]).token
    w.volunteer_calendar_token = CalendarToken.objects.create(user=volunteer).token
    assert EmailAddress.objects.filter(user=volunteer, verified=True).exists()
    return w


# --- Asking -----------------------------------------------------------------------------------


def url_of(pattern, door, w):
    if door.path:
        return door.path
    kwargs = door.kwargs(w)
    if pattern.is_admin and not kwargs:
        kwargs = admin_kwargs(pattern)
    if pattern.key == pattern.route:  # unnamed: its route, its parameters filled in
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), pattern.route)
    url = reverse(pattern.key, kwargs=kwargs)
    return url + "?" + urlencode(door.query(w)) if door.query else url


def admin_kwargs(pattern):
    """An admin URL's parameters: an existing object of its model where there is one."""
    from django.contrib.contenttypes.models import ContentType

    route = pattern.route
    kwargs = {}
    if "app_label" in route:
        kwargs["app_label"] = "volunteer_portal"
    if "content_type_id" in route:  # "view on site" of a user: no page of its own
        admin = User.objects.get(role=User.Role.ADMIN)
        kwargs["content_type_id"] = ContentType.objects.get_for_model(User).pk
        kwargs["object_id"] = admin.pk
    elif "<id>" in route or "<path:id>" in route or "(?P<id>" in route:  # a user's password
        kwargs["id"] = User.objects.get(role=User.Role.ADMIN).pk
    elif "object_id" in route:
        model_admin = getattr(pattern.callback, "model_admin", None)
        obj = model_admin.model._default_manager.first() if model_admin else None
        kwargs["object_id"] = obj.pk if obj is not None else 0
    return kwargs


LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/en/accounts/login/", "/en/admin/login/")


def answer(response):
    """The answer of one request, in the words of the table."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"])
        assert not target.netloc or target.netloc == "testserver", response["Location"]
        return LOGIN if target.path in LOGIN_PATHS else OK
    if 200 <= status < 300:
        return OK
    return status


@pytest.fixture
def callers(shared, db):
    """A fresh client per caller, holding that caller's logged-in session."""

    def make():
        clients = {"anonymous": Client()}
        for role in CALLERS[1:]:
            clients[role] = Client()
            clients[role].cookies.load(shared[1][role])
        return clients

    return make


def ask_everyone(callers, pattern, door, w):
    url = url_of(pattern, door, w)
    wrong = []
    for caller, client in callers().items():
        expected = door.answers[CALLERS.index(caller)]
        response = client.post(url, door.data) if door.method == "POST" else client.get(url)
        got = answer(response)
        if got != expected:
            wrong.append(f"{caller}: declared {expected}, got {got} ({response.status_code})")
    return url, wrong


# --- The tests --------------------------------------------------------------------------------


def test_every_url_pattern_has_a_declared_rule():
    missing = [key for key in PATTERNS if door_for(key) is None]
    assert not missing, "\n".join(f"declare who may see {key}" for key in missing)


def test_every_declared_rule_names_a_url_pattern():
    stale = [key for key in DOORS if key not in PATTERNS]
    stale += [key for key, _door in OTHERS.values() if key not in PATTERNS]
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_the_url_answers_each_caller_as_declared(key, world, callers):
    door = door_for(key)
    assert door is not None, f"declare who may see {key} (a row in DOORS of {__name__})"
    url, wrong = ask_everyone(callers, PATTERNS[key], door, world)
    assert not wrong, f"{key} ({url}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("what", sorted(OTHERS))
def test_objects_of_others_answer_404(what, world, callers):
    key, door = OTHERS[what]
    url, wrong = ask_everyone(callers, PATTERNS[key], door, world)
    assert not wrong, f"{what}: {key} ({url}):\n" + "\n".join(wrong)


def test_the_english_addresses_answer_as_the_danish_ones(world, callers):
    """The language prefix changes nothing about who may come in."""
    clients = callers()
    danish = reverse("volunteering:me")
    assert clients["volunteer"].get("/en" + danish).status_code == 200
    assert answer(clients["anonymous"].get("/en" + danish)) == LOGIN
    assert clients["staff"].get("/en" + danish).status_code == 403
