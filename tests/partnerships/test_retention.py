"""Retention (issue #12, part E): ``manage.py apply_retention`` against a fixed clock. A dry run
lists what is due, each with its rule and dates, and changes nothing; a real run anonymises
exactly the records that are due (their audit entries scrubbed too) and nothing else; volunteers
are warned 30 days ahead, once; a second run does nothing more."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import translation

from organisations.models import Referral
from partnerships.models import Interest, SentReminder, VolunteerAgreement, VolunteerProfile
from partnerships.services import retention
from tests.factories import (
    ActivityFactory,
    InterestFactory,
    UnitFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
TODAY = datetime.date(2027, 6, 1)
NOW = datetime.datetime.combine(TODAY, datetime.time(7), tzinfo=COPENHAGEN)
BASE_URL = "https://frivillig.example.dk"
SECRET = "Min hemmelige besked om mit helbred"


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def run(*args, when=NOW):
    out = io.StringIO()
    # The reasons are in the active language: the tests read them in English.
    with time_machine.travel(when, tick=False), translation.override("en"):
        call_command("apply_retention", *args, base_url=BASE_URL, stdout=out)
    return out.getvalue()


def closed_interest(status="declined", changed=None, **fields):
    fields.setdefault("message", SECRET)
    interest = InterestFactory(status=status, **fields)
    if status == "declined":
        interest.declined_reason = "Passer ikke til opgaven"
    interest.save()
    Interest.objects.filter(pk=interest.pk).update(status_changed_at=changed)
    interest.refresh_from_db()
    return interest


def ended_agreement(ended_on, **fields):
    agreement = VolunteerAgreementFactory(
        status="ended",
        start_date=datetime.date(2019, 1, 7),
        ended_on=ended_on,
        expectations="Hjælp med kaffen",
        task_boundary="Ingen pleje",
        rhythm="Tirsdage",
        meetings="Hvert halve år",
        ended_reason=SECRET,
        child_certificate_required=True,
        child_certificate_assessed_on=datetime.date(2019, 1, 2),
        child_certificate_renew_by=datetime.date(2021, 1, 2),
        **fields,
    )
    return agreement


def unconfirmed_signup(joined, **fields):
    user = UserFactory(**{"role": User.Role.VOLUNTEER, **fields})
    EmailAddress.objects.filter(user=user).update(verified=False)
    User.objects.filter(pk=user.pk).update(date_joined=joined)
    VolunteerProfile.objects.create(user=user, phone="12345678", presentation="Hej")
    return user


def referral(referred_on, note="Godt match med gruppen"):
    activity = ActivityFactory()
    return Referral.objects.create(
        activity=activity, unit=UnitFactory(), referred_on=referred_on, note=note
    )


@pytest.fixture
def world(db):
    """Records on both sides of each rule's line on TODAY."""
    with time_machine.travel(NOW - datetime.timedelta(days=800), tick=False):
        made = {
            # Interests: closed 13 months ago (due), 11 months ago (not), open and old (not).
            "interest_due": closed_interest("declined", days_ago(396)),
            "withdrawn_due": closed_interest("withdrawn", days_ago(370)),
            "lapsed_due": closed_interest("lapsed", days_ago(366)),
            "interest_recent": closed_interest("declined", days_ago(300)),
            "interest_open": InterestFactory(status="new", message=SECRET),
            # Agreements: ended 6 years ago (due), 4 years ago (not), active (not).
            "agreement_due": ended_agreement(datetime.date(2021, 3, 1)),
            "agreement_recent": ended_agreement(datetime.date(2023, 3, 1)),
            "agreement_active": VolunteerAgreementFactory(status="active"),
            # Referrals: 13 months ago (due), 11 months ago (not).
            "referral_due": referral(datetime.date(2026, 5, 1)),
            "referral_recent": referral(datetime.date(2026, 7, 1)),
        }
    made |= {
        # Sign-ups: unconfirmed for 8 days (due), for 6 (not); confirmed (not); used (not).
        "signup_due": unconfirmed_signup(days_ago(8), email="ny@example.dk"),
        "signup_recent": unconfirmed_signup(days_ago(6)),
        "signup_confirmed": UserFactory(),
        "signup_used": unconfirmed_signup(days_ago(30), last_login=days_ago(29)),
        "signup_staff": unconfirmed_signup(days_ago(30), role=User.Role.STAFF),
    }
    User.objects.filter(pk=made["signup_confirmed"].pk).update(date_joined=days_ago(30))
    return made


DUE = ("interest_due", "withdrawn_due", "lapsed_due", "agreement_due", "referral_due", "signup_due")


def snapshot():
    return {
        "interests": list(Interest.objects.order_by("pk").values()),
        "agreements": list(VolunteerAgreement.objects.order_by("pk").values()),
        "referrals": list(Referral.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values_list("pk", flat=True)),
        "log": list(LogEntry.objects.order_by("pk").values("pk", "changes", "object_repr")),
        "reminders": SentReminder.objects.count(),
    }


