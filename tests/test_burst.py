"""The campaign burst (benchmarks/burst.py): its checks catch what they must, and a small burst
(20 citizens) on PostgreSQL passes them: no 5xx, capacity held, each mail sent once."""

import secrets

import pytest
from django.core.mail import EmailMessage, get_connection
from django.db import connection

from benchmarks import burst
from benchmarks.loopback import database_url, production_environment
from tests.conftest import IN_CI


def outcome(**values):
    return burst.Outcome(
        **{
            "citizen": 1,
            "form_status": 200,
            "post_status": 302,
            "location": "/volunteering/me/",
            **values,
        }
    )


def test_check_answers_accepts_redirects_to_the_volunteers_page():
    assert burst.check_answers([outcome(), outcome(citizen=2)]) == []


@pytest.mark.parametrize(
    "bad",
    [
        {"post_status": 500},
        {"form_status": 502, "post_status": 0},
        {"post_status": 200},  # the form shown again: the interest was refused
        {"location": "/accounts/login/?next=/volunteering/1/interest/"},
        {"error": "ConnectionResetError()"},
    ],
)
def test_check_answers_reports_each_failed_citizen(bad):
    failures = burst.check_answers([outcome(), outcome(citizen=7, **bad)])
    assert len(failures) == 1
    assert failures[0].startswith("citizen 7")


def test_check_capacity_accepts_places_filled_and_the_rest_waiting():
    assert burst.check_capacity([("A", 25, 40, 25, 15, 25), ("B", 25, 10, 10, 0, 10)]) == []


@pytest.mark.parametrize(
    "row",
    [
        ("A", 25, 40, 26, 14, 26),  # overbooked
        ("A", 25, 40, 24, 16, 24),  # a place left empty while people wait
        ("A", 25, 40, 25, 14, 25),  # someone lost
    ],
)
def test_check_capacity_reports_overbooking_and_lost_interests(row):
    assert burst.check_capacity([row]) != []


def test_check_mails_wants_each_due_mail_exactly_once():
    expected = [("k@x.dk", "Borger 1"), ("b2@x.dk", "Opgave 1")]
    sent = [
        ("k@x.dk", "Ny interesse fra Borger 1"),
        ("b2@x.dk", "Du er på ventelisten til Opgave 1"),
    ]
    assert burst.check_mails(sent, expected) == []
    assert len(burst.check_mails(sent + sent[:1], expected)) == 1  # sent twice
    assert len(burst.check_mails(sent[1:], expected)) == 1  # never sent
    assert len(burst.check_mails([*sent, ("z@x.dk", "Andet")], expected)) == 1  # unexpected


def test_read_mails_reads_what_djangos_file_backend_wrote(tmp_path):
    backend = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=tmp_path)
    backend.send_messages(
        [
            EmailMessage("Ny interesse fra Borger 0001", "tekst", "a@x.dk", ["K@x.dk"]),
            EmailMessage("Du er på ventelisten til “Opgave 1”", "tekst", "a@x.dk", ["b@x.dk"]),
        ]
    )
    assert sorted(burst.read_mails(tmp_path)) == [
        ("b@x.dk", "Du er på ventelisten til “Opgave 1”"),
        ("k@x.dk", "Ny interesse fra Borger 0001"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not IN_CI, reason="the burst needs PostgreSQL"
)
def test_a_small_burst_holds_capacity_and_mails_each_once(settings, tmp_path):
    secret = "burst-test-" + secrets.token_urlsafe(48)
    settings.SECRET_KEY = secret  # the sessions made here are read by the app server
    env = production_environment(
        database_url=database_url(connection.settings_dict), secret_key=secret
    )
    (tmp_path / "mail").mkdir()
    report = burst.burst(
        env=env,
        citizens=20,
        opportunities=5,
        places=2,
        concurrency=10,
        mail_dir=tmp_path / "mail",
        log_dir=tmp_path,
    )
    assert report.failures == []
    assert report.answers == {"200/302": 20}
    assert sum(report.holding.values()) == 10
    assert sum(report.waiting.values()) == 10
    assert report.mails_sent == report.mails_expected == 20
