"""Reading plans and initiatives: who sees drafts, and what the pages show."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from initiatives.models import ActionPlan, Initiative, InitiativeActor, Milestone, ProgressNote
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [None, "volunteer", "staff", "coordinator", "admin"]
MUNICIPAL = {"staff", "coordinator", "admin"}


def caller(role, users_by_role, client_for):
    return client_for(users_by_role[role] if role else None)


@pytest.fixture
def draft():
    plan = ActionPlanFactory(title="Kladdeplan", status=ActionPlan.Status.DRAFT)
    InitiativeFactory(plan=plan, number=1, title="Hemmelig indsats")
    return plan


@pytest.fixture
def published():
    plan = ActionPlanFactory(title="Offentlig plan")
    goal = StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    initiative.goals.set([goal])
    return plan


@pytest.mark.parametrize("role", ROLES)
def test_plan_list_shows_drafts_only_to_municipal_users(
    role, users_by_role, client_for, draft, published
):
    response = caller(role, users_by_role, client_for).get(reverse("initiatives:plan-list"))
    assert response.status_code == 200
    assert "Offentlig plan" in response.text
    assert ("Kladdeplan" in response.text) == (role in MUNICIPAL)


@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_is_404_for_visitors_and_volunteers(role, users_by_role, client_for, draft):
    client = caller(role, users_by_role, client_for)
    expected = 200 if role in MUNICIPAL else 404
    assert client.get(draft.get_absolute_url()).status_code == expected
    initiative = draft.initiatives.get()
    assert client.get(initiative.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_published_plan_is_readable_by_everyone(role, users_by_role, client_for, published):
    client = caller(role, users_by_role, client_for)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Gode rammer" in response.text
    # The goal names the initiative that serves it by its number, linked to it on the page.
    goals = response.text[response.text.index('id="goals-heading"') :]
    assert '<a href="#initiative-1">1</a>' in goals
    # The initiative is listed once before its content, a closed <details>.
    assert response.text.count('href="#initiative-1"') == 2  # contents and goal
    assert "<details" in response.text and " open>" not in response.text
    can_edit = role in ("staff", "admin")
    edit_url = reverse("initiatives:plan-update", kwargs={"slug": published.slug})
    assert (edit_url in response.text) == can_edit


def test_plan_page_expand_all_opens_every_initiative_without_javascript(client, published):
    InitiativeFactory(plan=published, number=2)
    response = client.get(published.get_absolute_url(), {"expand": "all"})
    assert response.text.count("<details") == 2
    assert response.text.count(" open>") == 2
    assert "?expand=all#initiatives" in response.text


def _plan_with(n):
    plan = ActionPlanFactory()
    goals = [StrategicGoalFactory(plan=plan, number=i) for i in (1, 2)]
    organisation = OrganisationFactory()
    for number in range(1, n + 1):
        initiative = InitiativeFactory(plan=plan, number=number)
        initiative.goals.set(goals)
        InitiativeActor.objects.create(initiative=initiative, organisation=organisation)
        InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
        Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 1, 1), title="M")
        for progress in (20, 40):
            ProgressNote.objects.create(
                initiative=initiative, date=datetime.date(2021, 2, 1), progress=progress
            )
    return plan


# Plan, goals, initiatives (their current progress and last note in subqueries), their goals,
# their actors, their milestones, the plan that continues it (asked as the plan has ended) and
# the plan's documents; logged in: session and user too (permissions come from rules and cost
# no query). With an empty cache, 7 more: the versions and the fragment read, and the fragment
# stored (savepoint, count for culling, look-up, insert, release). Cached: the plan, the cache's
# two reads and the plan that continues it (and the session and user). A visitor's whole page
# (volunteer_portal.page_cache) costs 7 more with an empty cache (its versions and page read,
# the page stored) and then only those two reads.
PLAN_PAGE_QUERIES = {None: 8 + 7 + 7, "staff": 11 + 7}
CACHED_PLAN_PAGE_QUERIES = {None: 2, "staff": 7}
PLAN_LIST_QUERIES = {None: 2 + 7, "staff": 5}


@pytest.mark.parametrize("n", [1, 10])
@pytest.mark.parametrize("role", [None, "staff"])
def test_plan_page_queries_do_not_grow_with_initiatives(
    role, n, users_by_role, client_for, django_assert_num_queries
):
    client = caller(role, users_by_role, client_for)
    plan = _plan_with(n)
    with django_assert_num_queries(PLAN_PAGE_QUERIES[role]):
        response = client.get(plan.get_absolute_url())
    assert response.text.count("<details") == n
    with django_assert_num_queries(CACHED_PLAN_PAGE_QUERIES[role]):
        cached = client.get(plan.get_absolute_url())
    assert cached.text.count("<details") == n


@pytest.mark.parametrize("n", [1, 10])
@pytest.mark.parametrize("role", [None, "staff"])
def test_plan_list_queries_do_not_grow_with_plans_or_initiatives(
    role, n, users_by_role, client_for, django_assert_num_queries
):
    client = caller(role, users_by_role, client_for)
    for _ in range(n):
        _plan_with(n)
    with django_assert_num_queries(PLAN_LIST_QUERIES[role]):
        response = client.get(reverse("initiatives:plan-list"))
    assert response.text.count("<tr>") == n + 1


def test_plan_page_survives_an_initiative_linked_to_another_plans_goal(client, published):
    # The admin once offered every plan's goals; such a link must not break the public page.
    foreign_goal = StrategicGoalFactory(title="Fremmed mål")
    published.initiatives.get().goals.add(foreign_goal)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Gode rammer" in response.text


def _admin_form(portal_admin, initiative=None):
    request = RequestFactory().get("/")
    request.user = portal_admin
    return admin.site._registry[Initiative].get_form(request, initiative)


def test_admin_offers_only_the_initiatives_own_goals_and_initiatives(portal_admin, published):
    initiative = published.initiatives.get()
    sibling = InitiativeFactory(plan=published, number=2)
    foreign_goal = StrategicGoalFactory(title="Fremmed mål")
    InitiativeFactory(title="Fremmed indsats")
    form = _admin_form(portal_admin, initiative)(instance=initiative)
    assert list(form.fields["goals"].queryset) == list(published.goals.all())
    assert list(form.fields["related"].queryset) == [sibling]
    rendered = str(form["goals"]) + str(form["related"])
    assert "Fremmed mål" not in rendered and "Fremmed indsats" not in rendered
    assert foreign_goal.title not in rendered


def test_admin_refuses_a_goal_of_another_plan_for_a_new_initiative(portal_admin, published):
    foreign_goal = StrategicGoalFactory(title="Fremmed mål")
    data = {
        "plan": published.pk,
        "number": 5,
        "title": "Ny",
        "start_year": 2020,
        "end_year": 2021,
        "goals": [foreign_goal.pk],
    }
    form = _admin_form(portal_admin)(data)
    assert not form.is_valid()
    assert "goals" in form.errors


@pytest.mark.parametrize(
    ("title", "shown"),
    [("Handleplan", "Handleplan 2023-2025"), ("Handleplan 2023–2025", "Handleplan 2023–2025")],
)
def test_plan_name_says_its_years_once(title, shown):
    plan = ActionPlanFactory(title=title, start_year=2023, end_year=2025)
    assert str(plan) == shown
