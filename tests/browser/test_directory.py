"""A visitor looks for an activity in the directory by keyboard, without accents, opens it and
its organisation, in Danish and in English. Every page is checked with axe and the Nu HTML
Checker."""

import pytest

from organisations.models import Area, Challenge, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(db):
    area = Area.objects.create(name="Islev")
    elderly = TargetGroup.objects.create(name="Ældre")
    loneliness = Challenge.objects.create(name="Ensomhed")
    red_cross = OrganisationFactory(
        name="Røde Kors Rødovre",
        kind="humanitarian",
        description="Besøgsvenner og caféer.",
        area=area,
        contact_name="Hanne Holm",
        phone="36 36 36 36",
        staff_contact_name="Kun for personale",
    )
    visits = ActivityFactory(
        organisation=red_cross,
        title="Besøgsven til ældre",
        description="En frivillig kommer på besøg hver uge.",
        area=area,
        welcome_name="Bente Berg",
        welcome_phone="40 40 40 40",
        can_be_accompanied=True,
    )
    visits.target_groups.add(elderly)
    visits.challenges.add(loneliness)
    ActivityFactory(organisation=OrganisationFactory(name="Spejderne"), title="Spejdermøde")
    return visits


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitor_finds_an_activity_without_accents_by_keyboard(
    directory, live_server, page, check_page, prefix
):
    page.goto(live_server.url + prefix + "/organisations/activities/")
    check_page(page)
    search = page.get_by_role("searchbox")
    search.focus()
    page.keyboard.type("rode kors aeldre")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=rode+kors+aeldre**")
    results = page.locator("article h2 a")
    assert results.all_inner_texts() == ["Besøgsven til ældre"]
    check_page(page)
    results.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{directory.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Besøgsven til ældre"
    assert "Bente Berg" in page.locator("main").inner_text()
    check_page(page)
    page.get_by_role("link", name="Røde Kors Rødovre").click()
    assert page.locator("h1").inner_text() == "Røde Kors Rødovre"
    text = page.locator("main").inner_text()
    assert "Hanne Holm" in text and "Besøgsven til ældre" in text
    assert "Kun for personale" not in text  # the staff-only contact is never shown to visitors
    check_page(page)
