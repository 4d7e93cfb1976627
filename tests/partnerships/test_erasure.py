"""Deleting a volunteer's account (issue #12): the person's data is gone at once from every
table, the audit log and the mail queue included; their agreements are ended first and the
coordinator told; what is kept for the statistics carries no identity."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from partnerships.models import (
    CalendarToken,
    Interest,
    SentReminder,
    VolunteerAgreement,
    VolunteerProfile,
)
from partnerships.services import erasure
from partnerships.services import interests as interest_services
from partnerships.services import volunteer_agreements as agreement_services
from tests.factories import (
    TEST_PASSWORD,
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.audit_log import ERASED, scrub_audit_entries_of
from volunteer_portal.mail import mail_user
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

DELETE = reverse("volunteering:my-delete")
NAME = "Zacharias Quistgaard-Øberg"
EMAIL = "zq.unik@eksempel.dk"
OTHER_EMAIL = "zq.privat@eksempel.dk"
PHONE = "31 41 59 26"
PRESENTATION = "Jeg hedder Zacharias og elsker brætspil"
MESSAGE = "Ring til Zacharias efter kl. 16"
NEEDLES = [NAME, EMAIL, OTHER_EMAIL, PHONE, PRESENTATION, MESSAGE, "Quistgaard"]


def texts_of(value):
    if isinstance(value, str):
        return [value]
    return [json.dumps(value, ensure_ascii=False, default=str)]


def where_found(needles):
    """Every (model, field, pk) whose text holds one of ``needles``, across every model."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values("pk", *[f.attname for f in fields]):
            for field in fields:
                value = row[field.attname]
                if value is None:
                    continue
                for text in texts_of(value):
                    for needle in needles:
                        if needle.casefold() in text.casefold():
                            found.append((model._meta.label, field.name, row["pk"], needle))
    # Sessions are stored encoded: decode them.
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False, default=str)
        found += [("sessions", "data", session.pk, n) for n in needles if n in text]
    return found


@pytest.fixture
def person(unit, coordinator, django_capture_on_commit_callbacks):
    """A volunteer with every kind of data the portal holds about one."""
    user = UserFactory(email=EMAIL, full_name=NAME, role=User.Role.VOLUNTEER)
    EmailAddress.objects.create(user=user, email=OTHER_EMAIL, verified=False, primary=False)
    profile = VolunteerProfile.objects.create(
        user=user, phone=PHONE, presentation=PRESENTATION, consent_given_at=timezone.now()
    )
    assert profile.pk
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=5)
    with django_capture_on_commit_callbacks(execute=True):
        interest_services.register_interest(
            volunteer=user, opportunity=opportunity, message=MESSAGE, by=user
        )
        declined = InterestFactory(volunteer=user, message=MESSAGE)
        interest_services.decline(declined, reason=f"Vi har talt med {NAME}", by=coordinator)
        active = VolunteerAgreementFactory(
            volunteer=user,
            unit=unit,
            status="active",
            start_date=datetime.date(2026, 1, 5),
            expectations=f"{NAME} kommer om tirsdagen",
            child_certificate_required=True,
            child_certificate_assessed_on=datetime.date(2026, 1, 2),
            child_certificate_assessed_by=coordinator,
        )
        VolunteerAgreementFactory(
            volunteer=user, unit=unit, status="offered", answer_by=timezone.now()
        )
        VolunteerAgreementFactory(
            volunteer=user,
            status="ended",
            ended_reason=f"{NAME} flyttede",
            ended_on=datetime.date(2026, 2, 1),
        )
        mail_user(
            user=user, template="volunteering/agreement_offered", context={"agreement": active}
        )
    CalendarToken.objects.create(user=user)
    SentReminder.objects.create(key=f"volunteer:{active.pk}:start", recipient=user)
    # A coordinator looked at the agreement (the access log), the person logged in (twice).
    Client().force_login(coordinator)
    looker = Client()
    looker.force_login(coordinator)
    looker.get(active.get_absolute_url(), REMOTE_ADDR="192.0.2.1")
    second = Client()
    second.force_login(user)
    user.refresh_from_db()
    return user


