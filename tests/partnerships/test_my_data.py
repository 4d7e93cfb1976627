"""The volunteer's own data (issue #12): the readable page and the JSON download, with the log
of who viewed it; withdrawing and giving again their consent. Their own data only."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerships.models import CalendarToken, Interest, SentReminder, VolunteerProfile
from partnerships.services import interests as interest_services
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.transitions import DomainError

pytestmark = pytest.mark.django_db

PAGE = reverse("volunteering:my-data")
JSON = reverse("volunteering:my-data-json")
CONSENT = reverse("volunteering:my-consent")
DELETE = reverse("volunteering:my-delete")
URLS = [PAGE, JSON, CONSENT, DELETE]


@pytest.fixture
def data(volunteer, unit, coordinator):
    """The volunteer's profile, an interest declined with a reason, an agreement with the
    certificate assessed, a calendar address and a sent reminder."""
    VolunteerProfile.objects.create(
        user=volunteer,
        phone="36377000",
        presentation="Jeg kan lide at læse højt",
        consent_given_at=timezone.now(),
    )
    interest = InterestFactory(
        volunteer=volunteer,
        opportunity=OpportunityFactory(organisation=unit, title="Højtlæsning"),
        message="Jeg kan om onsdagen",
        status="declined",
        declined_reason="Holdet er fuldt",
    )
    agreement = VolunteerAgreementFactory(
        volunteer=volunteer,
        unit=unit,
        status="active",
        tasks="Højtlæsning for beboerne",
        child_certificate_required=True,
        child_certificate_assessed_on=datetime.date(2026, 10, 1),
    )
    CalendarToken.objects.create(user=volunteer, token="hemmelig-kalender-token-123")
    SentReminder.objects.create(key="volunteer:1:start", recipient=volunteer)
    return interest, agreement


def test_the_page_shows_everything_and_links_the_rights(client_for, volunteer, data):
    response = client_for(volunteer).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        volunteer.email,
        volunteer.full_name,
        "36377000",
        "Jeg kan lide at læse højt",
        "Jeg kan om onsdagen",
        "Holdet er fuldt",
        "Højtlæsning for beboerne",
        reverse("volunteering:profile"),
        JSON,
        CONSENT,
        DELETE,
    ):
        assert text in page
    assert "hemmelig-kalender-token-123" not in page


def test_the_json_holds_everything_but_the_calendar_secret(client_for, volunteer, data):
    response = client_for(volunteer).get(JSON)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["account"]["email"] == volunteer.email
    assert body["account"]["email_addresses"][0]["email"] == volunteer.email
    assert body["profile"]["phone"] == "36377000"
    assert body["profile"]["consent_given_at"]
    [interest] = body["interests"]
    assert interest["message"] == "Jeg kan om onsdagen"
    assert interest["declined_reason"] == "Holdet er fuldt"
    [agreement] = body["volunteer_agreements"]
    assert agreement["child_certificate_assessed_on"] == "2026-10-01"
    assert agreement["tasks"] == "Højtlæsning for beboerne"
    assert body["calendar_address"]["exists"] is True
    assert len(body["reminders_sent"]) == 1
    assert "hemmelig-kalender-token-123" not in response.content.decode()


def test_the_access_log_names_who_looked_but_not_their_address(
    client_for, volunteer, coordinator, data
):
    interest, agreement = data
    client_for(coordinator).get(agreement.get_absolute_url(), REMOTE_ADDR="192.0.2.55")
    client_for(coordinator).get(interest.get_absolute_url(), REMOTE_ADDR="192.0.2.55")
    client_for(coordinator).get(reverse("volunteering:export-csv"), REMOTE_ADDR="192.0.2.55")
    client_for(volunteer).get(agreement.get_absolute_url())  # their own look: not listed
    response = client_for(volunteer).get(JSON)
    body = json.loads(response.content)
    log = body["access_log"]
    assert len(log) == 3
    assert {entry["by"] for entry in log} == {str(coordinator)}
    with translation.override("da"):
        assert {entry["role"] for entry in log} == {str(coordinator.get_role_display())}
    assert [entry["child_certificate_shown"] for entry in log].count(True) == 1
    assert "192.0.2.55" not in response.content.decode()
    page = client_for(volunteer).get(PAGE).content.decode()
    assert str(coordinator) in page
    assert "192.0.2.55" not in page


def test_only_the_callers_own_data(client_for, volunteer, data):
    other = UserFactory(full_name="En Helt Anden")
    InterestFactory(volunteer=other, message="Den andens besked")
    for url in (PAGE, JSON):
        content = client_for(volunteer).get(url).content.decode()
        assert "Den andens besked" not in content
        assert "En Helt Anden" not in content
    body = json.loads(client_for(other).get(JSON).content)
    assert body["account"]["full_name"] == "En Helt Anden"
    assert [i["message"] for i in body["interests"]] == ["Den andens besked"]
    assert body["volunteer_agreements"] == []


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
def test_other_roles_are_refused(client_for, users_by_role, role, url):
    assert client_for(users_by_role[role]).get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_page_costs_the_same_queries_with_more_rows(client_for, volunteer, unit, coordinator):
    client = client_for(volunteer)
    VolunteerProfile.objects.create(user=volunteer)

    def add_rows():
        interest = InterestFactory(
            volunteer=volunteer, opportunity=OpportunityFactory(organisation=unit)
        )
        agreement = VolunteerAgreementFactory(volunteer=volunteer, unit=unit, status="active")
        client_for(coordinator).get(agreement.get_absolute_url())
        client_for(coordinator).get(interest.get_absolute_url())

    add_rows()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))
        add_rows()
        add_rows()
    assert counts[0] == counts[1]


def test_the_volunteer_home_links_the_rights(client_for, volunteer):
    page = client_for(volunteer).get(reverse("volunteering:me")).content.decode()
    for url in (PAGE, CONSENT, DELETE):
        assert url in page


# --- Consent --------------------------------------------------------------------------------


def test_withdrawing_consent_ends_agreements_withdraws_interests_and_keeps_the_account(
    client_for, volunteer, data, unit, queued_mail
):
    open_interest = InterestFactory(
        volunteer=volunteer, opportunity=OpportunityFactory(organisation=unit)
    )
    client = client_for(volunteer)
    assert client.get(CONSENT).status_code == 200
    assert VolunteerProfile.objects.get(user=volunteer).consent_withdrawn_at is None  # GET: nothing
    response = client.post(CONSENT, {"action": "withdraw"})
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.consent_withdrawn_at is not None
    assert profile.phone == ""
    assert profile.presentation == ""
    _interest, agreement = data
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    with translation.override("da"):
        assert agreement.ended_reason == gettext("The volunteer withdrew their consent.")
    assert Interest.objects.get(pk=open_interest.pk).status == "withdrawn"
    volunteer.refresh_from_db()
    assert volunteer.is_active
    told = {address for mail in queued_mail for address in mail["to"]}
    assert agreement.contact_person.email in told  # the contact person is told


def test_withdrawing_twice_is_calm(client_for, volunteer, data):
    client = client_for(volunteer)
    client.post(CONSENT, {"action": "withdraw"})
    first = VolunteerProfile.objects.get(user=volunteer).consent_withdrawn_at
    response = client.post(CONSENT, {"action": "withdraw"}, follow=True)
    assert response.status_code == 200
    with translation.override("da"):
        assert gettext("You have already withdrawn your consent.") in response.content.decode()
    assert VolunteerProfile.objects.get(user=volunteer).consent_withdrawn_at == first


def test_without_consent_no_interest_until_it_is_given_again(client_for, volunteer, unit):
    VolunteerProfile.objects.create(user=volunteer, consent_given_at=timezone.now())
    opportunity = OpportunityFactory(organisation=unit)
    client = client_for(volunteer)
    client.post(CONSENT, {"action": "withdraw"})
    with pytest.raises(DomainError):
        interest_services.register_interest(
            volunteer=volunteer, opportunity=opportunity, by=volunteer
        )
    client.post(CONSENT, {"action": "give"})
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.consent_withdrawn_at is None
    interest_services.register_interest(volunteer=volunteer, opportunity=opportunity, by=volunteer)
    assert Interest.objects.filter(volunteer=volunteer).count() == 1


@pytest.mark.parametrize("action", ["", "delete", "<script>", "withdraw\x00"])
def test_an_unknown_action_changes_nothing(client_for, volunteer, data, action):
    response = client_for(volunteer).post(CONSENT, {"action": action}, follow=True)
    assert response.status_code == 200
    with translation.override("da"):
        assert (
            gettext("Choose whether to withdraw or give your consent.") in response.content.decode()
        )
    assert VolunteerProfile.objects.get(user=volunteer).consent_withdrawn_at is None


def test_consent_needs_csrf(volunteer, data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    assert client.post(CONSENT, {"action": "withdraw"}).status_code == 403
    assert VolunteerProfile.objects.get(user=volunteer).consent_withdrawn_at is None
