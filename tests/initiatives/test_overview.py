"""The staff overview of a plan: who may open it, what the filters find, the count by
status, paging, and a fixed number of queries."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, InitiativeActor
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)
from tests.initiatives.reporting import make_full_plan

pytestmark = pytest.mark.django_db

S = Initiative.Status
MUNICIPAL_ROLES = ["staff", "coordinator", "admin"]


def overview_url(plan, **query):
    url = reverse("initiatives:overview", kwargs={"slug": plan.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def numbers(response):
    return [initiative.number for initiative in response.context["object_list"]]


@pytest.fixture
def plan(db):
    """A published plan with initiatives that differ in status, goal, actor and years."""
    plan = ActionPlanFactory(slug="rodovre-2020-2022", start_year=2020, end_year=2022)
    goal_1 = StrategicGoalFactory(plan=plan, number=1)
    goal_2 = StrategicGoalFactory(plan=plan, number=2)
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    first = InitiativeFactory(plan=plan, number=1, start_year=2020, end_year=2020)
    second = InitiativeFactory(
        plan=plan, number=2, start_year=2021, end_year=2021, status=S.IN_PROGRESS
    )
    third = InitiativeFactory(
        plan=plan, number=3, start_year=2020, end_year=2022, status=S.COMPLETED
    )
    first.goals.set([goal_2])
    second.goals.set([goal_2])
    third.goals.set([goal_1])
    InitiativeActor.objects.create(initiative=first, organisation=centre, role="owner")
    # The same organisation twice in one initiative must still list it once.
    InitiativeActor.objects.create(initiative=third, organisation=centre, role="owner")
    InitiativeActor.objects.create(initiative=third, organisation=centre, role="participant")
    InitiativeActor.objects.create(initiative=second, name="Borgere og lokale foreninger")
    plan.goal_1, plan.goal_2, plan.centre = goal_1, goal_2, centre
    return plan


# Who may open it


def test_overview_sends_anonymous_visitors_to_log_in(plan, client):
    response = client.get(overview_url(plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_overview_is_forbidden_to_volunteers(plan, client_for, volunteer):
    assert client_for(volunteer).get(overview_url(plan)).status_code == 403


def test_overview_is_forbidden_to_volunteers_even_for_a_draft(client_for, volunteer):
    draft = ActionPlanFactory(status="draft")
    # 403 before the plan is looked at: the overview as a whole is for municipal users.
    assert client_for(volunteer).get(overview_url(draft)).status_code == 403


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
@pytest.mark.parametrize("status", ["published", "draft"])
def test_overview_opens_for_municipal_users_published_or_draft(
    role, status, users_by_role, client_for
):
    plan = ActionPlanFactory(status=status)
    InitiativeFactory(plan=plan)
    response = client_for(users_by_role[role]).get(overview_url(plan))
    assert response.status_code == 200
    assert response.context["plan"] == plan
    assert response.content.decode().count("<h1") == 1


def test_overview_of_an_unknown_plan_is_404(client_for, staff_user):
    response = client_for(staff_user).get(
        reverse("initiatives:overview", kwargs={"slug": "no-such-plan"})
    )
    assert response.status_code == 404


def test_overview_index_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("initiatives:overview-index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_overview_index_is_forbidden_to_volunteers(client_for, volunteer):
    assert client_for(volunteer).get(reverse("initiatives:overview-index")).status_code == 403


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_overview_index_lists_plans_newest_first_with_drafts(role, users_by_role, client_for):
    old = ActionPlanFactory(title="Gammel plan", start_year=2017, end_year=2019)
    new = ActionPlanFactory(title="Ny plan", start_year=2023, end_year=2025, status="draft")
    InitiativeFactory.create_batch(2, plan=new)
    response = client_for(users_by_role[role]).get(reverse("initiatives:overview-index"))
    assert response.status_code == 200
    plans = list(response.context["plans"])
    assert plans == [new, old]
    assert plans[0].initiative_count == 2
    assert reverse("initiatives:overview", kwargs={"slug": new.slug}) in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_overview_index_query_count_does_not_grow_with_plans(
    count, client_for, staff_user, django_assert_num_queries
):
    for _ in range(count):
        make_full_plan(2)
    client = client_for(staff_user)
    with django_assert_num_queries(4):  # session, user, memberships, plans with counts
        response = client.get(reverse("initiatives:overview-index"))
    assert len(response.context["plans"]) == count


def test_overview_index_without_plans_says_so(client_for, staff_user):
    response = client_for(staff_user).get("/en" + reverse("initiatives:overview-index"))
    assert response.status_code == 200
    assert "There are no action plans yet." in response.content.decode()


def test_menu_shows_the_overview_to_municipal_users_only(users_by_role, client_for):
    index = reverse("initiatives:overview-index")
    for role, user in users_by_role.items():
        page = client_for(user).get(reverse("home")).content.decode()
        assert (f'href="{index}"' in page) == (role in ("staff", "coordinator", "admin")), role


# Filters


def test_overview_without_filter_lists_every_initiative_of_the_plan(plan, client_for, staff_user):
    InitiativeFactory(plan=ActionPlanFactory(), number=9)  # another plan's
    assert numbers(client_for(staff_user).get(overview_url(plan))) == [1, 2, 3]


def test_overview_filters_by_status(plan, client_for, staff_user):
    response = client_for(staff_user).get(overview_url(plan, status="in_progress"))
    assert numbers(response) == [2]


def test_overview_filters_by_goal(plan, client_for, staff_user):
    response = client_for(staff_user).get(overview_url(plan, goal=plan.goal_2.pk))
    assert numbers(response) == [1, 2]


def test_overview_does_not_offer_or_accept_another_plans_goal(plan, client_for, staff_user):
    foreign_goal = StrategicGoalFactory(plan=ActionPlanFactory())
    response = client_for(staff_user).get(overview_url(plan, goal=foreign_goal.pk))
    goal_field = response.context["filter"].form.fields["goal"]
    assert foreign_goal not in goal_field.queryset
    assert numbers(response) == []


def test_overview_filters_by_organisation_actor_listing_each_initiative_once(
    plan, client_for, staff_user
):
    response = client_for(staff_user).get(overview_url(plan, actor=f"org-{plan.centre.pk}"))
    assert numbers(response) == [1, 3]
    assert response.context["page_obj"].paginator.count == 2


def test_overview_filters_by_free_text_actor(plan, client_for, staff_user):
    response = client_for(staff_user).get(
        overview_url(plan, actor="name-Borgere og lokale foreninger")
    )
    assert numbers(response) == [2]


def test_overview_offers_the_plans_actors_only(plan, client_for, staff_user):
    elsewhere = InitiativeFactory(plan=ActionPlanFactory())
    InitiativeActor.objects.create(initiative=elsewhere, name="Fremmed aktør")
    response = client_for(staff_user).get(overview_url(plan))
    choices = dict(response.context["filter"].form.fields["actor"].choices)
    assert choices[f"org-{plan.centre.pk}"] == "Rødovre Frivilligcenter"
    assert choices["name-Borgere og lokale foreninger"] == "Borgere og lokale foreninger"
    assert "name-Fremmed aktør" not in choices


def test_overview_with_an_unknown_actor_finds_nothing(plan, client_for, staff_user):
    response = client_for(staff_user).get(overview_url(plan, actor="org-999999"))
    assert numbers(response) == []


@pytest.mark.parametrize(("year", "expected"), [(2020, [1, 3]), (2021, [2, 3]), (2022, [3])])
def test_overview_filters_by_year_the_initiative_runs_in(
    year, expected, plan, client_for, staff_user
):
    assert numbers(client_for(staff_user).get(overview_url(plan, year=year))) == expected


def test_overview_combines_filters(plan, client_for, staff_user):
    response = client_for(staff_user).get(
        overview_url(plan, year=2020, actor=f"org-{plan.centre.pk}", status="completed")
    )
    assert numbers(response) == [3]


# Count by status, timeline, paging


def test_overview_counts_initiatives_by_status(plan, client_for, staff_user):
    response = client_for(staff_user).get(overview_url(plan))
    counts = {row.status: row.count for row in response.context["status_counts"]}
    assert counts == {
        "planned": 1,
        "in_progress": 1,
        "completed": 1,
        "postponed": 0,
        "cancelled": 0,
    }
    assert response.context["total"] == 3
    percent = {row.status: row.percent for row in response.context["status_counts"]}
    assert percent["planned"] == 33
    assert "pct-33" in response.content.decode()  # the bar beside the table


def test_overview_count_by_status_follows_the_filter(plan, client_for, staff_user):
    response = client_for(staff_user).get(overview_url(plan, year=2020))
    counts = {row.status: row.count for row in response.context["status_counts"]}
    assert counts["planned"] == 1
    assert counts["completed"] == 1
    assert counts["in_progress"] == 0
    assert response.context["total"] == 2


def test_overview_draws_the_timeline_with_classes_and_a_table(plan, client_for, staff_user):
    response = client_for(staff_user).get("/en" + overview_url(plan))
    timeline = response.context["timeline"]
    assert timeline.years == [2020, 2021, 2022]
    bars = {row.initiative.number: (row.start_column, row.length) for row in timeline.rows}
    assert bars == {1: (1, 1), 2: (2, 1), 3: (1, 3)}
    html = response.content.decode()
    assert "tl-start-2 tl-len-1" in html
    assert "tl-start-1 tl-len-3" in html
    assert 'style="' not in html
    assert html.count('<td class="tl-runs">Runs</td>') == 5


def test_overview_timeline_widens_to_initiatives_outside_the_plan_period(
    plan, client_for, staff_user
):
    InitiativeFactory(plan=plan, number=4, start_year=2022, end_year=2023)
    response = client_for(staff_user).get(overview_url(plan))
    assert response.context["timeline"].years == [2020, 2021, 2022, 2023]
    years = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    assert 2023 in years


def test_overview_keeps_the_plans_years_beside_an_initiative_from_long_ago(
    plan, client_for, staff_user
):
    InitiativeFactory(plan=plan, number=4, start_year=1950, end_year=2021)
    response = client_for(staff_user).get(overview_url(plan))
    assert response.context["timeline"].years[-3:] == [2020, 2021, 2022]
    years = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    assert {2020, 2021, 2022} <= set(years)


def test_overview_pages_the_initiatives(client_for, staff_user):
    plan = ActionPlanFactory()
    for number in range(1, 26):
        InitiativeFactory(plan=plan, number=number)
    client = client_for(staff_user)
    first = client.get(overview_url(plan))
    assert len(first.context["object_list"]) == 20
    assert first.context["total"] == 25  # the count covers every page
    second = client.get(overview_url(plan, page=2))
    assert numbers(second) == [21, 22, 23, 24, 25]
    assert "?page=2" in first.content.decode()


def test_overview_paging_keeps_the_filter(client_for, staff_user):
    plan = ActionPlanFactory()
    for number in range(1, 26):
        InitiativeFactory(plan=plan, number=number)
    response = client_for(staff_user).get(overview_url(plan, status="planned"))
    assert "?status=planned&amp;page=2" in response.content.decode()


def test_overview_links_the_exports_and_the_feed(plan, client_for, staff_user):
    html = client_for(staff_user).get(overview_url(plan)).content.decode()
    for name in ("plan-print", "plan-csv", "plan-json", "plan-calendar", "plan-feed"):
        assert reverse(f"initiatives:{name}", kwargs={"slug": plan.slug}) in html, name
    assert 'rel="alternate" type="application/atom+xml"' in html


@pytest.mark.parametrize("count", [1, 10])
def test_overview_query_count_does_not_grow_with_initiatives(
    count, client_for, staff_user, django_assert_num_queries
):
    plan = make_full_plan(count)
    client = client_for(staff_user)
    # session, user, plan, year range, goal choices,
    # actor choices, paginator count, count by status, page of initiatives, their goals,
    # their actors (with organisations)
    with django_assert_num_queries(12):
        response = client.get(overview_url(plan))
    assert len(response.context["object_list"]) == count


def test_overview_of_a_plan_without_initiatives_shows_zero_counts(client_for, staff_user):
    plan = ActionPlanFactory()
    response = client_for(staff_user).get("/en" + overview_url(plan))
    assert response.status_code == 200
    assert response.context["total"] == 0
    assert response.context["timeline"].years == [2020, 2021, 2022]
    assert "No initiatives match the filter." in response.content.decode()


def test_overview_with_a_malformed_filter_shows_nothing_rather_than_failing(
    plan, client_for, staff_user
):
    response = client_for(staff_user).get(overview_url(plan, year="abc", status="nonsense"))
    assert response.status_code == 200
    assert numbers(response) == []
    assert response.context["filter"].form.errors


def test_menu_marks_only_the_overview_as_current_on_its_page(client_for, staff_user):
    html = client_for(staff_user).get(reverse("initiatives:overview-index")).content.decode()
    assert html.count('aria-current="page"') == 1
    index = reverse("initiatives:overview-index")
    assert f'href="{index}" aria-current="page"' in html
