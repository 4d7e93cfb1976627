"""A visitor reads the published plan, expands and collapses every initiative by keyboard
(with and without JavaScript) and opens one initiative. Every page is checked with axe and
the Nu HTML Checker."""

import pytest

from initiatives.models import InitiativeActor
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(title="Handleplan for frivilligt socialt arbejde", slug="rodovre")
    goal = StrategicGoalFactory(plan=plan, number=1, title="Synlighed og netværk")
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    for number in (1, 2, 3):
        initiative = InitiativeFactory(plan=plan, number=number, title=f"Indsats nummer {number}")
        initiative.goals.set([goal])
        InitiativeActor.objects.create(initiative=initiative, organisation=centre, role="owner")
    plan.initiatives.get(number=3).related.set([plan.initiatives.get(number=1)])
    return plan


def open_count(page):
    return page.locator("#initiative-list details[open]").count()


def test_visitor_reads_the_plan_and_expands_all_by_keyboard(plan, live_server, page, check_page):
    page.goto(live_server.url + "/")
    page.locator("nav.main-nav").get_by_role("link", name="Handleplaner").click()
    assert page.locator("h1").inner_text() == "Handleplaner"
    check_page(page)

    page.get_by_role("link", name=plan.title).click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    check_page(page)
    assert page.locator("#initiative-list details").count() == 3
    assert open_count(page) == 0

    expand = page.locator("[data-details-toggle=expand]")
    expand.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelectorAll('#initiative-list details[open]').length === 3"
    )
    assert "expand=all" in page.url  # enhanced in place: same page, address updated
    assert page.locator("[data-details-status]").inner_text() != ""
    check_page(page)

    page.locator("[data-details-toggle=collapse]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelectorAll('#initiative-list details[open]').length === 0"
    )
    assert "expand=all" not in page.url  # a reload or a shared link stays collapsed

    # The list of contents opens the initiative it jumps to.
    page.locator("a[href='#initiative-2']").first.click()
    page.wait_for_function("document.getElementById('initiative-2').open")
    page.locator("#initiative-2 summary").click()  # close it again

    # One initiative opened from its <summary> by keyboard.
    page.locator("#initiative-2 summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("#initiative-2").get_attribute("open") is not None
    check_page(page)

    third = plan.initiatives.get(number=3).get_absolute_url()
    page.locator("#initiative-3 summary").click()
    page.locator(f"#initiative-3 a[href='{third}']").click()
    page.wait_for_url(f"**{third}")
    assert page.locator("h1").inner_text() == "3. Indsats nummer 3"
    assert page.get_by_role("link", name="1. Indsats nummer 1").count() == 1
    check_page(page)


def test_expand_all_works_without_javascript(plan, live_server, browser, page, check_page):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    no_js = context.new_page()
    visited = []
    try:
        no_js.goto(live_server.url + plan.get_absolute_url())
        assert open_count(no_js) == 0
        no_js.locator("[data-details-toggle=expand]").focus()
        no_js.keyboard.press("Enter")
        no_js.wait_for_url("**expand=all**")
        assert open_count(no_js) == 3
        visited.append(no_js.url)
        no_js.locator("[data-details-toggle=collapse]").focus()
        no_js.keyboard.press("Enter")
        no_js.wait_for_url(lambda url: "expand=all" not in url)
        assert open_count(no_js) == 0
        visited.append(no_js.url)
    finally:
        context.close()
    # axe needs JavaScript: check the very same addresses in a normal page.
    for url in visited:
        page.goto(url)
        check_page(page)
