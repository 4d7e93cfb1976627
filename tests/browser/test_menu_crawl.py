"""Each role logs in, follows every link of its menu in Danish and in English, and finds
no error, no axe violation and no invalid HTML."""

import pytest

pytestmark = pytest.mark.browser

ROLES = [None, "volunteer", "staff", "coordinator", "admin"]


def menu_links(page):
    return page.eval_on_selector_all(
        "nav.main-nav a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_works_for_role(
    role, users_by_role, live_server, page, login_as, check_page
):
    if role:
        login_as(users_by_role[role])
    for language_prefix in ("", "/en"):
        page.goto(live_server.url + (language_prefix or "/"))
        hrefs = menu_links(page)
        assert hrefs, "the main menu is empty"
        for href in hrefs:
            response = page.goto(live_server.url + href)
            assert response.status == 200, f"{href} answered {response.status}"
            assert page.locator("h1").count() == 1, f"{href} must have exactly one h1"
            expected_lang = "en" if language_prefix else "da"
            assert page.locator("html").get_attribute("lang") == expected_lang
            check_page(page)
