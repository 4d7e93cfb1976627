"""The pieces of `make bench` (benchmarks/run.py), run cheaply: wrk's reporter, the table, the
bare view, the logged-in sessions. Nothing here is timed: the speed is in the benchmark."""

import json
import shutil

import pytest
from django.test import Client, override_settings

from benchmarks import run
from benchmarks.sessions import session_cookie
from tests.conftest import IN_CI, _plain_force_login

WRK_LINE = (
    'BENCH_RESULT {"requests": 500, "duration_us": 2000000, "bytes": 100000, "non2xx": 0, '
    '"statuses": {}, "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, '
    '"timeout": 0}, "latency_us": {"mean": 3000.0, "max": 9000, "p50": 2500, "p90": 4000, '
    '"p95": 5000, "p99": 8000}}'
)


def wrk_result(**changes):
    data = json.loads(WRK_LINE.removeprefix("BENCH_RESULT "))
    data.update(changes)
    return run.parse_wrk_output("Running 2s test\n" + "BENCH_RESULT " + json.dumps(data))


def test_parse_wrk_output_gives_requests_per_second_and_milliseconds():
    data = run.parse_wrk_output("Running 2s test @ http://127.0.0.1\n" + WRK_LINE + "\n")
    assert data["rps"] == 250
    assert data["latency_ms"]["p95"] == 5
    assert data["latency_ms"]["p99"] == 8
    assert data["failed"] is False


def test_parse_wrk_output_fails_a_run_with_non_2xx_answers_or_socket_errors():
    assert wrk_result(non2xx=3, statuses={"500": 3})["failed"] is True
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 2}
    assert wrk_result(errors=errors)["failed"] is True
    assert wrk_result(requests=0)["failed"] is True


def test_parse_wrk_output_without_the_reporters_line_is_an_error():
    with pytest.raises(ValueError, match="BENCH_RESULT"):
        run.parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


@pytest.fixture
def wrk_path():
    path = shutil.which("wrk") or shutil.which("wrk", path="/usr/bin")
    if not path:
        if IN_CI:
            pytest.fail("wrk is missing (apt-get install wrk)")
        pytest.skip("wrk is not installed")
    return path


def test_the_lua_reporter_counts_what_wrk_itself_lets_pass(live_server, wrk_path, monkeypatch):
    """A real wrk run of one second each: the health check answers 200, an unknown address
    404 (which wrk alone would count nowhere in its exit code)."""
    monkeypatch.setattr(run, "WRK", wrk_path)
    good = run.wrk(live_server.url + "/healthz", 1, 1, {})
    missing = run.wrk(live_server.url + "/no-such-page/", 1, 1, {})
    assert good["requests"] > 0 and good["non2xx"] == 0 and not good["failed"]
    assert missing["non2xx"] == missing["requests"] > 0
    assert missing["statuses"] == {"404": missing["requests"]}
    assert missing["failed"]


def page_row(name, kind="html", rps8=500.0, p95=20.0, queries=5, kb=40.0, **extra):
    eight = wrk_result(requests=int(rps8 * 2))
    eight["latency_ms"]["p95"] = p95
    return {
        "name": name,
        "label": name.title(),
        "path": f"/{name}/",
        "account": None,
        "kind": kind,
        "c1": wrk_result(),
        "c8": eight,
        "queries": queries,
        "kb": kb,
        **extra,
    }


def test_evaluate_names_each_missed_target():
    bare = 1000.0
    assert run.evaluate(page_row("fine"), bare) == []
    assert run.evaluate(page_row("slow", rps8=300.0), bare) == ["ratio"]
    assert run.evaluate(page_row("late", p95=120.0), bare) == ["p95"]
    # Search has the tighter limit.
    assert run.evaluate(page_row("search", kind="search", p95=60.0), bare) == ["p95"]
    assert run.evaluate(page_row("chatty", queries=16), bare) == ["queries"]
    assert run.evaluate(page_row("heavy", kb=151.0), bare) == ["KB"]
    # An export is no page with assets: its size is reported, not judged.
    assert run.evaluate(page_row("export", kind="export", kb=900.0), bare) == []
    assert "non-2xx" in run.evaluate(page_row("broken", status=302), bare)
    failing = page_row("errors")
    failing["c8"] = wrk_result(non2xx=4, statuses={"500": 4})
    assert "non-2xx" in run.evaluate(failing, bare)
    silent = page_row("silent")
    silent["c8"] = wrk_result(requests=0)
    assert run.evaluate(silent, bare)[0] == "no answer"
    # The logged-in bare view is a reference beside the pages, with no target of its own.
    reference = page_row("bare-user", kind="reference", rps8=300.0, p95=120.0, queries=3)
    assert run.evaluate(reference, bare) == []
    assert run.evaluate({**reference, "status": 302}, bare) == ["non-2xx"]


