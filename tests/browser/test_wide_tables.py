"""On a phone, the organisations' wide tables (the import's columns and preview, the
overview's counts and its referrals month by month) scroll sideways inside their box; a
keyboard user must be able to reach that box to scroll it (axe: scrollable-region-focusable),
so each is a focusable, named region."""

import datetime

import pytest
from django.urls import reverse

from organisations.models import Referral
from tests.factories import ActivityFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.browser

ACTIVITIES = (
    "organisation;title;target_groups;weekdays;start_time;end_time;min_age;max_age;price_dkk\r\n"
    "klubben;Strikkeklub med et meget langt navn;;tirsdag;14:00;13:00;70;20;12,50\r\n"
)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_login(live_server, phone_page):
    from django.conf import settings
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        phone_page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return login


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_wide_tables_can_be_scrolled_by_keyboard_on_a_phone(
    prefix, staff_user, live_server, phone_page, phone_login, check_page, tmp_path
):
    activity = ActivityFactory(
        organisation=OrganisationFactory(name="Klubben", slug="klubben"),
        title="Gåturen for alle i hele kommunen",
    )
    unit = UnitFactory(name="Social- og Sundhedsforvaltningens ledelsessekretariat")
    Referral.objects.create(
        activity=activity, unit=unit, referred_on=datetime.date.today().replace(day=1)
    )
    phone_login(staff_user)
    page = phone_page
    page.goto(live_server.url + prefix + reverse("organisations:overview"))
    check_page(page)
    page.goto(live_server.url + prefix + reverse("organisations:transfer-import"))
    check_page(page)
    upload = tmp_path / "activities.csv"
    upload.write_text(ACTIVITIES, encoding="utf-8-sig")
    page.locator("input[name=kind][value=activities]").check()
    page.locator("input[type=file]").set_input_files(upload)
    page.locator("main form button.btn-primary").click()
    page.wait_for_url("**/import/preview/")
    check_page(page)
    region = page.locator(".table-responsive:has(table.transfer-preview)")
    region.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.classList.contains('table-responsive')")
