"""The volunteer flow's daily command: reminders before a start (once, never on or after the
start, not when turned off), lapsed waiting-list offers passing on to the next in line, and
unanswered agreement offers ending."""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import Interest, SentReminder, VolunteerAgreement, VolunteerProfile
from partnerships.services import interests as interest_services
from partnerships.services.volunteer_reminders import due_volunteer_reminders
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
START = datetime.date(2027, 1, 4)
BASE_URL = "https://frivillig.example.dk"


def at(day, hour=7):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=COPENHAGEN)


def before_start(days):
    return START - datetime.timedelta(days=days)


@pytest.fixture
def daily(django_capture_on_commit_callbacks, mailoutbox):
    """Run the daily command at 7 o'clock on ``day``; return the mails it sent."""

    def run(day):
        before = len(mailoutbox)
        with (
            time_machine.travel(at(day), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("volunteer_reminders", base_url=BASE_URL, stdout=io.StringIO())
        run_worker()
        return mailoutbox[before:]

    return run


@pytest.fixture
def karen(db):
    user = UserFactory(email="karen@example.dk", full_name="Karen Hansen", language="da")
    VolunteerProfile.objects.create(user=user, phone="12345678")
    return user


def agreement_for(volunteer, status="active", **fields):
    return VolunteerAgreementFactory(
        volunteer=volunteer, status=status, **{"start_date": START, **fields}
    )


def test_reminder_two_days_before_the_start_once_with_the_way_to_turn_it_off(
    settings, karen, daily
):
    settings.VOLUNTEER_REMINDER_DAYS = 2
    agreement = agreement_for(karen, status="confirmed")
    assert daily(before_start(3)) == []
    [message] = daily(before_start(2))
    assert message.to == ["karen@example.dk"]
    assert agreement.unit.name in message.subject
    assert "4. januar 2027" in message.body
    assert f"{BASE_URL}/volunteering/agreements/{agreement.pk}/" in message.body
    assert f"{BASE_URL}/volunteering/me/profile/" in message.body
    with translation.override("da"):
        assert gettext("Turn reminders off") in message.alternatives[0][0]
    assert daily(before_start(2)) == []
    assert daily(before_start(1)) == []
    assert list(SentReminder.objects.values_list("key", flat=True)) == [
        f"volunteer-agreement:{agreement.pk}:start:2027-01-04"
    ]


def test_a_missed_run_sends_the_next_day_but_never_on_or_after_the_start(karen, daily):
    agreement_for(karen)
    assert len(daily(before_start(1))) == 1  # the run two days before was missed

    other = UserFactory()
    agreement_for(other)
    assert daily(START) == []
    assert daily(START + datetime.timedelta(days=1)) == []
    assert not SentReminder.objects.filter(recipient=other).exists()


def test_no_reminder_when_turned_off(karen, daily):
    VolunteerProfile.objects.filter(user=karen).update(reminders_enabled=False)
    agreement_for(karen)
    assert daily(before_start(2)) == []
    assert not SentReminder.objects.exists()


def test_no_reminder_for_a_draft_an_offer_or_an_ended_agreement(karen, daily):
    for status in ("draft", "offered", "ended"):
        agreement_for(karen, status=status)
    assert daily(before_start(2)) == []


def test_a_volunteer_without_a_profile_gets_reminders_as_the_default(daily):
    volunteer = UserFactory(email="uden@example.dk")
    agreement_for(volunteer)
    [message] = daily(before_start(2))
    assert message.to == ["uden@example.dk"]


def test_a_one_off_task_is_reminded_of_before_its_own_day(karen, daily):
    task = OpportunityFactory(
        title="Sommerfest i haven", is_one_off=True, start_date=datetime.date(2027, 6, 12)
    )
    agreement_for(karen, opportunity=task, start_date=datetime.date(2027, 5, 1))
    [message] = daily(datetime.date(2027, 6, 10))
    assert "Sommerfest i haven" in message.subject
    assert "12. juni 2027" in message.body
    assert daily(datetime.date(2027, 6, 11)) == []
    assert daily(datetime.date(2027, 6, 12)) == []


def test_a_task_on_the_agreements_own_start_day_is_one_mail(karen, daily):
    task = OpportunityFactory(is_one_off=True, start_date=START)
    agreement_for(karen, opportunity=task)
    assert len(daily(before_start(2))) == 1


def test_a_moved_start_is_a_new_event(karen, daily):
    agreement = agreement_for(karen)
    assert len(daily(before_start(2))) == 1
    later = START + datetime.timedelta(days=7)
    VolunteerAgreement.objects.filter(pk=agreement.pk).update(start_date=later)
    assert len(daily(later - datetime.timedelta(days=2))) == 1


def test_an_inactive_account_gets_no_reminder(karen, daily):
    User.objects.filter(pk=karen.pk).update(is_active=False)
    agreement_for(karen)
    assert daily(before_start(2)) == []


def test_the_reminder_list_is_read_only_and_empty_after_sending(karen, daily):
    agreement_for(karen)
    assert len(due_volunteer_reminders(today=before_start(2))) == 1
    daily(before_start(2))
    assert due_volunteer_reminders(today=before_start(2)) == []


def test_a_lapsed_waiting_list_offer_passes_to_the_next_in_line(settings, daily):
    settings.VOLUNTEER_PLACE_OFFER_HOURS = 72
    opportunity = OpportunityFactory(volunteers_wanted=1)
    InterestFactory(opportunity=opportunity, status="new")
    first_day = datetime.date(2027, 3, 1)
    with time_machine.travel(at(first_day, 6), tick=False):
        first = InterestFactory(opportunity=opportunity, status="waiting")
    with time_machine.travel(at(first_day, 6) + datetime.timedelta(minutes=5), tick=False):
        second = InterestFactory(opportunity=opportunity, status="waiting")
    # The place frees; the first in line is offered it for 72 hours.
    with time_machine.travel(at(first_day, 8), tick=False):
        taken = Interest.objects.get(opportunity=opportunity, status="new")
        interest_services.withdraw(taken, by=taken.volunteer)
    first.refresh_from_db()
    assert first.place_offered_until == at(first_day, 8) + datetime.timedelta(hours=72)

    assert daily(datetime.date(2027, 3, 3)) == []  # still within the 72 hours
    mails = daily(datetime.date(2027, 3, 5))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Interest.Status.LAPSED
    assert second.status == Interest.Status.WAITING
    assert second.place_offered_until == at(datetime.date(2027, 3, 5)) + datetime.timedelta(
        hours=72
    )
    assert sorted(m.to[0] for m in mails) == sorted([first.volunteer.email, second.volunteer.email])
    link = re.search(
        r"/volunteering/waiting/[^/\s]+/",
        [m for m in mails if m.to == [second.volunteer.email]][0].body,
    )
    assert link


def test_an_unanswered_agreement_offer_ends(daily):
    offered = VolunteerAgreementFactory(
        status="offered", answer_by=at(datetime.date(2027, 2, 1), 12)
    )
    daily(datetime.date(2027, 2, 1))
    offered.refresh_from_db()
    assert offered.status == "offered"
    daily(datetime.date(2027, 2, 2))
    offered.refresh_from_db()
    assert offered.status == VolunteerAgreement.Status.ENDED


def test_the_command_needs_the_portals_address():
    with pytest.raises(CommandError):
        call_command("volunteer_reminders", base_url="", stdout=io.StringIO())
