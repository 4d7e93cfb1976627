"""The record of processing (issue #12, part E): an admin page, for administrators only, made
from the settings the code uses, so that it says what the portal does; and the admin's list of
what the next retention run will anonymise."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from volunteer_portal.record_of_processing import record_of_processing

pytestmark = pytest.mark.django_db

URL = reverse("admin-record-of-processing")


def test_every_purpose_says_data_people_basis_recipients_retention_and_security():
    from django.utils import translation

    with translation.override("en"):  # the texts are checked in their source language
        purposes = record_of_processing()
    assert [p.key for p in purposes] == ["volunteers", "referrals", "agreements", "accounts"]
    for purpose in purposes:
        assert purpose.data and purpose.people and purpose.legal_basis, purpose.key
        assert purpose.recipients and purpose.retention and purpose.security, purpose.key
        assert "6(1)(e)" in purpose.legal_basis[0]
        assert "outside the municipality" in purpose.recipients
    volunteers = purposes[0]
    assert any("art. 10" in basis and "§ 8" in basis for basis in volunteers.legal_basis)
    assert any("never stored" in item for item in volunteers.data)


def test_the_retention_periods_are_the_ones_the_command_uses(settings):
    settings.RETENTION_CLOSED_INTEREST_MONTHS = 18
    settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS = 7
    settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS = 3
    settings.RETENTION_REFERRAL_NOTE_MONTHS = 9
    settings.RETENTION_WARNING_DAYS = 14
    settings.AUDIT_LOG_RETENTION_DAYS = 400
    with translation.override("en"):
        text = " ".join(" ".join(p.retention) for p in record_of_processing())
    assert "18 months after the last change of status" in text
    assert "7 years after the agreement ended" in text
    assert "deleted after 3 days" in text
    assert "9 months after the referral" in text
    assert "14 days before" in text
    assert "Audit-log entries are deleted 400 days after" in text


def test_the_security_measures_follow_the_settings(settings):
    settings.SESSION_IDLE_SECONDS_MUNICIPAL = 20 * 60
    settings.SESSION_IDLE_SECONDS = 90 * 60
    settings.LOGIN_FAILURE_LIMIT = 4
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    with translation.override("en"):
        measures = record_of_processing()[0].security
    assert any("20 minutes without use for municipal users, 90 minutes" in m for m in measures)
    assert any("after 4 failed attempts" in m for m in measures)
    assert any("Argon2" in m for m in measures)


def test_only_an_administrator_reaches_the_page(client_for, users_by_role):
    for role, user in users_by_role.items():
        response = client_for(user).get(URL)
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, role
            assert reverse("admin:login") in response["Location"] or "login" in response["Location"]
    response = client_for(None).get(URL)
    assert response.status_code == 302


def test_the_page_shows_each_purpose_and_the_periods(client_for, portal_admin, settings):
    settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS = 6
    page = client_for(portal_admin).get(URL).content.decode()
    with translation.override("da"):
        purposes = record_of_processing()
    for purpose in purposes:
        assert f'id="purpose-{purpose.key}"' in page
        assert escape(purpose.retention[0]) in page
    assert page.count('<th scope="row">') == 6 * 4
    assert "6 år" in page or "6 years" in page


def test_the_admin_index_links_both_pages(client_for, portal_admin):
    page = client_for(portal_admin).get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in page
    assert f'href="{reverse("admin-retention")}"' in page


def test_the_admin_lists_what_is_due_with_the_reason_and_changes_nothing(client_for, users_by_role):
    import datetime

    from django.utils import timezone

    from partnerships.models import Interest
    from partnerships.services import retention
    from tests.factories import InterestFactory

    interest = InterestFactory(status="withdrawn", message="Min egen tekst")
    Interest.objects.filter(pk=interest.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=400)
    )
    url = reverse("admin-retention")
    response = client_for(users_by_role["admin"]).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"partnerships.Interest #{interest.pk}" in page
    with translation.override("da"):
        [due] = retention.due_for_anonymisation()
    assert "closed-interest" in page and escape(due.reason) in page
    assert "12" in due.reason
    assert Interest.objects.get(pk=interest.pk).message == "Min egen tekst"
    assert client_for(users_by_role["admin"]).post(url).status_code == 405
    for role in ("volunteer", "staff", "coordinator", "organisation_contact"):
        assert client_for(users_by_role[role]).get(url).status_code == 302, role