def delete_via_the_page(user, captured):
    client = Client()
    client.force_login(user)
    assert client.get(DELETE).status_code == 200
    client.get(reverse("volunteering:me"), REMOTE_ADDR="192.0.2.77")
    with captured(execute=True):
        response = client.post(DELETE, {"password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.77")
    return client, response


def test_the_persons_data_is_gone_from_every_table(
    person, coordinator, django_capture_on_commit_callbacks
):
    assert where_found(NEEDLES), "the fixture must put the person's data in the tables"
    client, response = delete_via_the_page(person, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert where_found(NEEDLES) == []
    # Nor is their address in the log of the requests they made.
    assert not LogEntry.objects.filter(remote_addr="192.0.2.77").exists()


def test_the_coordinator_is_told_the_agreements_ended(
    person, coordinator, django_capture_on_commit_callbacks
):
    DBTaskResult.objects.all().delete()
    delete_via_the_page(person, django_capture_on_commit_callbacks)
    to_coordinator = [
        row.args_kwargs["kwargs"]
        for row in DBTaskResult.objects.all()
        if row.args_kwargs["kwargs"]["to"] == [coordinator.email]
    ]
    with translation.override("da"):
        reason = gettext("The volunteer deleted their account.")
    ended = [mail for mail in to_coordinator if reason in mail["text"]]
    assert len(ended) == 2  # the active and the offered agreement
    assert all("Slettet frivillig" in mail["text"] for mail in ended)


def test_statistics_are_kept_without_identity(person, unit, django_capture_on_commit_callbacks):
    delete_via_the_page(person, django_capture_on_commit_callbacks)
    user = User.objects.get(pk=person.pk)
    assert user.email == f"deleted-{person.pk}@invalid"
    assert user.full_name == "Slettet frivillig"
    assert not user.is_active
    assert not user.has_usable_password()
    agreements = VolunteerAgreement.objects.filter(volunteer=user)
    assert agreements.count() == 3
    assert set(agreements.values_list("status", flat=True)) == {"ended"}
    kept = agreements.get(start_date=datetime.date(2026, 1, 5))
    assert kept.unit == unit
    assert kept.tasks  # what the work was stays
    assert kept.expectations == ""
    assert kept.child_certificate_assessed_on is None
    assert kept.child_certificate_assessed_by is None
    interests = Interest.objects.filter(volunteer=user)
    assert set(interests.values_list("status", flat=True)) == {"withdrawn", "declined"}
    assert set(interests.values_list("message", flat=True)) == {""}
    assert not VolunteerProfile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not CalendarToken.objects.filter(user=user).exists()
    assert SentReminder.objects.get().recipient is None


def test_sessions_end_and_the_person_cannot_log_in_again(
    person, django_capture_on_commit_callbacks
):
    client, _response = delete_via_the_page(person, django_capture_on_commit_callbacks)
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(person.pk)
    assert client.get(reverse("volunteering:me")).status_code == 302
    stranger = Client()
    response = stranger.post(reverse("account_login"), {"login": EMAIL, "password": TEST_PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in stranger.session


def test_the_audit_log_keeps_what_was_done_and_when_but_not_who(
    person, django_capture_on_commit_callbacks
):
    delete_via_the_page(person, django_capture_on_commit_callbacks)
    about_user = LogEntry.objects.filter(content_type__model="user", object_pk=str(person.pk))
    assert about_user.exists()
    for entry in about_user:
        assert entry.object_repr == ERASED
        assert entry.timestamp is not None
    agreements = LogEntry.objects.filter(content_type__model="volunteeragreement")
    assert agreements.filter(action=LogEntry.Action.ACCESS).exists()  # the look is still there
    statuses = [e.changes_dict.get("status") for e in agreements if e.changes_dict.get("status")]
    assert ["active", "ended"] in statuses


def test_queued_mail_to_the_person_is_dropped(person, django_capture_on_commit_callbacks):
    queued = DBTaskResult.objects.filter(status="READY")
    assert any(row.args_kwargs["kwargs"]["to"] == [EMAIL] for row in queued)
    delete_via_the_page(person, django_capture_on_commit_callbacks)
    assert not any(EMAIL in json.dumps(row.args_kwargs) for row in DBTaskResult.objects.all())


def test_a_wrong_password_deletes_nothing(person):
    client = Client()
    client.force_login(person)
    response = client.post(DELETE, {"password": "forkert"})
    assert response.status_code == 200
    with translation.override("da"):
        message = gettext("The password is not right. Your account has not been deleted.")
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.email == EMAIL
    assert person.is_active
    assert VolunteerProfile.objects.filter(user=person).exists()


def test_an_account_without_a_password_types_its_address(volunteer):
    volunteer.set_unusable_password()
    volunteer.save()
    client = Client()
    client.force_login(volunteer)
    response = client.post(DELETE, {"email": "en.anden@test.dk"})
    assert response.status_code == 200
    assert User.objects.get(pk=volunteer.pk).is_active
    response = client.post(DELETE, {"email": volunteer.email.upper()})
    assert response.status_code == 302
    assert not User.objects.get(pk=volunteer.pk).is_active


def test_a_get_deletes_nothing_and_explains(client_for, volunteer):
    response = client_for(volunteer).get(DELETE)
    assert response.status_code == 200
    assert User.objects.get(pk=volunteer.pk).is_active


@pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
def test_only_a_volunteer_deletes_their_account_here(client_for, users_by_role, role):
    user = users_by_role[role]
    response = client_for(user).post(DELETE, {"password": TEST_PASSWORD})
    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).is_active


def test_a_visitor_is_sent_to_log_in(client):
    response = client.post(DELETE, {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_scrub_leaves_other_peoples_entries_alone(person, coordinator):
    other = UserFactory(full_name="Helt Anden Person")
    before = LogEntry.objects.get_for_object(other).values_list("object_repr", flat=True)
    before = list(before)
    scrub_audit_entries_of(person)
    assert (
        list(LogEntry.objects.get_for_object(other).values_list("object_repr", flat=True)) == before
    )
    assert not LogEntry.objects.filter(object_repr__icontains="Quistgaard").exists()


def test_the_coordinators_own_actions_are_kept_under_their_name(person, coordinator):
    erasure.delete_account(person, by=person)
    assert LogEntry.objects.filter(actor=coordinator).exists()
    assert User.objects.get(pk=coordinator.pk).email == coordinator.email


def test_agreements_end_through_the_service(person, monkeypatch):
    ended = []
    original = agreement_services.end

    def spy(agreement, **kwargs):
        ended.append(agreement.pk)
        return original(agreement, **kwargs)

    monkeypatch.setattr(agreement_services, "end", spy)
    erasure.delete_account(person, by=person)
    assert len(ended) == 2


@pytest.mark.parametrize(
    "password", ["x" * 5000, "test\x00kode", "<script>alert(1)</script>", "' OR 1=1 --", ""]
)
def test_hostile_input_deletes_nothing(volunteer, password):
    client = Client()
    client.force_login(volunteer)
    response = client.post(DELETE, {"password": password})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert User.objects.get(pk=volunteer.pk).is_active


def test_another_volunteers_id_in_the_post_is_ignored(volunteer):
    other = UserFactory(role=User.Role.VOLUNTEER)
    client = Client()
    client.force_login(volunteer)
    response = client.post(DELETE, {"password": TEST_PASSWORD, "user": other.pk, "pk": other.pk})
    assert response.status_code == 302
    assert not User.objects.get(pk=volunteer.pk).is_active
    assert User.objects.get(pk=other.pk).is_active


def test_the_delete_form_needs_csrf(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    assert client.post(DELETE, {"password": TEST_PASSWORD}).status_code == 403
    assert User.objects.get(pk=volunteer.pk).is_active
