"""In the browser: the error summary takes the focus and leads to each field; the status form
starts at the current status; a coordinator of an actor unit reports progress; the plan's
history tells the whole story and filters it. Every page is checked with axe and the Nu HTML
Checker; screenshots of a form with errors and of the history go to /tmp for a person to see."""

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import InitiativeActor, ProgressNote
from organisations.models import Membership
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    StrategicGoalFactory,
    UnitFactory,
    UserFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.browser

SCREENSHOTS = "/tmp"  # noqa: S108  (for a person to look at, not read back)


@pytest.fixture
def unit(db):
    return UnitFactory(name="Plejecenter Broparken")


@pytest.fixture
def initiative(db, unit):
    plan = ActionPlanFactory(slug="rodovre", title="Handleplan 2020-2022")
    goal = StrategicGoalFactory(plan=plan, number=1, title="Gode rammer for frivillighed")
    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    initiative.goals.set([goal])
    InitiativeActor.objects.create(initiative=initiative, organisation=unit, role="owner")
    return initiative


def kwargs_of(initiative):
    return {"slug": initiative.plan.slug, "number": initiative.number}


def focused(page):
    return page.evaluate(
        "() => document.activeElement.id || document.activeElement.className || ''"
    )


def test_the_summary_takes_the_focus_and_each_link_its_field(
    initiative, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    url = reverse("initiatives:initiative-update", kwargs=kwargs_of(initiative))
    page.goto(live_server.url + "/en" + url)
    page.locator("#id_title").fill("")
    page.locator("#id_end_year").fill("2019")
    page.locator("#id_milestones-0-title").fill("Temamøde")  # a milestone without its date
    page.locator("#id_title").evaluate("input => input.removeAttribute('required')")
    page.locator("#id_milestones-0-date").evaluate("input => input.removeAttribute('required')")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement")
    links = summary.locator("a")
    assert links.count() == 3
    page.screenshot(path=f"{SCREENSHOTS}/form-with-errors.png", full_page=False)
    check_page(page)

    summary.locator("a[href='#id_milestones-0-date']").click()
    assert focused(page) == "id_milestones-0-date"
    label = page.locator("label[for='id_milestones-0-date']")
    assert label.evaluate("label => label.getBoundingClientRect().top >= 0")
    page.keyboard.press("Shift+Tab")  # back to the summary is one step for a keyboard user
    page.locator("[data-error-summary] a[href='#id_title']").click()
    assert focused(page) == "id_title"


def test_the_status_form_starts_at_the_current_status(
    initiative, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    page.goto(live_server.url + "/en" + initiative.get_absolute_url())
    select = page.locator("#id_status")
    assert select.input_value() == "planned"
    assert select.locator("option:checked").inner_text() == "Planned (current)"
    status_url = reverse("initiatives:initiative-status", kwargs=kwargs_of(initiative))
    page.locator(f"form[action$='{status_url}'] button").click()  # one click, no choice
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.locator("[data-error-summary]").inner_text().count("Choose a new status.") == 1
    check_page(page)
    initiative.refresh_from_db()
    assert initiative.status == "planned"


def test_a_coordinator_of_an_actor_unit_reports_progress(
    initiative, unit, live_server, page, login_as, check_page
):
    coordinator = UserFactory(role=User.Role.COORDINATOR)
    Membership.objects.create(user=coordinator, organisation=unit, capacity="coordinator")
    login_as(coordinator)
    page.goto(live_server.url + initiative.get_absolute_url())
    check_page(page)
    assert page.locator("#id_status").count() == 0  # reports, does not edit
    note_url = reverse("initiatives:progress-note-create", kwargs=kwargs_of(initiative))
    page.locator(f"a[href='{note_url}']").click()
    page.wait_for_url(f"**{note_url}")
    check_page(page)
    page.locator("#id_text").fill("Ti besøgsvenner er i gang.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert page.get_by_text("Ti besøgsvenner er i gang.").count() == 1
    assert ProgressNote.objects.get().author == coordinator


def test_the_plan_history_tells_the_whole_story_and_filters_it(
    initiative, staff_user, live_server, page, login_as, check_page
):
    other = InitiativeFactory(plan=initiative.plan, number=2, title="Besøgsvenner på plejecentre")
    initiative.title = "Flere med i foreningslivet"
    services.initiative_save(
        initiative=initiative, version=initiative.version, by=staff_user, goals=[], related=[]
    )
    services.initiative_set_status(
        initiative=initiative, status="in_progress", by=staff_user, comment="Vi er i gang."
    )
    services.progress_note_add(
        initiative=initiative, text="Temamødet samlede 14 foreninger.", by=staff_user
    )
    services.initiative_set_status(initiative=other, status="postponed", by=staff_user)
    login_as(staff_user)
    for prefix in ("", "/en"):
        page.goto(live_server.url + prefix + reverse("initiatives:plan-history", args=["rodovre"]))
        check_page(page)
    assert page.get_by_text("Status changed from Planned to In progress").count() == 1
    assert page.get_by_text("Progress note added").count() == 1
    page.screenshot(path=f"{SCREENSHOTS}/plan-history.png", full_page=True)

    page.locator("#id_kind").select_option("status")
    page.locator("#id_initiative").select_option(str(other.pk))
    page.locator("main form[method=get] button").click()
    page.wait_for_url("**kind=status**")
    check_page(page)
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Status changed from Planned to Postponed" in rows.inner_text()


def test_the_login_page_lists_its_error_and_focuses_it(live_server, page, volunteer, check_page):
    page.goto(live_server.url + "/en" + reverse("account_login"))
    page.locator("#id_login").fill(volunteer.email)
    page.locator("#id_password").fill("forkert-kodeord")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert page.locator("[data-error-summary]").evaluate("e => e === document.activeElement")
    check_page(page)
