"""The daily reminders: at fixed dates, the responsible staff member gets one mail per event
(an agreement ending within 60 and 30 days, a review meeting this week, a grant report due
within 30 days or overdue), never twice and never after the event; the same command keeps
the agreements' status up to date."""

import datetime
import io
import threading
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from partnerships.models import Agreement, Grant, GrantPool, GrantReport, SentReminder
from partnerships.services import reminders
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
TODAY = datetime.date(2027, 3, 10)  # a Wednesday
BASE_URL = "https://frivillig.example.dk"


def days(n):
    return TODAY + datetime.timedelta(days=n)


def at(day, hour=7):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=COPENHAGEN)


@pytest.fixture
def responsible(db):
    return UserFactory(
        email="aftaler@kommune.dk", role=User.Role.STAFF, language="da", full_name="Else Ansvar"
    )


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Rødovre Frivilligcenter", kind="volunteer_centre")


@pytest.fixture
def make_agreement(responsible, partner):
    def make(**fields):
        values = {
            "title": "Samarbejdsaftale med Frivilligcentret",
            "status": Agreement.Status.ACTIVE,
            "start_date": datetime.date(2026, 4, 1),
            "end_date": days(200),
            "responsible_staff": responsible,
            **fields,
        }
        agreement = AgreementFactory(**values)
        agreement.partners.add(partner)
        return agreement

    return make


@pytest.fixture
def make_grant(partner):
    pool = GrantPool.objects.create(year=2026, budget=Decimal("100000"))

    def make(agreement, report_due, **fields):
        return Grant.objects.create(
            pool=pool,
            organisation=partner,
            agreement=agreement,
            amount=Decimal("12500.50"),
            report_due=report_due,
            **fields,
        )

    return make


