"""A staff member records a review meeting (a future date refused first, nothing typed lost)
and reads the agreement's meetings; they open their private calendar page and renew its
address. Every page visited is checked with axe and the Nu HTML Checker."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Agreement, CalendarToken, ReviewMeeting
from tests.factories import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def agreement(db, staff_user):
    agreement = AgreementFactory(
        title="Partnerskab med Frivilligrådet",
        status=Agreement.Status.ACTIVE,
        start_date=datetime.date.today() - datetime.timedelta(days=100),
        end_date=datetime.date.today() + datetime.timedelta(days=900),
        reviews_per_year=4,
        responsible_staff=staff_user,
    )
    agreement.partners.add(OrganisationFactory(name="Frivilligrådet"))
    return agreement


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_record_a_review_meeting(
    prefix, agreement, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    url = reverse("partnerships:review-create", kwargs={"pk": agreement.pk})
    page.goto(live_server.url + prefix + url)
    assert page.locator("h1").count() == 1
    check_page(page)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.locator("#id_date").fill(tomorrow.isoformat())
    page.locator("#id_minutes").fill("Vi gennemgik årets aktiviteter.")
    page.locator("main form button.btn-primary").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    check_page(page)
    assert page.locator("#id_minutes").input_value() == "Vi gennemgik årets aktiviteter."
    page.locator("#id_date").fill(datetime.date.today().isoformat())
    page.locator("#id_participants").fill("Else Ansvar, Bo fra Frivilligrådet")
    page.locator("main form button.btn-primary").click()
    page.wait_for_url("**/reviews/")
    check_page(page)
    assert "Vi gennemgik årets aktiviteter." in page.locator("main").inner_text()
    assert ReviewMeeting.objects.get().participants == "Else Ansvar, Bo fra Frivilligrådet"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_open_their_calendar_and_renew_its_address(
    prefix, staff_user, live_server, page, login_as, check_page
):
    login_as(staff_user)
    page.goto(live_server.url + prefix + reverse("partnerships:calendar"))
    check_page(page)
    first = page.locator("#calendar-url").input_value()
    assert first.endswith(CalendarToken.objects.get(user=staff_user).token + ".ics")
    assert (
        page.locator("a[href^='webcal://']")
        .get_attribute("href")
        .endswith(first.split("://", 1)[1])
    )
    page.locator("form[action$='/calendar/renew/'] button").click()
    page.wait_for_load_state()
    check_page(page)
    renewed = page.locator("#calendar-url").input_value()
    assert renewed != first
    assert renewed.endswith(CalendarToken.objects.get(user=staff_user).token + ".ics")
