"""A staff member sits with a citizen: searches the bridge-building page with filters, opens
the slip, prints it (navigation, buttons and forms hidden on paper, the facts kept), and
records the referral: first with a CPR-like note, which is refused, then with a clean one.
Every page is checked with axe and the Nu HTML Checker."""

import datetime
from decimal import Decimal

import pytest

from organisations.models import Area, Membership, Referral, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def walk(db):
    organisation = OrganisationFactory(
        name="Ældre Sagen Rødovre",
        staff_contact_name="Bente Bro",
        staff_contact_phone="36 36 36 36",
    )
    activity = ActivityFactory(
        organisation=organisation,
        title="Gå-gruppen i Kirkebyen",
        description="Vi går en tur og drikker kaffe bagefter.",
        area=Area.objects.create(name="Kirkebyen"),
        place="P-pladsen ved Rødovre Kirke",
        rhythm="Hver tirsdag",
        on_tuesday=True,
        start_time=datetime.time(10),
        end_time=datetime.time(11, 30),
        price_dkk=Decimal("20"),
        welcome_name="Hanne Hansen",
        welcome_phone="40 40 40 40",
        welcome_email="hanne@aeldresagen.example",
        may_bring_companion=True,
        accessibility="Ruten er uden trapper.",
        last_confirmed=datetime.date.today(),
    )
    activity.target_groups.add(TargetGroup.objects.create(name="Ældre"))
    ActivityFactory(title="Lektiecafé", on_monday=True).target_groups.add(
        TargetGroup.objects.create(name="Børn")
    )
    return activity


@pytest.fixture
def jobcentre_staff(staff_user):
    unit = UnitFactory(name="Jobcentret")
    Membership.objects.create(user=staff_user, organisation=unit, capacity="staff")
    return staff_user, unit


FACTS = [
    "Gå-gruppen i Kirkebyen",
    "Ældre Sagen Rødovre",
    "P-pladsen ved Rødovre Kirke, Kirkebyen",
    "Hver tirsdag, 10:00–11:30",
    "Hanne Hansen",
    "40 40 40 40",
    "Ruten er uden trapper.",
]


def test_staff_member_finds_an_activity_prints_the_slip_and_records_the_referral(
    walk, jobcentre_staff, live_server, page, login_as, check_page
):
    user, unit = jobcentre_staff
    login_as(user)
    page.goto(live_server.url + "/organisations/bridge/")
    assert page.locator("h1").count() == 1
    check_page(page)

    # Search with the citizen: a word and a target group.
    page.locator("#id_q").fill("gå")
    page.locator("#id_target_group").select_option(label="Ældre")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisations/bridge/?*")
    results = page.locator("main article")
    assert results.count() == 1
    result = results.first.inner_text()
    for fact in ("Gå-gruppen i Kirkebyen", "Hanne Hansen", "Bente Bro", "36 36 36 36"):
        assert fact in result
    check_page(page)
    search_url = page.url

    # The slip.
    results.first.locator("a[href*='/slip/']").click()
    page.wait_for_url("**/slip/?next=**")
    slip = page.locator("article.referral-slip")
    text = slip.inner_text()
    for fact in FACTS:
        assert fact in text, fact
    assert "Bente Bro" not in page.content()  # the staff contact is not the citizen's
    assert page.locator("[data-print]").is_visible()  # shown by static/js/print.js
    check_page(page)

    # On paper: the facts, without the site's navigation, buttons or the e-mail form.
    page.emulate_media(media="print")
    for hidden in ("nav.main-nav", "header.site-header", "[data-print]", "form", "footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert slip.is_visible()
    for fact in FACTS:
        assert page.get_by_text(fact, exact=False).first.is_visible(), fact
    page.screenshot(path="/tmp/slip.png", full_page=True)
    page.emulate_media(media="screen")

    # Recording the referral: a CPR-like note is refused, the text kept.
    page.locator("main a[href*='/refer/']").first.click()
    page.wait_for_url("**/refer/?next=**")
    assert page.locator("#id_unit").input_value() == str(unit.pk)
    check_page(page)
    note = "Borger 010203-1234 vil gerne gå med"
    page.locator("#id_note").fill(note)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("#id_note").input_value() == note
    assert "CPR" in page.locator("[data-error-summary]").inner_text()
    assert not Referral.objects.exists()
    check_page(page)

    page.locator("#id_note").fill("Vil gerne have følge første gang")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(search_url)
    assert page.locator(".alert-success").is_visible()
    referral = Referral.objects.get()
    assert (referral.activity, referral.unit, referral.note) == (
        walk,
        unit,
        "Vil gerne have følge første gang",
    )
    check_page(page)


def test_the_slip_is_mailed_to_a_typed_address(walk, staff_user, live_server, page, login_as):
    from django.core import mail

    login_as(staff_user)
    page.goto(live_server.url + walk.get_absolute_url() + "slip/")
    page.locator("input[name=email]").fill("ikke en adresse")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("input[name=email]").input_value() == "ikke en adresse"
    page.locator("input[name=email]").fill("borger@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").is_visible()
    assert page.locator("input[name=email]").input_value() == ""
    assert [m.to for m in mail.outbox] == [["borger@example.org"]]


def test_the_overview_with_referrals_reads_well(
    walk, jobcentre_staff, live_server, page, login_as, check_page
):
    user, unit = jobcentre_staff
    today = datetime.date.today()
    for days in (0, 1, 40, 80):
        Referral.objects.create(
            activity=walk, unit=unit, referred_on=today - datetime.timedelta(days=days)
        )
    login_as(user)
    page.goto(live_server.url + f"/organisations/overview/?year={today.year}")
    tables = page.locator("main table")
    assert tables.count() == 6
    assert "Gå-gruppen i Kirkebyen" in tables.nth(4).inner_text()
    check_page(page)
    page.goto(live_server.url + "/en/organisations/overview/")
    check_page(page)