@pytest.fixture
def remind(django_capture_on_commit_callbacks, mailoutbox):
    """Run the daily command at 7 o'clock on ``day`` (TODAY by default); return its mails."""

    def run(day=TODAY):
        before = len(mailoutbox)
        with (
            time_machine.travel(at(day), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("agreement_reminders", base_url=BASE_URL, stdout=io.StringIO())
        run_worker()
        return mailoutbox[before:]

    return run


def keys():
    return sorted(SentReminder.objects.values_list("key", flat=True))


class TestAgreementsEnding:
    def test_sixty_days_before_the_end_one_mail_and_only_once(self, make_agreement, remind):
        agreement = make_agreement(end_date=days(60))
        [mail] = remind()
        assert mail.to == ["aftaler@kommune.dk"]
        assert "Samarbejdsaftale med Frivilligcentret" in mail.subject
        assert "9. maj 2027" in mail.subject  # 60 days after TODAY
        assert f"{BASE_URL}{agreement.get_absolute_url()}" in mail.body
        assert f'href="{BASE_URL}{agreement.get_absolute_url()}"' in mail.alternatives[0][0]
        assert remind() == []
        assert remind(days(1)) == []
        assert keys() == [f"agreement:{agreement.pk}:expires-60:2027-05-09"]

    def test_sixty_one_days_before_the_end_nothing_yet(self, make_agreement, remind):
        make_agreement(end_date=days(61))
        assert remind() == []

    def test_the_sixty_and_the_thirty_day_reminders_each_come_once(self, make_agreement, remind):
        agreement = make_agreement(end_date=days(45))
        assert len(remind()) == 1
        assert remind(days(14)) == []  # 31 days left: the 60-day one was sent
        assert len(remind(days(15))) == 1  # 30 days left
        assert remind(days(16)) == []
        assert remind(days(45)) == []  # the last day
        pk = agreement.pk
        assert keys() == [
            f"agreement:{pk}:expires-30:2027-04-24",
            f"agreement:{pk}:expires-60:2027-04-24",
        ]

    def test_an_agreement_first_seen_twenty_days_before_its_end_gets_one_mail(
        self, make_agreement, remind
    ):
        agreement = make_agreement(end_date=days(20))
        assert len(remind()) == 1
        assert keys() == [f"agreement:{agreement.pk}:expires-30:2027-03-30"]
        assert remind(days(1)) == []

    def test_a_moved_end_date_is_a_new_event(self, make_agreement, remind):
        agreement = make_agreement(end_date=days(50))
        assert len(remind()) == 1
        Agreement.objects.filter(pk=agreement.pk).update(end_date=days(58))
        assert len(remind(days(1))) == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {"end_date": days(-1), "status": "expiring"},  # has ended
            {"end_date": days(30), "status": "ended"},  # ended early
            {"end_date": days(30), "status": "draft"},  # not in force
            {"end_date": None},  # open-ended
            {"end_date": days(30), "responsible_staff": None},
        ],
    )
    def test_nothing_after_the_event_or_without_a_recipient(self, make_agreement, remind, fields):
        make_agreement(**fields)
        assert remind() == []

    def test_an_agreement_whose_renewal_is_in_force_is_not_reminded_of(
        self, make_agreement, remind
    ):
        agreement = make_agreement(end_date=days(30))
        renewal = make_agreement(start_date=days(31), end_date=days(400), renewal_of=agreement)
        Agreement.objects.filter(pk=renewal.pk).update(status="draft")
        assert len(remind()) == 1  # a draft renewal may never be signed: remind
        Agreement.objects.filter(pk=renewal.pk).update(status="active")
        SentReminder.objects.all().delete()
        assert remind(days(1)) == []

    @pytest.mark.parametrize("user_fields", [{"is_active": False}, {"role": User.Role.VOLUNTEER}])
    def test_a_responsible_person_no_longer_on_the_staff_is_not_mailed(
        self, make_agreement, responsible, remind, user_fields
    ):
        make_agreement(end_date=days(30))
        User.objects.filter(pk=responsible.pk).update(**user_fields)
        assert remind() == []

    def test_the_mail_is_in_the_recipients_language(self, make_agreement, responsible, remind):
        User.objects.filter(pk=responsible.pk).update(language="en")
        agreement = make_agreement(end_date=days(30))
        [mail] = remind()
        assert mail.body.startswith("Hello,")
        assert "ends on 9. April 2027" in mail.subject
        assert f"{BASE_URL}/en{agreement.get_absolute_url()}" in mail.body

    def test_the_mail_is_danish_by_default(self, make_agreement, remind):
        make_agreement(end_date=days(30))
        [mail] = remind()
        assert mail.body.startswith("Hej,")


class TestReviews:
    @pytest.mark.parametrize("review", [days(0), days(2), days(4)])  # Wednesday to Sunday
    def test_a_review_this_week_from_today_on_is_reminded_of_once(
        self, make_agreement, remind, review
    ):
        agreement = make_agreement(next_review_date=review)
        [mail] = remind()
        assert "Samarbejdsaftale med Frivilligcentret" in mail.subject
        assert remind(min(review, days(4))) == []
        assert keys() == [f"agreement:{agreement.pk}:review:{review.isoformat()}"]

    @pytest.mark.parametrize("review", [days(-1), days(-2), days(5)])  # passed, next Monday
    def test_a_review_passed_or_in_another_week_is_not(self, make_agreement, remind, review):
        make_agreement(next_review_date=review)
        assert remind() == []

    def test_next_weeks_review_is_reminded_of_on_its_monday(self, make_agreement, remind):
        make_agreement(next_review_date=days(7))  # next Wednesday
        assert remind(days(4)) == []  # Sunday
        assert len(remind(days(5))) == 1  # Monday

    def test_no_review_reminder_for_an_agreement_not_in_force(self, make_agreement, remind):
        make_agreement(next_review_date=days(1), status="ended")
        assert remind() == []


