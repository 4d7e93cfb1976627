"""An organisation's contact keeps its details and activities up to date by keyboard and
mouse, through mistakes that the error summary names; staff create an organisation past the
duplicate-name warning and read the list of activities to check. Every page is checked with
axe and the Nu HTML Checker, in Danish and in English."""

import datetime

import pytest

from organisations.models import Activity, Area, Membership, Organisation, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory
from volunteer_portal.models import User

pytestmark = pytest.mark.browser


@pytest.fixture
def contact(db):
    organisation = OrganisationFactory(name="Islev Sorggruppe", kind="humanitarian")
    ActivityFactory(
        organisation=organisation, title="Sorgcafé", last_confirmed=datetime.date(2024, 1, 5)
    )
    user = UserFactory(role=User.Role.ORGANISATION_CONTACT, full_name="Karen Kontakt")
    Membership.objects.create(user=user, organisation=organisation, capacity="contact")
    Area.objects.create(name="Islev")
    TargetGroup.objects.create(name="Pårørende")
    return user


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_contact_edits_details_and_adds_an_activity(
    contact, live_server, page, login_as, check_page, prefix
):
    login_as(contact)
    page.goto(live_server.url + prefix + "/")
    page.locator("nav.main-nav a[href$='/organisations/my-organisations/']").click()
    check_page(page)

    page.locator("main a[href$='/islev-sorggruppe/edit/']").first.click()
    check_page(page)
    page.locator("#id_description").fill("Vi mødes hver anden tirsdag.")
    page.locator("#id_phone").fill("+46 70 123")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.locator("#id_description").input_value() == "Vi mødes hver anden tirsdag."
    page.locator("#id_phone").fill("36 37 70 00")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisations/islev-sorggruppe/")
    assert "Vi mødes hver anden tirsdag." in page.locator("main").inner_text()
    check_page(page)

    page.locator("main a[href$='/islev-sorggruppe/activities/new/']").first.click()
    check_page(page)
    page.locator("#id_title").fill("Gåtur for pårørende")
    page.get_by_label("Pårørende").check()
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("13:00")
    page.locator("#id_price_dkk").fill("25,50")
    page.locator("main form button[type=submit]").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("#id_title").input_value() == "Gåtur for pårørende"
    page.locator("#id_end_time").fill("15:30")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/preview/")
    check_page(page)
    activity = Activity.objects.get(title="Gåtur for pårørende")
    assert str(activity.price_dkk) == "25.50"
    assert not activity.is_published

    page.goto(live_server.url + prefix + "/organisations/islev-sorggruppe/confirm/")
    check_page(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirm/")
    check_page(page)
    assert Activity.objects.get(title="Sorgcafé").last_confirmed == datetime.date.today()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_create_an_organisation_past_the_duplicate_warning(
    contact, staff_user, live_server, page, login_as, check_page, prefix
):
    ActivityFactory(title="Gammel aktivitet", last_confirmed=None)
    login_as(staff_user)
    page.goto(live_server.url + prefix + "/organisations/")
    page.locator("main a[href$='/organisations/new/']").click()
    check_page(page)
    page.locator("#id_name").fill("islev sorggruppe")
    page.locator("#id_kind").select_option("community")
    page.locator("#id_cvr").fill("12345678")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")  # the page's script runs on load: act after it
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("main a[href$='/organisations/islev-sorggruppe/']").count() >= 1
    page.locator("#id_cvr").fill("")
    page.locator("#id_create_anyway").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisations/islev-sorggruppe-2/")
    assert Organisation.objects.filter(name="islev sorggruppe").exists()

    page.goto(live_server.url + prefix + "/organisations/activities/to-check/")
    check_page(page)
    assert "Gammel aktivitet" in page.locator("main table").inner_text()
