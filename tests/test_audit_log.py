"""The audit log as a record (issue #12, part D): read-only in the admin, no deletion but by
aging out, the access log of who viewed a volunteer's data, and the caller's address recorded
only as far as the proxy setting says it can be trusted."""

import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from partnerships.models import Interest, VolunteerAgreement
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
    staff_member,
)
from volunteer_portal.audit_log import access_entries_about, client_address, prune_audit_log

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:auditlog_logentry_changelist")
ACCESS = LogEntry.Action.ACCESS


def access_entries(instance):
    return LogEntry.objects.get_for_object(instance).filter(action=ACCESS)


# --- What is recorded --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "initiatives.ActionPlan",
        "initiatives.Initiative",
        "organisations.Organisation",
        "partnerships.Agreement",
        "partnerships.Grant",
        "partnerships.Opportunity",
        "partnerships.VolunteerProfile",
        "partnerships.Interest",
        "partnerships.VolunteerAgreement",
        "volunteer_portal.User",
    ],
)
def test_changes_to_plans_organisations_agreements_grants_and_volunteers_are_recorded(label):
    assert auditlog.contains(apps.get_model(label))


# --- Read-only for everyone ---------------------------------------------------------------------


@pytest.fixture
def entry(coordinator, unit):
    interest = InterestFactory(opportunity=OpportunityFactory(organisation=unit))
    return LogEntry.objects.get_for_object(interest).first()


def test_an_administrator_reads_the_log_and_filters_it(client_for, portal_admin, entry):
    client = client_for(portal_admin)
    assert client.get(CHANGELIST).status_code == 200
    for query in (
        {"action__exact": str(ACCESS)},
        {"resource_type": str(entry.content_type_id)},
        {"actor": str(portal_admin.pk)},
        {"q": "frivillig"},
        {"timestamp__gte": "2020-01-01"},
    ):
        assert client.get(CHANGELIST, query).status_code == 200
    page = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b"deletelink" not in page.content


def test_the_log_has_no_delete_action_and_no_one_deletes_or_edits(client_for, portal_admin, entry):
    client = client_for(portal_admin)
    page = client.get(CHANGELIST)
    assert b'name="action"' not in page.content
    delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    change = client.post(
        reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"object_repr": "x"}
    )
    assert change.status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk, object_repr=entry.object_repr).exists()


@pytest.mark.parametrize("role", ["volunteer", "organisation_contact", "staff", "coordinator"])
def test_only_administrators_see_the_log_in_the_admin(client_for, users_by_role, role, entry):
    response = client_for(users_by_role[role]).get(CHANGELIST)
    assert response.status_code == 302  # the admin's own log-in page
    assert "/admin/login/" in response["Location"]


def test_deletion_below_the_admin_is_refused_too(entry):
    with pytest.raises(PermissionDenied), transaction.atomic():
        entry.delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        LogEntry.objects.all().delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_entries_age_out_by_the_scheduled_command_only(settings, volunteer):
    settings.AUDIT_LOG_RETENTION_DAYS = 1826
    with time_machine.travel(datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)):
        old = UserFactory()
    with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
        recent = UserFactory()
    old_entries = list(LogEntry.objects.get_for_object(old).values_list("pk", flat=True))
    assert old_entries
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        call_command("prune_audit_log", stdout=out)
    assert not LogEntry.objects.filter(pk__in=old_entries).exists()
    assert LogEntry.objects.get_for_object(recent).exists()
    assert f"{len(old_entries)} audit-log entries" in out.getvalue()
    with pytest.raises(PermissionDenied), transaction.atomic():  # the guard is back
        LogEntry.objects.get_for_object(recent).delete()


def test_the_retention_is_a_setting(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 10
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
        user = UserFactory()
    with time_machine.travel(datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC)):
        assert prune_audit_log() == 0
    with time_machine.travel(datetime.datetime(2025, 1, 12, tzinfo=datetime.UTC)):
        assert prune_audit_log() >= 1
    assert not LogEntry.objects.get_for_object(user).exists()


# --- The access log -------------------------------------------------------------------------


@pytest.fixture
def interest(unit, volunteer):
    return InterestFactory(volunteer=volunteer, opportunity=OpportunityFactory(organisation=unit))


@pytest.fixture
def agreement(unit, volunteer):
    return VolunteerAgreementFactory(
        volunteer=volunteer, unit=unit, status="active", child_certificate_required=True
    )


def test_a_coordinator_opening_an_interest_is_recorded(client_for, coordinator, interest):
    response = client_for(coordinator).get(interest.get_absolute_url())
    assert response.status_code == 200
    [entry] = access_entries(interest)
    assert entry.actor == coordinator
    assert entry.additional_data == {"volunteer_profile_shown": False}