class TestGrantReports:
    def test_a_report_due_within_30_days_then_overdue_gives_two_mails(
        self, make_agreement, make_grant, remind
    ):
        grant = make_grant(make_agreement(), report_due=days(30))
        [due] = remind()
        assert "Rødovre Frivilligcenter" in due.subject
        assert "12.500,50" in due.body
        assert remind(days(30)) == []  # the due day itself is not overdue
        [overdue] = remind(days(31))
        assert "Rødovre Frivilligcenter" in overdue.subject
        assert overdue.subject != due.subject
        assert remind(days(60)) == []
        assert keys() == [
            f"grant:{grant.pk}:report-due:2027-04-09",
            f"grant:{grant.pk}:report-overdue:2027-04-09",
        ]

    def test_a_report_due_in_31_days_is_not_reminded_of_yet(
        self, make_agreement, make_grant, remind
    ):
        make_grant(make_agreement(), report_due=days(31))
        assert remind() == []

    def test_a_report_first_seen_overdue_gets_the_overdue_mail_only(
        self, make_agreement, make_grant, remind
    ):
        grant = make_grant(make_agreement(), report_due=days(-10))
        assert len(remind()) == 1
        assert keys() == [f"grant:{grant.pk}:report-overdue:2027-02-28"]

    def test_a_received_report_is_not_reminded_of(self, make_agreement, make_grant, remind):
        grant = make_grant(make_agreement(), report_due=days(-10))
        GrantReport.objects.create(grant=grant, received_on=days(-11), use="Kaffe og kage")
        assert remind() == []

    def test_a_grant_of_an_agreement_that_has_run_out_is_still_reminded_of(
        self, make_agreement, make_grant, remind
    ):
        agreement = make_agreement(end_date=days(-100), status="expired")
        make_grant(agreement, report_due=days(10))
        assert len(remind()) == 1

    def test_a_grant_without_an_agreement_is_skipped(self, make_grant, remind):
        make_grant(None, report_due=days(10))
        assert remind() == []


class TestOnceOnly:
    def test_all_events_of_a_day_one_mail_each_across_two_runs(
        self, make_agreement, make_grant, remind
    ):
        make_agreement(end_date=days(40))
        make_agreement(end_date=days(10), next_review_date=days(1))
        make_grant(make_agreement(), report_due=days(-1))
        make_grant(make_agreement(), report_due=days(5))
        assert len(remind()) == 5
        assert remind() == []
        assert SentReminder.objects.count() == 5

    def test_an_event_stored_by_another_run_meanwhile_is_not_mailed(
        self, make_agreement, responsible, django_capture_on_commit_callbacks
    ):
        make_agreement(end_date=days(30))
        [reminder] = reminders.due_reminders(today=TODAY)
        # Another run stores the key after this one has looked.
        SentReminder.objects.create(key=reminder.key, recipient=responsible)
        with django_capture_on_commit_callbacks() as callbacks:
            assert reminders.reminder_send(reminder, base_url=BASE_URL, by=None) is False
        assert callbacks == []
        assert SentReminder.objects.count() == 1

    @pytest.mark.django_db(transaction=True)
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers")
    def test_two_runs_at_once_mail_each_event_once(self, make_agreement):
        make_agreement(end_date=days(30))
        make_agreement(end_date=days(50), next_review_date=days(1))
        start = threading.Barrier(2)
        sent, errors = [], []

        def run():
            try:
                start.wait()
                sent.append(reminders.reminders_send_due(base_url=BASE_URL, by=None, today=TODAY))
            except Exception as error:  # noqa: BLE001 (a thread's error must fail the test)
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(sent) == 3
        assert SentReminder.objects.count() == 3
        assert DBTaskResult.objects.count() == 3


class TestTheCommand:
    def test_it_marks_statuses_first_without_a_person_in_the_audit_log(
        self, make_agreement, remind
    ):
        ending = make_agreement(end_date=days(80))
        ended = make_agreement(end_date=days(-1))
        remind()
        ending.refresh_from_db()
        ended.refresh_from_db()
        assert (ending.status, ended.status) == ("expiring", "expired")
        entries = LogEntry.objects.get_for_object(ended).filter(action=LogEntry.Action.UPDATE)
        [entry] = [entry for entry in entries if "status" in entry.changes_dict]
        assert entry.changes_dict["status"][1] == "expired"
        assert entry.actor is None

    def test_it_needs_the_portals_address(self):
        with pytest.raises(CommandError):
            call_command("agreement_reminders", base_url="")
