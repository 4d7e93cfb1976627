"""A visitor sees where a published plan stands: the figures at a glance, one list of the
initiatives reached in a few tab stops, overdue milestones and that the plan has ended.
Every page is checked with axe and the Nu HTML Checker; screenshots go to /tmp."""

import datetime

import pytest
from django.utils import timezone

from initiatives.models import ActionPlan, InitiativeActor, Milestone, ProgressNote
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.browser

# From the top of the page: skip link, site name, language, log in, the main menu (home,
# plans, organisations), the breadcrumb, then the first initiative (the plan's ended notice
# links its successor too). A handful, whatever the number of initiatives and goals.
MAX_TAB_STOPS = 12


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(
        title="Handleplan for frivilligt socialt arbejde",
        slug="rodovre",
        start_year=2020,
        end_year=2022,
        published_at=timezone.make_aware(datetime.datetime(2020, 3, 3, 10)),
    )
    goals = [
        StrategicGoalFactory(plan=plan, number=n, title=title)
        for n, title in enumerate(["Synlighed og netværk", "Flere frivillige", "Nye former"], 1)
    ]
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    statuses = ["completed", "completed", "in_progress", "in_progress", "planned", "postponed"]
    for number, status in enumerate([*statuses, "cancelled"], start=1):
        initiative = InitiativeFactory(
            plan=plan,
            number=number,
            title=f"Indsats nummer {number} om fællesskab i Rødovre",
            status=status,
        )
        initiative.goals.set(goals[: 1 + number % 3])
        InitiativeActor.objects.create(initiative=initiative, organisation=centre, role="owner")
    first, third = plan.initiatives.get(number=1), plan.initiatives.get(number=3)
    ProgressNote.objects.create(initiative=first, date=datetime.date(2021, 5, 1), progress=100)
    ProgressNote.objects.create(
        initiative=third, date=datetime.date(2021, 5, 1), progress=40, text="Godt i gang."
    )
    Milestone.objects.create(initiative=third, date=datetime.date(2021, 3, 1), title="Åbning")
    Milestone.objects.create(
        initiative=third, date=datetime.date(2020, 9, 1), title="Arbejdsgruppe", is_reached=True
    )
    ActionPlanFactory(
        title="Handleplan 2023-2025",
        slug="rodovre-2023",
        start_year=2023,
        end_year=2025,
        previous_plan=plan,
    )
    ActionPlanFactory(
        title="Hemmelig kladde",
        start_year=2023,
        end_year=2025,
        previous_plan=plan,
        status=ActionPlan.Status.DRAFT,
    )
    return plan


def tab_stops_to(page, selector, limit=40):
    """How many presses of Tab from the top of the page reach ``selector``."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{selector} not reached in {limit} tab stops")


def test_visitor_sees_where_the_plan_stands(plan, live_server, page, check_page):
    page.goto(live_server.url + "/en" + plan.get_absolute_url().removeprefix("/en"))
    check_page(page)
    standing = page.locator(".plan-standing")
    assert "2 of 7 initiatives completed" in standing.inner_text()
    assert "Overall progress 70 %" in standing.inner_text()
    assert "1 milestone has passed its date without being reached." in standing.inner_text()
    ended = page.locator(".plan-ended")
    assert "This plan ran from 2020 to 2022 and has ended." in ended.inner_text()
    assert ended.get_by_role("link", name="Handleplan 2023-2025").count() == 1
    assert "Hemmelig kladde" not in page.content()
    assert "Published March 3, 2020" in page.locator(".plan-dates").inner_text()

    # One list of contents, reached in a handful of tab stops.
    contents = page.locator("nav.plan-contents a")
    assert contents.count() == 7
    first_link = "nav.plan-contents a[href='#initiative-1']"
    assert tab_stops_to(page, first_link) <= MAX_TAB_STOPS
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('initiative-1').open")

    # A goal names its initiatives by number, linking to them on the page.
    page.locator("#goals-heading ~ p a[href='#initiative-3']").first.click()
    page.wait_for_function("document.getElementById('initiative-3').open")
    overdue = page.locator("#initiative-3 tr.milestone-overdue")
    assert overdue.count() == 1 and "Overdue" in overdue.inner_text()
    check_page(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/plan-page-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/plan-page-phone.png", full_page=True)
    check_page(page)


def test_initiative_page_marks_the_overdue_milestone(plan, live_server, page, check_page):
    third = plan.initiatives.get(number=3)
    page.goto(live_server.url + "/en" + third.get_absolute_url().removeprefix("/en"))
    check_page(page)
    row = page.locator("tr", has_text="Åbning")
    assert "Overdue" in row.inner_text()
    assert "Overdue" not in page.locator("tr", has_text="Arbejdsgruppe").inner_text()
    assert "40 % done" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/initiative-page-phone.png", full_page=True)