def test_the_table_has_a_row_per_page_its_verdict_and_the_note_saying_why():
    rows = [
        page_row("bare", kind="bare", rps8=1000.0, queries=None, kb=None),
        page_row("home"),
        page_row("plan", rps8=100.0, p95=250.0, queries=30),
    ]
    for row in rows:
        row["missed"] = run.evaluate(row, 1000.0)
    report = {
        "started": "2026-12-02 05:00",
        "size": "small",
        "duration": 4,
        "machine": {
            "cores": 2,
            "cpu": "Test CPU",
            "ram_gb": 8,
            "os": "Linux",
            "python": "3.11",
            "django": "5.2",
            "gunicorn": "27.0.1",
            "postgresql": "PostgreSQL 15.1",
            "wrk": "wrk 4.1.0",
        },
        "bare_rps": 1000.0,
        "data_seconds": 61.0,
        "workers_rss_mb": {"101": 90.0, "102": 250.0},
        "pages": rows,
        "burst": {"ok": False, "summary": "Burst: 200 citizens, 3 answers 500", "date": "x"},
    }
    table = run.markdown_table(report, {"plan": "Template rendering of 40 initiatives"})
    lines = {line.split(" | ")[0]: line for line in table.splitlines() if line.startswith("| ")}
    assert "| Home `/home/`" in lines
    assert lines["| Home `/home/`"].endswith("| pass |  |")
    plan = lines["| Plan `/plan/`"]
    assert "FAIL: ratio, p95, queries" in plan
    assert plan.endswith("| Template rendering of 40 initiatives |")
    assert "| 0.10 |" in plan  # the ratio to the bare view
    assert "2 cores (Test CPU), 8 GB RAM" in table
    assert "worker 101: 90 MB (pass)" in table
    assert "worker 102: 250 MB (FAIL)" in table
    assert "Burst: 200 citizens, 3 answers 500 (FAIL)" in table


def test_search_term_is_a_word_many_names_share():
    names = ["Idrætsforeningen Nord", "Foreningen for unge", "Nord Foreningen", "Syd"]
    assert run.search_term(names) == "foreningen"
    assert run.search_term([]) == "forening"


def test_scan_summary_names_how_each_table_is_read():
    plan = {
        "Node Type": "Nested Loop",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "organisations_area"},
            {"Node Type": "Index Scan", "Relation Name": "x", "Index Name": "x_name_idx"},
        ],
    }
    assert run.scan_summary(plan) == "Seq Scan on organisations_area, Index Scan using x_name_idx"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_the_bare_view_answers_through_the_same_middleware(client):
    response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
    # Headers that only the portal's middleware adds.
    assert "Permissions-Policy" in response.headers
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_the_logged_in_bare_view_answers_a_user_and_sends_a_visitor_to_log_in(coordinator):
    assert Client().get("/bench/bare-user/").status_code == 302
    name, value = session_cookie(coordinator)
    client = Client()
    client.cookies[name] = value
    response = client.get("/bench/bare-user/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_the_portal_itself_has_no_bare_view(client):
    assert client.get("/bench/bare/").status_code == 404


@pytest.mark.django_db
def test_session_cookie_passes_the_second_factor_middleware(coordinator):
    name, value = session_cookie(coordinator)
    client = Client()
    client.cookies[name] = value
    assert client.get("/volunteering/inbox/").status_code == 200

    # Without the second factor the same page is refused, so the check above can fail.
    plain = Client()
    _plain_force_login(plain, coordinator)
    assert plain.get("/volunteering/inbox/").status_code == 302


def test_wrk_is_installed_by_make_bench():
    makefile = (run.ROOT / "Makefile").read_text()
    bench = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert "wrk" in bench
    assert "benchmarks/run.py" in bench
