"""The staff overview: organisations by kind, published activities by target group and area,
referrals per activity and unit per month for a chosen year (month boundaries included),
the CSV of the same counts, who may see it, and a query count that does not grow."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from organisations.counts import (
    activities_by_area,
    activities_by_target_group,
    organisations_by_kind,
    referrals_by_month,
)
from organisations.models import Area, Membership, Organisation, Referral, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory, UnitFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("organisations:overview")
CSV = reverse("organisations:overview-csv")
D = datetime.date


def refer(activity, unit, *dates):
    for date in dates:
        Referral.objects.create(activity=activity, unit=unit, referred_on=date)


@pytest.fixture
def partner_contact():
    user = UserFactory(role=User.Role.ORGANISATION_CONTACT)
    Membership.objects.create(user=user, organisation=OrganisationFactory(), capacity="contact")
    return user


@pytest.fixture
def referrals():
    """Two activities, two units, referrals either side of month and year boundaries."""
    walk = ActivityFactory(title="Gå-gruppe")
    cafe = ActivityFactory(title="Åben café")
    job, care = UnitFactory(name="Jobcentret"), UnitFactory(name="Broparken")
    refer(walk, job, D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 1))
    refer(walk, care, D(2026, 2, 28))
    refer(cafe, care, D(2026, 3, 1), D(2026, 12, 31), D(2027, 1, 1))
    return {"walk": walk, "cafe": cafe, "job": job, "care": care}


# The numbers.


def test_referrals_per_activity_and_month_keep_to_the_months(referrals):
    table = referrals_by_month(2026, "activity")
    walk, cafe = table.rows  # "Åben café" after "Gå-gruppe": Danish order
    assert (walk.name, cafe.name) == ("Gå-gruppe", "Åben café")
    assert walk.counts == [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert cafe.counts == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert (walk.total, cafe.total, table.total) == (4, 2, 6)
    assert table.month_totals == [2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_referrals_per_unit_and_month(referrals):
    table = referrals_by_month(2026, "unit")
    assert [(row.name, row.counts[:3], row.total) for row in table.rows] == [
        ("Broparken", [0, 1, 1], 3),
        ("Jobcentret", [2, 1, 0], 3),
    ]
    assert table.rows[0].detail == referrals["care"].parent.name


def test_another_year_counts_its_own_referrals(referrals):
    assert referrals_by_month(2025, "activity").total == 1
    assert referrals_by_month(2027, "unit").total == 1
    assert referrals_by_month(2024, "unit").rows == []


def test_organisations_by_kind_count_active_ones_and_list_every_kind():
    OrganisationFactory(kind=Organisation.Kind.HUMANITARIAN)
    OrganisationFactory(kind=Organisation.Kind.HUMANITARIAN)
    OrganisationFactory(kind=Organisation.Kind.HUMANITARIAN, is_active=False)
    UnitFactory()  # a unit and its administration
    counts = {str(row.label): row.count for row in organisations_by_kind().rows}
    assert len(counts) == len(Organisation.Kind)
    assert counts[str(Organisation.Kind.HUMANITARIAN.label)] == 2
    assert counts[str(Organisation.Kind.UNIT.label)] == 1
    assert counts[str(Organisation.Kind.ADMINISTRATION.label)] == 1
    assert counts[str(Organisation.Kind.COUNCIL.label)] == 0
    assert organisations_by_kind().total == 4


def test_activities_by_target_group_and_area_count_published_ones():
    elderly, young = (
        TargetGroup.objects.create(name="Ældre"),
        TargetGroup.objects.create(name="Unge"),
    )
    islev = Area.objects.create(name="Islev")
    both = ActivityFactory(area=islev)
    both.target_groups.set([elderly, young])
    ActivityFactory(area=islev).target_groups.set([elderly])
    ActivityFactory()  # no group, no area
    ActivityFactory(is_published=False, area=islev).target_groups.set([elderly])
    closed = OrganisationFactory(is_active=False)
    ActivityFactory(organisation=closed, area=islev).target_groups.set([elderly])
    groups = [(row.label, row.count) for row in activities_by_target_group().rows]
    assert groups[:2] == [("Unge", 1), ("Ældre", 2)]
    assert groups[2][1] == 1  # for no particular group
    areas = activities_by_area()
    assert [row.count for row in areas.rows] == [2, 1]
    assert areas.total == 3


# The page.


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("volunteer", 403),
        ("contact", 403),
        ("staff", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_may_see_the_overview(role, status, client_for, users_by_role, partner_contact):
    user = partner_contact if role == "contact" else users_by_role.get(role)
    client = client_for(user)
    for url in (OVERVIEW, CSV):
        response = client.get(url)
        assert response.status_code == status, url
        if role is None:
            assert response["Location"].startswith(reverse("account_login"))


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0), tick=False)
def test_the_overview_shows_the_current_year_by_default(client_for, staff_user, referrals):
    response = client_for(staff_user).get(OVERVIEW)
    assert response.context["year"] == 2026
    assert response.context["years"] == [2027, 2026, 2025]
    assert response.context["per_activity"].total == 6
    page = response.content.decode()
    assert page.count("<caption>") == 6
    assert 'scope="col"' in page and 'scope="row"' in page


@pytest.mark.parametrize(("given", "shown"), [("2025", 2025), ("1999", 2026), ("x", 2026)])
@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0), tick=False)
def test_the_year_can_be_chosen_and_a_strange_one_shows_this_year(
    given, shown, client_for, staff_user, referrals
):
    response = client_for(staff_user).get(OVERVIEW, {"year": given})
    assert response.status_code == 200
    assert response.context["year"] == shown


def test_the_csv_holds_the_same_counts(client_for, staff_user, referrals):
    response = client_for(staff_user).get(CSV, {"year": "2026"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="referrals-2026.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "Gå-gruppe;2;2;0;0;0;0;0;0;0;0;0;0;4"
    assert lines[2] == "Åben café;0;0;1;0;0;0;0;0;0;0;0;1;2"
    assert lines[3].endswith(";2;2;1;0;0;0;0;0;0;0;0;1;6")


@pytest.mark.parametrize("rows", [1, 10])
@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0), tick=False)
def test_the_overview_query_count_is_constant(
    rows, client_for, staff_user, django_assert_num_queries
):
    for n in range(rows):
        area = Area.objects.create(name=f"Område {n}")
        activity = ActivityFactory(title=f"Aktivitet {n}", area=area)
        activity.target_groups.add(TargetGroup.objects.create(name=f"Gruppe {n}"))
        refer(activity, UnitFactory(), D(2026, 1 + n % 12, 1), D(2026, 5, 2))
    client = client_for(staff_user)
    # session, user, memberships (menu); referral years; organisations by kind; target groups,
    # activities without one; activities by area, the areas; referrals per activity, per unit
    with django_assert_num_queries(11):
        response = client.get(OVERVIEW)
    assert len(response.context["per_activity"].rows) == rows
