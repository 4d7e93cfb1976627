"""A staff member reads Furesø's matrix, follows a cell to the agreements it counts, opens one
and renews it for the next period, by keyboard where it matters. Every page is checked with
axe and the Nu HTML Checker."""

import datetime

import pytest

from partnerships.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def agreements(db):
    today = datetime.date.today()
    unit = UnitFactory(name="Plejecenter Broparken")
    red_cross = OrganisationFactory(name="Røde Kors", kind="humanitarian")
    scouts = OrganisationFactory(name="Spejderne", kind="adult_education")
    visits = AgreementFactory(
        title="Besøgsvenner på Broparken",
        responsible_unit=unit,
        involvement="high",
        status="active",
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=160),
    )
    visits.partners.add(red_cross)
    rooms = AgreementFactory(
        title="Lokaler til spejderne",
        responsible_unit=unit,
        involvement="low",
        status="active",
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=355),
    )
    rooms.partners.add(scouts)
    return visits


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_follow_the_matrix_and_renew_an_agreement(
    agreements, staff_user, login_as, live_server, page, check_page, prefix
):
    login_as(staff_user)
    page.goto(live_server.url + prefix + "/agreements/overview/")
    check_page(page)
    matrix = page.locator("table.matrix")
    humanitarian_high = matrix.locator("tbody tr").nth(1).locator("td").nth(0)
    assert humanitarian_high.inner_text() == "1"
    humanitarian_high.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**partner_kind=humanitarian**")
    assert page.locator("tbody tr").count() == 1
    check_page(page)
    page.get_by_role("link", name="Besøgsvenner på Broparken").click()
    assert page.locator("h1").inner_text() == "Besøgsvenner på Broparken"
    check_page(page)
    renew = page.locator("form[action$='/renew/'] button")
    renew.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"/agreements/{agreements.pk}/" not in url)
    renewal = Agreement.objects.get(renewal_of=agreements)
    assert page.url.endswith(renewal.get_absolute_url())
    assert renewal.start_date == agreements.end_date + datetime.timedelta(days=1)
    assert page.locator(".alert").count() >= 1  # the message saying what happened
    check_page(page)
    # The renewed agreement offers no second renewal.
    page.goto(live_server.url + prefix + agreements.get_absolute_url())
    assert page.locator("form[action$='/renew/']").count() == 0
