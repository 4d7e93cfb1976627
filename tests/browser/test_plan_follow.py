"""A visitor finds the page on how to follow the plan from the plan itself, in Danish and in
English; staff download the overview's export of what they filtered. Every page visited is
checked with axe and the Nu HTML Checker."""

import pytest
from django.urls import reverse

from tests.initiatives.reporting import make_full_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(db, staff_user):
    return make_full_plan(3, author=staff_user, title="Handleplan Rødovre", slug="rodovre")


@pytest.mark.parametrize(("prefix", "language"), [("", "da"), ("/en", "en")])
def test_visitor_opens_the_follow_page_from_the_plan(
    prefix, language, plan, live_server, page, check_page
):
    page.goto(live_server.url + prefix + plan.get_absolute_url())
    page.locator(".plan-exports a").first.click()
    page.wait_for_url("**/follow/")
    assert page.locator("h1").count() == 1
    check_page(page)
    calendar = reverse("initiatives:plan-calendar", kwargs={"slug": plan.slug})
    subscribe = page.locator("a[href^='webcal://']")
    assert subscribe.get_attribute("href").endswith(calendar)
    assert page.locator("#calendar-url").input_value().startswith("http")
    assert page.locator("#feed-url").input_value().endswith("/feed.atom")
    assert page.locator("html").get_attribute("lang") == language


def test_staff_download_the_filtered_overview_as_xlsx(
    plan, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    overview = reverse("initiatives:overview", kwargs={"slug": plan.slug})
    page.goto(f"{live_server.url}/en{overview}?year=2020")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="matching the filter as a spreadsheet (XLSX)").click()
    assert download.value.suggested_filename == "rodovre-overview.xlsx"
