"""Each role logs in, follows every link of its menu and the portal's own footer links in
Danish and in English, and finds no error, no axe violation and no invalid HTML; every page
carries the municipality's name and logo in its header and its accessibility statement in
its footer."""

import pytest

from tests.factories import MunicipalityFactory, image_bytes

pytestmark = pytest.mark.browser

ROLES = [None, "volunteer", "organisation_contact", "staff", "coordinator", "admin"]


def menu_links(page):
    return page.eval_on_selector_all(
        "nav.main-nav a", "links => links.map(a => a.getAttribute('href'))"
    )


def own_footer_links(page):
    """The footer's links within the portal (the privacy page), not its links elsewhere."""
    return page.eval_on_selector_all(
        "footer a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )


def assert_municipal_frame(page, href):
    header = page.locator("header")
    assert header.locator(".municipality-name").inner_text() == "Testrup Kommune", href
    logo = header.locator("img.municipality-logo")
    assert logo.get_attribute("alt") == "Testrup Kommunes byvåben", href
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), f"no logo on {href}"
    statement = page.locator("footer a[href='https://www.was.digst.dk/testrup-dk']")
    assert statement.count() == 1, f"{href} has no link to the accessibility statement"


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_works_for_role(
    role, users_by_role, live_server, page, login_as, check_page
):
    MunicipalityFactory(logo=image_bytes())
    if role:
        login_as(users_by_role[role])
    for language_prefix in ("", "/en"):
        page.goto(live_server.url + (language_prefix or "/"))
        hrefs = menu_links(page)
        assert hrefs, "the main menu is empty"
        footer_hrefs = own_footer_links(page)
        assert footer_hrefs, "the footer links no page of the portal"
        for href in hrefs + footer_hrefs:
            response = page.goto(live_server.url + href)
            assert response.status == 200, f"{href} answered {response.status}"
            assert page.locator("h1").count() == 1, f"{href} must have exactly one h1"
            expected_lang = "en" if language_prefix else "da"
            assert page.locator("html").get_attribute("lang") == expected_lang
            assert_municipal_frame(page, href)
            check_page(page)