def test_the_rules_find_exactly_the_due_records_with_their_reasons(world):
    with translation.override("en"):
        due = retention.due_for_anonymisation(now=NOW)
    assert {item.record.pk for item in due if item.rule == "closed-interest"} == {
        world[name].pk for name in ("interest_due", "withdrawn_due", "lapsed_due")
    }
    assert [item.record for item in due if item.rule == "ended-agreement"] == [
        world["agreement_due"]
    ]
    assert [item.record for item in due if item.rule == "unconfirmed-signup"] == [
        world["signup_due"]
    ]
    assert [item.record for item in due if item.rule == "referral-note"] == [world["referral_due"]]
    by_label = {item.label: item for item in due}
    agreement = by_label[f"partnerships.VolunteerAgreement #{world['agreement_due'].pk}"]
    assert "ended on 2021-03-01" in agreement.reason
    assert "kept 5 years, until 2026-03-01" in agreement.reason
    referral_due = by_label[f"organisations.Referral #{world['referral_due'].pk}"]
    assert "Referral of 2026-05-01" in referral_due.reason
    assert "until 2027-05-01" in referral_due.reason


def test_dry_run_lists_each_record_with_its_reason_and_changes_nothing(world, queued_mail):
    before = snapshot()
    out = run("--dry-run")
    assert snapshot() == before
    assert queued_mail == []
    interest = world["interest_due"]
    assert f"Would anonymise: partnerships.Interest #{interest.pk} (closed-interest)" in out
    assert "last change of status 2026-05-01" in out
    assert "kept 12 months, until 2027-05-01" in out
    assert f"partnerships.VolunteerAgreement #{world['agreement_due'].pk} (ended-agreement)" in out
    signup = world["signup_due"]
    assert f"volunteer_portal.User #{signup.pk} (unconfirmed-signup)" in out
    assert "never confirmed and never used, kept 7 days" in out
    assert f"organisations.Referral #{world['referral_due'].pk} (referral-note)" in out
    for name in ("interest_recent", "interest_open"):
        assert f"partnerships.Interest #{world[name].pk} " not in out
    for name in ("agreement_recent", "agreement_active"):
        assert f"partnerships.VolunteerAgreement #{world[name].pk} " not in out
    assert f"organisations.Referral #{world['referral_recent'].pk} " not in out
    for name in ("signup_recent", "signup_confirmed", "signup_used", "signup_staff"):
        assert f"volunteer_portal.User #{world[name].pk} " not in out
    assert out.count("Would anonymise:") == len(DUE)
    assert "Dry run: 0 warnings and 6 records due; nothing changed." in out


def test_real_run_anonymises_exactly_the_due_records(world, queued_mail):
    before = snapshot()
    out = run()
    assert "anonymised 6 records" in out

    interest = Interest.objects.get(pk=world["interest_due"].pk)
    assert (interest.message, interest.declined_reason) == ("", "")
    # The row stays for the statistics, with its volunteer (whose account still exists).
    assert interest.status == "declined"
    assert interest.volunteer_id == world["interest_due"].volunteer_id
    assert interest.opportunity_id == world["interest_due"].opportunity_id
    assert interest.status_changed_at == world["interest_due"].status_changed_at
    for name in ("withdrawn_due", "lapsed_due"):
        assert Interest.objects.get(pk=world[name].pk).message == ""
    for name in ("interest_recent", "interest_open"):
        assert Interest.objects.get(pk=world[name].pk).message == SECRET

    agreement = VolunteerAgreement.objects.get(pk=world["agreement_due"].pk)
    for field in retention.AGREEMENT_TEXTS:
        assert getattr(agreement, field) == "", field
    assert agreement.child_certificate_assessed_on is None
    assert agreement.child_certificate_renew_by is None
    assert (agreement.status, agreement.ended_on, agreement.start_date) == (
        "ended",
        datetime.date(2021, 3, 1),
        datetime.date(2019, 1, 7),
    )
    assert agreement.unit_id == world["agreement_due"].unit_id
    kept = VolunteerAgreement.objects.get(pk=world["agreement_recent"].pk)
    assert kept.ended_reason == SECRET
    assert kept.child_certificate_assessed_on == datetime.date(2019, 1, 2)
    active = VolunteerAgreement.objects.get(pk=world["agreement_active"].pk)
    assert active.tasks == world["agreement_active"].tasks

    signup = world["signup_due"]
    assert not User.objects.filter(pk=signup.pk).exists()
    assert not VolunteerProfile.objects.filter(user_id=signup.pk).exists()
    assert not EmailAddress.objects.filter(email="ny@example.dk").exists()
    for name in ("signup_recent", "signup_confirmed", "signup_used", "signup_staff"):
        assert User.objects.filter(pk=world[name].pk).exists(), name

    assert Referral.objects.get(pk=world["referral_due"].pk).note == ""
    assert Referral.objects.get(pk=world["referral_due"].pk).referred_on == datetime.date(
        2026, 5, 1
    )
    assert Referral.objects.get(pk=world["referral_recent"].pk).note != ""

    # Nothing else changed: the rows not due are as they were.
    after = snapshot()
    due_pks = {world[name].pk for name in ("interest_due", "withdrawn_due", "lapsed_due")}
    assert [row for row in after["interests"] if row["id"] not in due_pks] == [
        row for row in before["interests"] if row["id"] not in due_pks
    ]
    assert [row for row in after["referrals"] if row["id"] != world["referral_due"].pk] == [
        row for row in before["referrals"] if row["id"] != world["referral_due"].pk
    ]