def test_an_administrator_opening_an_interest_is_recorded(client_for, portal_admin, interest):
    client_for(portal_admin).get(interest.get_absolute_url())
    assert list(access_entries(interest).values_list("actor", flat=True)) == [portal_admin.pk]


def test_the_agreement_page_records_whether_the_certificate_status_was_shown(
    client_for, coordinator, agreement
):
    assert client_for(coordinator).get(agreement.get_absolute_url()).status_code == 200
    [entry] = access_entries(agreement)
    assert entry.actor == coordinator
    assert entry.additional_data == {"shown_as": "page", "child_certificate_shown": True}
    # The contact person reads the agreement but not the certificate's status.
    contact = agreement.contact_person
    assert client_for(contact).get(agreement.get_absolute_url()).status_code == 200
    entry = access_entries(agreement).get(actor=contact)
    assert entry.additional_data["child_certificate_shown"] is False


def test_the_agreement_pdf_is_recorded(client_for, coordinator, agreement):
    response = client_for(coordinator).get(
        reverse("volunteering:agreement-pdf", args=[agreement.pk])
    )
    assert response.status_code == 200
    [entry] = access_entries(agreement)
    assert entry.additional_data == {"shown_as": "pdf", "child_certificate_shown": True}


def test_the_volunteer_viewing_their_own_data_is_not_recorded(
    client_for, volunteer, interest, agreement
):
    client = client_for(volunteer)
    assert client.get(agreement.get_absolute_url()).status_code == 200
    assert client.get(reverse("volunteering:me")).status_code == 200
    assert not access_entries(agreement).exists()
    assert not access_entries(interest).exists()


def test_a_refused_look_is_not_recorded(client_for, other_unit, agreement):
    stranger = staff_member(other_unit)
    assert client_for(stranger).get(agreement.get_absolute_url()).status_code == 404
    assert not access_entries(agreement).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_one_entry_naming_the_volunteers(client_for, coordinator, unit, fmt):
    agreements = [VolunteerAgreementFactory(unit=unit, status="active") for _ in range(3)]
    outside = VolunteerAgreementFactory(status="active")
    response = client_for(coordinator).get(reverse(f"volunteering:export-{fmt}"))
    assert response.status_code == 200
    [entry] = LogEntry.objects.filter(action=ACCESS)
    assert entry.actor == coordinator
    assert entry.additional_data["export"] == fmt
    assert sorted(entry.additional_data["volunteer_agreement_ids"]) == sorted(
        a.pk for a in agreements
    )
    for made in agreements:
        assert list(access_entries_about(made.volunteer)) == [entry]
    assert not access_entries_about(outside.volunteer).exists()


def test_the_access_log_is_in_the_admin_under_access(
    client_for, coordinator, portal_admin, agreement
):
    client_for(coordinator).get(agreement.get_absolute_url())
    page = client_for(portal_admin).get(CHANGELIST, {"action__exact": str(ACCESS)})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1


# --- The caller's address --------------------------------------------------------------------


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_not_recorded(
    client_for, coordinator, interest, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    client_for(coordinator).get(
        interest.get_absolute_url(),
        headers={"X-Forwarded-For": "203.0.113.66", "X-Forwarded-Port": "4444"},
        REMOTE_ADDR="192.0.2.10",
    )
    [entry] = access_entries(interest)
    assert entry.remote_addr == "192.0.2.10"
    assert entry.remote_port is None


def test_behind_one_trusted_proxy_the_address_it_saw_is_recorded(
    client_for, coordinator, interest, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    client_for(coordinator).get(
        interest.get_absolute_url(),
        headers={"X-Forwarded-For": "203.0.113.66, 198.51.100.7"},
        REMOTE_ADDR="10.0.0.2",
    )
    [entry] = access_entries(interest)
    assert entry.remote_addr == "198.51.100.7"  # the client's own claim (left) is ignored


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (2, "1.2.3.4", "10.0.0.1"),  # fewer hops than proxies: not trusted
        (2, "9.9.9.9, 1.2.3.4, 5.6.7.8", "1.2.3.4"),
        (1, "not-an-address", None),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(rf, settings, count, header, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", headers={"X-Forwarded-For": header}, REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == expected


def test_the_log_entries_of_a_change_keep_their_model_and_actor(coordinator, interest):
    from partnerships.services import interests

    interests.start_dialogue(interest, by=coordinator)
    updates = LogEntry.objects.get_for_object(interest).filter(action=LogEntry.Action.UPDATE)
    assert {entry.actor for entry in updates} == {coordinator}
    assert ["new", "dialogue"] in [entry.changes_dict.get("status") for entry in updates]
    assert Interest.objects.get(pk=interest.pk).status == "dialogue"
    assert VolunteerAgreement.objects.count() == 0
