"""Two staff members edit the same initiative or plan in two browsers. The second save meets
the conflict box, and saving again as it invites keeps both editors' changes. Screenshots of
the conflict pages go to /tmp/frivilligportalen-conflicts/ for a look by eye."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import html_errors
from tests.factories import make_initiative_with_rows, make_plan_with_goals

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp/frivilligportalen-conflicts")


@pytest.fixture
def plan(db):
    return make_plan_with_goals("rodovre")


@pytest.fixture
def initiative(plan):
    return make_initiative_with_rows(plan)


@pytest.fixture
def editors(browser, live_server, staff_user, portal_admin):
    """Two pages, each in a browser context of its own, logged in as two staff members."""
    contexts = []

    def page_for(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield page_for(staff_user), page_for(portal_admin)
    for context in contexts:
        context.close()


def open_edit_page(page, live_server, url):
    page.goto(live_server.url + url)
    page.wait_for_selector("main form")


def save(page):
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def check_conflict_page(page, check_page, vnu_url, name):
    """The conflict page as shown (a POST answer, so its DOM, not a fresh GET): accessible,
    valid, and captured for a look."""
    assert page.locator("#stored-heading").count() == 1
    check_page(page)
    errors = [f"{e.get('lastLine')}: {e['message']}" for e in html_errors(vnu_url, page.content())]
    assert errors == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def edit_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return reverse("initiatives:initiative-update", kwargs=kwargs)


def test_the_second_save_of_an_initiative_keeps_the_first_editors_title(
    initiative, editors, live_server, check_page, vnu_url
):
    first, second = editors
    open_edit_page(first, live_server, edit_url(initiative))
    open_edit_page(second, live_server, edit_url(initiative))

    first.locator("#id_title").fill("Flere med i foreningslivet")
    save(first)
    first.wait_for_url(f"**{initiative.get_absolute_url()}")

    second.locator("#id_description").fill("Foreningerne får hjælp til at tage imod nye.")
    second.locator("#id_milestones-1-title").fill("Evaluering med foreningerne")
    save(second)
    assert second.locator("#id_title").input_value() == "Flere med i foreningslivet"
    assert second.locator(".has-conflict").count() == 0
    check_conflict_page(second, check_page, vnu_url, "initiative-merged")

    save(second)  # as the box invites
    second.wait_for_url(f"**{initiative.get_absolute_url()}")
    initiative.refresh_from_db()
    assert initiative.title == "Flere med i foreningslivet"
    assert initiative.description == "Foreningerne får hjælp til at tage imod nye."
    assert list(initiative.milestones.values_list("title", flat=True)) == [
        "Temamøde",
        "Evaluering med foreningerne",
    ]


def test_a_field_both_changed_shows_both_values_side_by_side(
    initiative, editors, live_server, check_page, vnu_url
):
    first, second = editors
    open_edit_page(first, live_server, edit_url(initiative))
    open_edit_page(second, live_server, edit_url(initiative))

    first.locator("#id_title").fill("Førstes titel")
    first.locator("#id_milestones-1-DELETE").check()
    save(first)
    first.wait_for_url(f"**{initiative.get_absolute_url()}")

    second.locator("#id_title").fill("Andens titel")
    second.locator("#id_milestones-1-title").fill("Evaluering i december")
    save(second)
    title = second.locator("#div_id_title")
    assert second.locator("#id_title").input_value() == "Andens titel"
    assert "Førstes titel" in title.locator(".conflict-theirs").inner_text()
    assert "has-conflict" in title.get_attribute("class")
    # The milestone the first deleted: shown deleted, with what the second typed.
    moved = second.locator("fieldset.border-warning")
    assert moved.count() == 1
    assert moved.locator("input[name$='-DELETE']").is_checked()
    assert moved.locator("input[name$='-title']").input_value() == "Evaluering i december"
    # The box links to the field, which the link focuses.
    second.locator("#stored-heading ~ ul a[href='#id_title']").click()
    assert second.evaluate("document.activeElement.id") == "id_title"
    check_conflict_page(second, check_page, vnu_url, "initiative-both-changed")
    second.set_viewport_size({"width": 375, "height": 800})
    second.screenshot(path=str(SCREENSHOTS / "initiative-both-changed-phone.png"), full_page=True)
    second.set_viewport_size({"width": 1280, "height": 900})

    save(second)  # from the page the link left at #id_title, which the redirect keeps
    second.wait_for_url(f"**{initiative.get_absolute_url()}#id_title")
    initiative.refresh_from_db()
    assert initiative.title == "Andens titel"
    assert list(initiative.milestones.values_list("title", flat=True)) == ["Temamøde"]


def test_the_second_save_of_a_plan_keeps_the_first_editors_changes(
    plan, editors, live_server, check_page, vnu_url
):
    first, second = editors
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    open_edit_page(first, live_server, url)
    open_edit_page(second, live_server, url)

    first.locator("#id_title").fill("Handleplan for frivilligt socialt arbejde")
    first.locator("#id_goals-0-title").fill("Gode rammer for de frivillige")
    save(first)
    first.wait_for_url(f"**{plan.get_absolute_url()}")

    second.locator("#id_vision").fill("Alle kan være med.")
    second.locator("#id_goals-1-description").fill("Foreningerne bliver synlige.")
    save(second)
    assert second.locator("#id_title").input_value() == "Handleplan for frivilligt socialt arbejde"
    assert second.locator("#id_goals-0-title").input_value() == "Gode rammer for de frivillige"
    check_conflict_page(second, check_page, vnu_url, "plan-merged")

    save(second)
    second.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert (plan.title, plan.vision) == (
        "Handleplan for frivilligt socialt arbejde",
        "Alle kan være med.",
    )
    goals = list(plan.goals.order_by("number").values_list("title", "description"))
    assert goals == [
        ("Gode rammer for de frivillige", ""),
        ("Synlighed og netværk", "Foreningerne bliver synlige."),
    ]