def test_the_personal_text_is_scrubbed_from_the_audit_log(world):
    def entries(record_type, pk):
        return LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(record_type), object_pk=str(pk)
        )

    interest = world["interest_due"]
    assert SECRET in str(list(entries(Interest, interest.pk).values_list("changes", flat=True)))
    assert "ny@example.dk" in str(
        list(entries(User, world["signup_due"].pk).values("changes", "object_repr"))
    )
    run()
    for record_type, name in (
        (Interest, "interest_due"),
        (VolunteerAgreement, "agreement_due"),
        (User, "signup_due"),
    ):
        rows = list(entries(record_type, world[name].pk).values("changes", "object_repr"))
        assert rows, name  # the entries stay: who, when, which action
        assert SECRET not in str(rows), name
        assert "ny@example.dk" not in str(rows), name
        assert "Passer ikke" not in str(rows), name
    # The status changes of the interest are still in its history.
    assert any(
        "status" in (row or {})
        for row in entries(Interest, interest.pk).values_list("changes", flat=True)
    )
    # A record not due keeps its history.
    recent = world["interest_recent"]
    assert SECRET in str(list(entries(Interest, recent.pk).values_list("changes", flat=True)))


def test_running_twice_does_nothing_more(world, queued_mail):
    run()
    after_first = snapshot()
    mails = len(queued_mail)
    out = run()
    assert "Sent 0 warnings; anonymised 0 records." in out
    assert snapshot() == after_first
    assert len(queued_mail) == mails
    assert "Dry run: 0 warnings and 0 records due" in run("--dry-run")


@pytest.fixture
def karen(db):
    return UserFactory(email="karen@example.dk", full_name="Karen Hansen", language="da")


def test_a_volunteer_is_warned_30_days_ahead_once(karen, queued_mail):
    # Ended on 2022-07-01: anonymised on 2027-07-01, 30 days after TODAY.
    agreement = ended_agreement(datetime.date(2022, 7, 1), volunteer=karen)
    day_before_window = NOW - datetime.timedelta(days=1)
    assert "Sent 0 warnings" in run(when=day_before_window)
    assert queued_mail == []
    out = run()
    assert f"Warned: partnerships.VolunteerAgreement #{agreement.pk}" in out
    [mail] = queued_mail
    assert mail["to"] == ["karen@example.dk"]
    assert "1. juli 2027" in mail["subject"]
    assert BASE_URL + retention.data_page_path() in mail["text"]
    assert BASE_URL + retention.data_page_path() in mail["html"]
    # The certificate is never mentioned in a mail.
    for part in (mail["subject"], mail["text"], mail["html"]):
        assert "attest" not in part.lower() and "certificate" not in part.lower()
    assert SentReminder.objects.filter(key=f"retention:agreement:{agreement.pk}:2027-07-01")
    # Once: not again the next days, nor in the same run twice.
    run()
    run(when=NOW + datetime.timedelta(days=5))
    assert len(queued_mail) == 1
    # Nothing is anonymised before the day; on the day it is, without a further mail.
    assert VolunteerAgreement.objects.get(pk=agreement.pk).ended_reason == SECRET
    run(when=NOW + datetime.timedelta(days=30))
    assert VolunteerAgreement.objects.get(pk=agreement.pk).ended_reason == ""
    assert len(queued_mail) == 1


def test_warning_of_an_interest_with_the_volunteers_own_message(karen, queued_mail):
    with time_machine.travel(NOW, tick=False):
        interest = closed_interest("withdrawn", days_ago(365 - 20), volunteer=karen)
        closed_interest("withdrawn", days_ago(365 - 20), message="")  # no text of theirs
    out = run("--dry-run")
    assert f"Would warn: partnerships.Interest #{interest.pk}" in out
    assert queued_mail == []
    run()
    [mail] = queued_mail
    assert mail["to"] == ["karen@example.dk"]
    assert SentReminder.objects.filter(key__startswith=f"retention:interest:{interest.pk}:")


def test_no_warning_to_a_deactivated_account(karen, queued_mail):
    ended_agreement(datetime.date(2022, 7, 1), volunteer=karen)
    User.objects.filter(pk=karen.pk).update(is_active=False)
    assert "Sent 0 warnings" in run()
    assert queued_mail == []


def test_the_periods_are_settings(settings, world):
    settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS = 3
    due = retention.due_for_anonymisation(now=NOW)
    agreements = {item.record.pk for item in due if item.rule == "ended-agreement"}
    assert agreements == {world["agreement_due"].pk, world["agreement_recent"].pk}
