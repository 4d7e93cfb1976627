"""A staff member edits an initiative, changes its status and adds a progress note, in the
browser. Every page is checked with axe and the Nu HTML Checker."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import ActionPlanFactory, InitiativeFactory, StrategicGoalFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def initiative(db):
    plan = ActionPlanFactory(slug="rodovre", start_year=2020, end_year=2022)
    goal = StrategicGoalFactory(plan=plan, number=2, title="Synlighed og netværk")
    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    initiative.goals.set([goal])
    return initiative


def test_staff_edit_an_initiative_and_add_a_progress_note(
    initiative, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    page.goto(live_server.url + initiative.get_absolute_url())
    check_page(page)

    page.locator(f"a[href='{reverse('initiatives:initiative-update', kwargs=kwargs)}']").click()
    page.wait_for_url("**/edit/")
    check_page(page)
    page.locator("#id_title").fill("Flere med i foreningslivet")
    page.locator("#id_actors-0-name").fill("Lokale foreninger")
    page.locator("#id_milestones-0-date").fill("2020-05-12")
    page.locator("#id_milestones-0-title").fill("Temamøde")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "1. Flere med i foreningslivet"
    assert page.get_by_role("cell", name="Lokale foreninger").count() == 1
    assert page.get_by_role("cell", name="Temamøde").count() == 1
    check_page(page)

    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_comment").fill("Vi er gået i gang.")
    page.locator(
        f"form[action='{reverse('initiatives:initiative-status', kwargs=kwargs)}'] button"
    ).click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert page.get_by_text("Vi er gået i gang.").count() == 1
    check_page(page)

    page.locator(f"a[href='{reverse('initiatives:progress-note-create', kwargs=kwargs)}']").click()
    page.wait_for_url("**/notes/new/")
    check_page(page)
    page.locator("#id_text").fill("Temamødet samlede 14 foreninger.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert page.get_by_text("Temamødet samlede 14 foreninger.").count() == 1
    check_page(page)

    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS
    assert initiative.title == "Flere med i foreningslivet"

    page.locator(f"a[href='{reverse('initiatives:initiative-history', kwargs=kwargs)}']").click()
    page.wait_for_url("**/history/")
    check_page(page)
