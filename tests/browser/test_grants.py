"""A staff member makes a § 18 grant: a Danish amount over the pool's remaining budget is
warned about and confirmed, a second grant while a report is outstanding asks for the
reason; then the grant is paid and its report recorded. Every page is checked with axe and
the Nu HTML Checker, in Danish and in English."""

import datetime
from decimal import Decimal

import pytest

from organisations.models import TargetGroup
from partnerships.models import Grant, GrantPool, GrantReport
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pool(db):
    pool = GrantPool.objects.create(
        year=datetime.date.today().year,
        name="§ 18-puljen",
        budget=Decimal("20000"),
        focus_areas="Ensomhed blandt ældre",
    )
    pool.target_groups.add(TargetGroup.objects.create(name="Ældre"))
    return pool


def submit(page):
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_staff_member_grants_confirms_the_budget_pays_and_records_the_report(
    pool, staff_user, live_server, page, login_as, check_page
):
    association = OrganisationFactory(name="Rødovre Folkekøkken", kind="humanitarian")
    login_as(staff_user)
    for prefix in ("", "/en"):
        page.goto(f"{live_server.url}{prefix}/agreements/pools/")
        assert page.locator("h1").count() == 1
        check_page(page)

    # A new pool: a negative budget is refused with the text kept.
    page.goto(f"{live_server.url}/agreements/pools/new/")
    check_page(page)
    page.locator("#id_name").fill("Puljen til ensomhed")
    page.locator("#id_budget").fill("-5.000")
    submit(page)
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("#id_budget").input_value() == "-5.000"
    check_page(page)

    page.goto(f"{live_server.url}/agreements/grants/new/?organisation={association.pk}")
    check_page(page)
    page.locator("#id_amount").fill("25.000,50")
    page.locator("#id_target_group").select_option(label="Ældre")
    page.locator("#id_purpose").fill("Fællesspisning hver torsdag")
    submit(page)
    # Over the remaining budget: a warning with a box to confirm, and nothing lost.
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("#id_amount").input_value() == "25.000,50"
    assert page.locator("#id_purpose").input_value() == "Fællesspisning hver torsdag"
    assert not Grant.objects.exists()
    check_page(page)
    page.locator("#id_confirm_over_budget").check()
    submit(page)
    grant = Grant.objects.get()
    assert grant.amount == Decimal("25000.50")
    assert page.locator(".alert-success").is_visible()
    check_page(page)

    # Paid, then reported on with certified accounts.
    page.locator("#id_paid_on").fill(datetime.date.today().isoformat())
    page.locator("form[action$='/paid/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#id_use").fill("Mad og husleje")
    page.locator("#id_unused_amount").fill("500")
    page.locator("form[action$='/report/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    check_page(page)
    page.locator("#id_unused_handling").select_option("repaid")
    page.locator("#id_certified_accounts_received").check()
    page.locator("#id_itemised_accounts_received").check()
    page.locator("form[action$='/report/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert GrantReport.objects.get(grant=grant).unused_amount == Decimal("500")
    check_page(page)

    # The pool's page and the totals, in both languages.
    for prefix in ("", "/en"):
        page.goto(f"{live_server.url}{prefix}/agreements/pools/{pool.pk}/")
        check_page(page)
        page.goto(f"{live_server.url}{prefix}/agreements/grants/totals/")
        check_page(page)


def test_a_second_grant_while_a_report_is_outstanding_asks_for_the_reason(
    pool, staff_user, live_server, page, login_as, check_page
):
    association = OrganisationFactory(name="Headspace Rødovre", kind="humanitarian")
    Grant.objects.create(
        pool=pool,
        organisation=association,
        amount=Decimal("1000"),
        report_due=datetime.date(pool.year + 1, 4, 1),
    )
    login_as(staff_user)
    page.goto(f"{live_server.url}/en/agreements/grants/new/")
    page.locator("#id_organisation").select_option(label="Headspace Rødovre")
    page.locator("#id_amount").fill("2000")
    submit(page)
    assert page.locator("#id_override_reason").is_visible()
    assert Grant.objects.count() == 1
    check_page(page)
    page.locator("#id_override_reason").fill("Regnskabet er på vej")
    submit(page)
    assert Grant.objects.latest("pk").override_reason == "Regnskabet er på vej"
    check_page(page)
