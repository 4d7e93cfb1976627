"""The site's frame in a real browser: logging in, the language switch, the skip link, the
account pages and the error pages, each checked with axe-core and the Nu HTML Checker."""

import pytest

from tests.browser.conftest import html_errors
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_volunteer_logs_in_with_the_form_and_sees_their_menu(
    live_server, page, volunteer, check_page
):
    page.goto(live_server.url + "/accounts/login/")
    check_page(page)
    page.get_by_label("E-mail").fill("frivillig@test.dk")
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("button", name="Log ud").is_visible()
    menu = page.get_by_role("navigation", name="Hovedmenu")
    assert menu.get_by_role("link", name="Mine enheder").count() == 0
    check_page(page)


def test_wrong_password_keeps_the_email_and_explains_in_danish(live_server, page, volunteer):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("frivillig@test.dk")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    page.locator("[data-error-summary]").wait_for()
    assert page.get_by_label("E-mail").input_value() == "frivillig@test.dk"
    # Said once: in the error summary at the top, with a link to the field, not again in the form.
    assert (
        page.locator("[data-error-summary] a[href='#id_login']")
        .get_by_text("ikke korrekt")
        .is_visible()
    )
    assert page.get_by_text("ikke korrekt").count() == 1


def test_language_switch_turns_the_page_english_and_back(live_server, page, check_page):
    page.goto(live_server.url + "/organisations/")
    assert page.locator("h1").inner_text() == "Organisationer"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/en/organisations/")
    assert page.locator("h1").inner_text() == "Organisations"
    assert page.locator("html").get_attribute("lang") == "en"
    check_page(page)
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_url(live_server.url + "/organisations/")
    assert page.locator("h1").inner_text() == "Organisationer"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gå til hovedindhold"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle !== 'none'"), (
        "focus must be visible"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_account_pages_are_accessible_and_valid(
    prefix, live_server, page, login_as, coordinator, check_page
):
    for path in ["/accounts/password/reset/", "/accounts/login/"]:
        page.goto(live_server.url + prefix + path)
        check_page(page)
    login_as(coordinator)
    for path in [
        "/accounts/profile/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/organisations/my-units/",
    ]:
        response = page.goto(live_server.url + prefix + path)
        assert response.status == 200
        check_page(page)


@pytest.mark.parametrize(
    ("prefix", "heading"), [("", "Siden blev ikke fundet"), ("/en", "Page not found")]
)
def test_404_page_in_both_languages(prefix, heading, live_server, page, check_page):
    response = page.goto(live_server.url + prefix + "/organisations/does-not-exist/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == heading
    check_page(page)


def test_403_page(live_server, page, login_as, volunteer, check_page):
    login_as(volunteer)
    response = page.goto(live_server.url + "/organisations/my-units/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Adgang nægtet"


def test_the_checks_can_fail(live_server, page, vnu_url, check_page):
    """axe and the Nu HTML Checker do find faults: the checks are not empty rituals."""
    page.goto(live_server.url + "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    with pytest.raises(AssertionError, match="axe violations"):
        check_page(page)
    errors = html_errors(vnu_url, "<!DOCTYPE html><html lang=da><title>x</title><p>a</div>")
    assert errors


def test_focus_ring_is_strong_on_buttons_and_menu_links(live_server, page):
    page.goto(live_server.url + "/")
    for selector in ["header button[name=language]", "nav.main-nav a.nav-link"]:
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
        )
        assert outline == ["solid", "3px", "rgb(26, 26, 26)"], selector


@pytest.mark.parametrize("path", ["/organisations/", "/plans/"])
def test_pages_do_not_scroll_sideways_on_a_phone(path, live_server, browser, db):
    from tests.factories import AdministrationFactory, UnitFactory

    parent = AdministrationFactory(name="Social- og Sundhedsforvaltningens ledelsessekretariat")
    UnitFactory(name="Social- og Sundhedsforvaltningens ledelsessekretariat", parent=parent)
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"
    finally:
        context.close()
