"""The daily commands run once per calendar day, however many servers start them."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.conftest import IN_CI
from volunteer_portal import daily_runs
from volunteer_portal.models import DailyRun

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def calls(monkeypatch):
    """The commands run_daily calls, recorded instead of run."""
    called = []
    lock = threading.Lock()

    def fake_call_command(name, **options):
        with lock:
            called.append(name)

    monkeypatch.setattr(daily_runs, "call_command", fake_call_command)
    return called


@pytest.mark.django_db
def test_run_daily_runs_every_daily_command_in_order(calls):
    run = daily_runs.run_daily(day=DAY)
    assert calls == daily_runs.DAILY_COMMANDS
    assert run.is_ok is True
    assert run.finished_at is not None
    assert DailyRun.objects.get(day=DAY).is_ok is True


@pytest.mark.django_db
def test_a_second_call_the_same_day_does_nothing(calls):
    assert daily_runs.run_daily(day=DAY) is not None
    assert daily_runs.run_daily(day=DAY) is None
    assert calls == daily_runs.DAILY_COMMANDS
    assert DailyRun.objects.count() == 1


@pytest.mark.django_db
def test_the_next_day_runs_again(calls):
    daily_runs.run_daily(day=DAY)
    assert daily_runs.run_daily(day=DAY + datetime.timedelta(days=1)) is not None
    assert calls == daily_runs.DAILY_COMMANDS * 2
    assert DailyRun.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_command_fails_the_run_but_the_others_still_run(monkeypatch):
    called = []

    def failing(name, **options):
        called.append(name)
        if name == "volunteer_reminders":
            raise RuntimeError("mail server down")

    monkeypatch.setattr(daily_runs, "call_command", failing)
    run = daily_runs.run_daily(day=DAY)
    assert called == daily_runs.DAILY_COMMANDS
    assert run.is_ok is False
    assert "mail server down" in run.output


@pytest.mark.django_db
def test_a_failed_run_is_run_again_only_with_retry(calls):
    DailyRun.objects.create(
        day=DAY,
        started_at=datetime.datetime(2026, 3, 2, 5, tzinfo=datetime.UTC),
        finished_at=datetime.datetime(2026, 3, 2, 5, 1, tzinfo=datetime.UTC),
        is_ok=False,
    )
    assert daily_runs.run_daily(day=DAY) is None
    run = daily_runs.run_daily(day=DAY, retry=True)
    assert run is not None and run.is_ok is True
    assert calls == daily_runs.DAILY_COMMANDS
    assert DailyRun.objects.filter(day=DAY).count() == 1


@pytest.mark.django_db
def test_retry_leaves_a_good_run_and_one_still_running_alone(calls):
    DailyRun.objects.create(day=DAY, started_at=datetime.datetime.now(datetime.UTC))
    assert daily_runs.run_daily(day=DAY, retry=True) is None
    assert calls == []


@pytest.mark.django_db
def test_retry_takes_over_a_run_whose_process_died(calls):
    started = datetime.datetime.now(datetime.UTC) - daily_runs.STALE_AFTER
    DailyRun.objects.create(day=DAY, started_at=started - datetime.timedelta(minutes=1))
    assert daily_runs.run_daily(day=DAY, retry=True) is not None
    assert calls == daily_runs.DAILY_COMMANDS


@pytest.mark.django_db
def test_the_command_runs_the_real_daily_commands_once(capsys):
    call_command("run_daily")
    first = capsys.readouterr().out
    assert "agreement_reminders" in first and "Daily run of" in first
    assert DailyRun.objects.get().is_ok is True
    call_command("run_daily")
    assert "already been claimed" in capsys.readouterr().out
    assert DailyRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" and not IN_CI, reason="parallel writers need PostgreSQL"
)
@pytest.mark.parametrize("round_", range(4))
def test_servers_starting_at_once_run_the_day_once(calls, round_):
    servers = 4
    barrier = threading.Barrier(servers)
    results = [None] * servers

    def server(index):
        try:
            barrier.wait()
            results[index] = daily_runs.run_daily(day=DAY)
        except Exception as error:  # noqa: BLE001  (reported by the assertion)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server, args=(i,)) for i in range(servers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, DailyRun)]
    assert len(winners) == 1, results
    assert results.count(None) == servers - 1, results
    assert calls == daily_runs.DAILY_COMMANDS
    assert DailyRun.objects.filter(day=DAY).count() == 1
