"""Queries per page (issue #13): every main page, feed and export asks the database at most
15 times, and as often with one row in each of its lists as with many.

One world per test: a plan with initiatives (actors, milestones, progress notes, status
changes), organisations with activities, a unit's opportunities with interests and volunteer
agreements, cooperation agreements with partners and grants. ``add_rows`` adds one more of
each; a page is counted, rows are added, and it is counted again. Each count comes after a
first request (the session, the content types and the municipality are then loaded) and with
the shared cache emptied, so a cached fragment never hides the queries it saves.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import InitiativeActor, StatusChange
from organisations.models import TargetGroup
from partnerships.models import CalendarToken, Grant, GrantPool, VolunteerProfile
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    AgreementFactory,
    InitiativeFactory,
    InterestFactory,
    OpportunityFactory,
    OrganisationFactory,
    VolunteerAgreementFactory,
    staff_member,
)
from tests.queries import own_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
MANY = 6
NOON = datetime.datetime(2021, 6, 1, 12, tzinfo=datetime.UTC)


@dataclass
class World:
    unit: object
    staff: object
    coordinator: object
    volunteer: object
    plan: object
    pool: object
    target_group: object
    initiatives: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)


@pytest.fixture
def world(unit, coordinator, volunteer):
    staff = staff_member(unit, email="medarbejder@test.dk")
    VolunteerProfile.objects.create(user=volunteer, phone="12345678", kinds=["company"])
    w = World(
        unit=unit,
        staff=staff,
        coordinator=coordinator,
        volunteer=volunteer,
        plan=ActionPlanFactory(slug="plan"),
        pool=GrantPool.objects.create(year=2026, budget=Decimal("100000")),
        target_group=TargetGroup.objects.create(name="Ældre"),
    )
    add_rows(w, 1)
    return w


def add_rows(w, n):
    """``n`` more rows in every list the pages show."""
    for _ in range(n):
        organisation = OrganisationFactory()
        activity = ActivityFactory(organisation=organisation)
        activity.target_groups.add(w.target_group)
        initiative = InitiativeFactory(plan=w.plan, number=len(w.initiatives) + 1)
        w.initiatives.append(initiative)
        InitiativeActor.objects.create(initiative=initiative, organisation=organisation)
        InitiativeActor.objects.create(initiative=initiative, organisation=w.unit)
        initiative.milestones.create(date=datetime.date(2021, 5, 1), title="Temamøde")
        initiative.progress_notes.create(
            date=datetime.date(2021, 6, 1), text="Godt i gang.", progress=40, author=w.staff
        )
        StatusChange.objects.create(
            initiative=initiative,
            from_status="planned",
            to_status="ongoing",
            changed_by=w.staff,
            changed_at=NOON,
        )
        opportunity = OpportunityFactory(organisation=w.unit)
        opportunity.target_groups.add(w.target_group)
        opportunity.initiatives.add(initiative)
        w.opportunities.append(opportunity)
        InterestFactory(opportunity=opportunity)
        InterestFactory(opportunity=opportunity, volunteer=w.volunteer)
        VolunteerAgreementFactory(
            unit=w.unit,
            opportunity=opportunity,
            volunteer=w.volunteer,
            contact_person=w.staff,
            status="active",
            end_date=datetime.date(2027, 6, 30),
        )
        agreement = AgreementFactory(
            responsible_unit=w.unit,
            responsible_staff=w.staff,
            status="active",
            is_public=True,
            next_review_date=datetime.date(2026, 6, 1),
        )
        agreement.partners.add(organisation)
        agreement.initiatives.add(initiative)
        Grant.objects.create(
            pool=w.pool,
            organisation=organisation,
            agreement=agreement,
            amount=Decimal("1000"),
            report_due=datetime.date(2027, 3, 1),
            target_group=w.target_group,
        )


def token_of(user):
    return CalendarToken.objects.get_or_create(user=user)[0].token


# Each page: who asks for it, and its address in a world.
PAGES = {
    "home": (None, lambda w: reverse("home")),
    "plan list": (None, lambda w: reverse("initiatives:plan-list")),
    "plan": (None, lambda w: w.plan.get_absolute_url()),
    "initiative": (None, lambda w: w.initiatives[0].get_absolute_url()),
    "plan overview": ("staff", lambda w: reverse("initiatives:overview-index")),
    "plan's staff overview": (
        "staff",
        lambda w: reverse("initiatives:overview", kwargs={"slug": w.plan.slug}),
    ),
    "directory": (None, lambda w: reverse("organisations:organisation-list")),
    "directory search": (None, lambda w: reverse("organisations:organisation-list") + "?q=nr"),
    "activity list": (None, lambda w: reverse("organisations:activity-list")),
    "activity search": (
        None,
        lambda w: (
            reverse("organisations:activity-list") + f"?q=aktivitet&target_group="
            f"{w.target_group.pk}"
        ),
    ),
    "bridge-building search": (
        "staff",
        lambda w: reverse("organisations:bridge") + "?q=aktivitet",
    ),
    "opportunity list": (None, lambda w: reverse("volunteering:opportunity-list")),
    "opportunity search": (
        None,
        lambda w: reverse("volunteering:opportunity-list") + "?q=frivilligopgave&places_left=on",
    ),
    "opportunity page": (None, lambda w: w.opportunities[0].get_absolute_url()),
    "coordinator inbox": ("coordinator", lambda w: reverse("volunteering:inbox")),
    "volunteer overview": ("coordinator", lambda w: reverse("volunteering:overview")),
    "agreement matrix": ("staff", lambda w: reverse("partnerships:overview")),
    "agreement list": ("staff", lambda w: reverse("partnerships:agreement-list")),
    "agreement list sorted": (
        "staff",
        lambda w: reverse("partnerships:agreement-list") + "?status=current&order=-end",
    ),
    "grant pools": ("staff", lambda w: reverse("partnerships:pool-list")),
    "grant list of a pool": (
        "staff",
        lambda w: reverse("partnerships:pool-detail", kwargs={"pool": w.pool.pk}),
    ),
    "grant totals": ("staff", lambda w: reverse("partnerships:grant-totals")),
    "volunteer's own page": ("volunteer", lambda w: reverse("volunteering:me")),
    "plan feed": (None, lambda w: reverse("initiatives:plan-feed", kwargs={"slug": w.plan.slug})),
    "plan milestones calendar": (
        None,
        lambda w: reverse("initiatives:plan-calendar", kwargs={"slug": w.plan.slug}),
    ),
    "staff calendar feed": (
        None,
        lambda w: reverse("partnerships:calendar-feed", kwargs={"token": token_of(w.staff)}),
    ),
    "volunteer calendar feed": (
        None,
        lambda w: reverse("volunteering:calendar-feed", kwargs={"token": token_of(w.volunteer)}),
    ),
    "plan CSV": (None, lambda w: reverse("initiatives:plan-csv", kwargs={"slug": w.plan.slug})),
    "plan XLSX": (None, lambda w: reverse("initiatives:plan-xlsx", kwargs={"slug": w.plan.slug})),
    "plan JSON": (None, lambda w: reverse("initiatives:plan-json", kwargs={"slug": w.plan.slug})),
    "agreements CSV": ("staff", lambda w: reverse("partnerships:agreement-export-csv")),
    "volunteers CSV": ("coordinator", lambda w: reverse("volunteering:export-csv")),
    "volunteers XLSX": ("coordinator", lambda w: reverse("volunteering:export-xlsx")),
    "organisations CSV": (
        "staff",
        lambda w: reverse(
            "organisations:transfer-export", kwargs={"kind": "organisations", "file_format": "csv"}
        ),
    ),
    "activities XLSX": (
        "staff",
        lambda w: reverse(
            "organisations:transfer-export", kwargs={"kind": "activities", "file_format": "xlsx"}
        ),
    ),
}


def counted(client, url):
    """The page's queries in one request for ``url``, after a first one, with an empty cache;
    and all the queries of the request after it, with the cache as that one left it."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    return own_queries([query["sql"] for query in cold.captured_queries]), len(warm)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_asks_at_most_15_queries_however_many_rows(page, world, client, client_for):
    caller, address = PAGES[page]
    if caller:
        client = client_for(getattr(world, caller))
    few, warm = counted(client, address(world))
    assert len(few) <= MAX_QUERIES, f"{page}: {len(few)} queries:\n" + "\n".join(few)
    assert warm <= MAX_QUERIES, f"{page}: {warm} queries with the cache filled"
    add_rows(world, MANY - 1)
    many, _warm = counted(client, address(world))
    assert len(many) == len(few), (
        f"{page}: {len(few)} queries with one row, {len(many)} with {MANY}:\n" + "\n".join(many)
    )
