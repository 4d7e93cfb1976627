"""The overview's own exports: CSV and XLSX of exactly the initiatives its filters select,
linked from the overview with the filter it shows, in a fixed number of queries."""

import csv
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from initiatives.models import Initiative, InitiativeActor
from tests.factories import ActionPlanFactory, InitiativeFactory, OrganisationFactory
from tests.initiatives.reporting import make_full_plan

pytestmark = pytest.mark.django_db

S = Initiative.Status


def url(name, plan, **query):
    address = reverse(f"initiatives:{name}", kwargs={"slug": plan.slug})
    return address + ("?" + urlencode(query) if query else "")


def csv_numbers(response):
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    return [int(row[0]) for row in rows[1:]]


def xlsx_numbers(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


NUMBERS = {"overview-csv": csv_numbers, "overview-xlsx": xlsx_numbers}


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(slug="rodovre-2020-2022", start_year=2020, end_year=2022)
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    first = InitiativeFactory(plan=plan, number=1, start_year=2020, end_year=2020)
    InitiativeFactory(plan=plan, number=2, start_year=2021, end_year=2021, status=S.IN_PROGRESS)
    third = InitiativeFactory(
        plan=plan, number=3, start_year=2020, end_year=2022, status=S.IN_PROGRESS
    )
    InitiativeActor.objects.create(initiative=first, organisation=centre, role="owner")
    InitiativeActor.objects.create(initiative=third, organisation=centre, role="participant")
    plan.centre = centre
    return plan


@pytest.fixture
def staff_client(client_for, staff_user):
    return client_for(staff_user)


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_overview_export_without_filter_holds_every_initiative(name, plan, staff_client):
    assert NUMBERS[name](staff_client.get(url(name, plan))) == [1, 2, 3]


@pytest.mark.parametrize("name", sorted(NUMBERS))
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": S.IN_PROGRESS}, [2, 3]),
        ({"year": 2022}, [3]),
        ({"status": S.IN_PROGRESS, "year": 2021}, [2, 3]),
        ({"status": S.PLANNED, "year": 2021}, []),
    ],
)
def test_overview_export_holds_only_the_filtered_initiatives(
    name, query, expected, plan, staff_client
):
    assert NUMBERS[name](staff_client.get(url(name, plan, **query))) == expected


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_overview_export_filters_by_actor_as_the_page_does(name, plan, staff_client):
    actor = f"org-{plan.centre.pk}"
    page = staff_client.get(url("overview", plan, actor=actor))
    exported = NUMBERS[name](staff_client.get(url(name, plan, actor=actor)))
    assert exported == [i.number for i in page.context["object_list"]] == [1, 3]


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_overview_export_with_a_malformed_filter_holds_nothing_like_the_page(
    name, plan, staff_client
):
    assert NUMBERS[name](staff_client.get(url(name, plan, status="bogus"))) == []


def test_overview_export_is_not_paged(plan, staff_client):
    assert csv_numbers(staff_client.get(url("overview-csv", plan, page=2))) == [1, 2, 3]


def test_overview_export_names_its_file_after_the_plan(plan, staff_client):
    response = staff_client.get(url("overview-xlsx", plan, status=S.PLANNED))
    assert response["Content-Disposition"] == (
        'attachment; filename="rodovre-2020-2022-overview.xlsx"'
    )


def test_overview_links_its_exports_with_the_current_filter(plan, staff_client):
    html = staff_client.get(url("overview", plan, status=S.IN_PROGRESS, year=2021, page=1)).text
    for name in NUMBERS:
        expected = url(name, plan, status=S.IN_PROGRESS, year=2021).replace("&", "&amp;")
        assert f'href="{expected}"' in html


def test_overview_without_filter_links_its_exports_without_a_query(plan, staff_client):
    html = staff_client.get(url("overview", plan)).text
    assert f'href="{url("overview-csv", plan)}"' in html


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_overview_export_query_count_does_not_grow_with_initiatives(
    name, count, staff_client, django_assert_num_queries
):
    plan = make_full_plan(count)
    # session, user, plan, year range, actor choices, initiatives, their goals, actors,
    # milestones, related initiatives, progress notes
    with django_assert_num_queries(11):
        response = staff_client.get(url(name, plan, status=S.PLANNED, year=2020))
    assert len(NUMBERS[name](response)) == count
