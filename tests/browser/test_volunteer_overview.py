"""The coordinators' volunteer overview with a row in every section, in Danish and English:
no axe violation, valid HTML, and its tables reachable by keyboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import InterestFactory, OpportunityFactory, VolunteerAgreementFactory

pytestmark = pytest.mark.browser


def test_the_overview_with_every_section_filled_is_accessible(
    coordinator, unit, live_server, page, login_as, check_page
):
    today = timezone.localdate()
    opportunity = OpportunityFactory(organisation=unit, title="Besøgsven på Testparken")
    VolunteerAgreementFactory(
        unit=unit,
        opportunity=opportunity,
        status="active",
        start_date=today - datetime.timedelta(days=700),
        end_date=today + datetime.timedelta(days=10),
        child_certificate_required=True,
        child_certificate_assessed_on=today - datetime.timedelta(days=710),
        child_certificate_renew_by=today + datetime.timedelta(days=20),
    )
    InterestFactory(
        opportunity=opportunity, created_at=timezone.now() - datetime.timedelta(days=20)
    )
    login_as(coordinator)
    for prefix in ("", "/en"):
        page.goto(live_server.url + prefix + reverse("volunteering:overview"))
        assert page.locator("h1").count() == 1
        assert page.locator("#certificates-due").count() == 1
        assert page.locator(".table-responsive[tabindex='0']").count() == 6
        check_page(page)
