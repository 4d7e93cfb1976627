"""Staff open the overview of a plan from the menu, filter it and read the timeline; anyone
prints a published plan. Every page visited is checked with axe and the Nu HTML Checker."""

import pytest
from django.urls import reverse

from tests.initiatives.reporting import make_full_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(db, staff_user):
    return make_full_plan(4, author=staff_user, title="Handleplan Rødovre", slug="rodovre")


def test_staff_filter_the_overview_and_read_the_timeline(
    plan, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    page.goto(live_server.url + "/en/")  # English, so that the names below hold
    page.locator("nav.main-nav").get_by_role("link", name="Plan overview").click()
    assert page.locator("h1").inner_text() == "Plan overview"
    check_page(page)

    page.get_by_role("link", name="Handleplan Rødovre").click()
    page.wait_for_url(f"**/en{reverse('initiatives:overview', kwargs={'slug': plan.slug})}")
    check_page(page)
    assert page.locator("table.timeline-table tbody tr").count() == 4
    assert page.locator(".timeline-bar").count() == 4

    # The filter by year works without JavaScript: a plain GET form.
    page.get_by_label("Runs in year").select_option("2022")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**year=2022**")
    check_page(page)
    # The factory's initiatives run 2020-2021, so none runs in 2022.
    assert page.locator("table.timeline-table").count() == 0
    assert page.locator("table.status-count tfoot td").first.inner_text() == "0"


def test_anyone_prints_a_published_plan(plan, live_server, page, check_page):
    page.goto(live_server.url + reverse("initiatives:plan-print", kwargs={"slug": plan.slug}))
    assert page.locator("h1").count() == 1
    assert page.locator(".print-initiative").count() == 4
    check_page(page)
    # The print button appears once JavaScript runs; on paper only the plan is left.
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".plan-exports").is_visible()
    assert page.locator(".print-initiative").first.is_visible()
