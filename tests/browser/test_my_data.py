"""The volunteer's own data and the deletion of their account, in a browser: the pages pass
axe and the Nu HTML Checker, and the deletion, confirmed with the password, logs them out and
erases them."""

import pytest
from django.urls import reverse

from partnerships.models import VolunteerAgreement, VolunteerProfile
from tests.factories import (
    TEST_PASSWORD,
    InterestFactory,
    OpportunityFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.browser


def test_a_volunteer_reads_their_data_and_deletes_their_account(
    volunteer, coordinator, unit, live_server, page, login_as, check_page
):
    VolunteerProfile.objects.create(user=volunteer, phone="36377000", presentation="Læser højt")
    InterestFactory(volunteer=volunteer, opportunity=OpportunityFactory(organisation=unit))
    agreement = VolunteerAgreementFactory(volunteer=volunteer, unit=unit, status="active")
    login_as(volunteer)
    for prefix in ("", "/en"):
        page.goto(live_server.url + prefix + reverse("volunteering:my-data"))
        assert page.locator("h1").count() == 1
        check_page(page)
        page.goto(live_server.url + prefix + reverse("volunteering:my-consent"))
        check_page(page)
    page.goto(live_server.url + reverse("volunteering:my-data"))
    page.locator(f"a[href='{reverse('volunteering:my-delete')}']").first.click()
    check_page(page)
    form = page.locator("form.portal-form")
    form.locator("input[name='password']").fill("forkert-kodeord")
    form.locator("button[type='submit']").click()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    check_page(page)
    form = page.locator("form.portal-form")
    form.locator("input[name='password']").fill(TEST_PASSWORD)
    form.locator("button[type='submit']").click()
    page.wait_for_url(live_server.url + "/")
    check_page(page)
    user = User.objects.get(pk=volunteer.pk)
    assert not user.is_active
    assert user.email == f"deleted-{volunteer.pk}@invalid"
    assert VolunteerAgreement.objects.get(pk=agreement.pk).status == "ended"
    page.goto(live_server.url + reverse("volunteering:my-data"))
    assert "/accounts/login/" in page.url or "/login" in page.url
