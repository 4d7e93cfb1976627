"""`make bench` (issue #13): every main page measured with wrk beside a bare Django view, in one
run, against gunicorn (2 sync workers, production settings) on PostgreSQL with the scale data.

Steps: a PostgreSQL database (DATABASE_URL, or a throwaway cluster when it is unset), migrate,
`generate_scale_data --size SIZE` (skipped when the bench accounts are already there), ANALYZE,
gunicorn on a free port, a warm-up, then per page wrk at 1 and 8 connections, the queries of
one request, the bytes a browser receives (gzip asked for) with the page's CSS and JS, and at
the end each worker's memory. Writes benchmarks/results/<date>.json, README.md and explain.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "benchmarks"
RESULTS_DIR = BENCH_DIR / "results"
LUA_SCRIPT = BENCH_DIR / "report.lua"
NOTES_FILE = BENCH_DIR / "notes.json"
SETTINGS = "benchmarks.settings"
WRK = os.environ.get("WRK", shutil.which("wrk") or "/usr/bin/wrk")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

# The targets (point 3).
TARGETS = {
    "ratio": 0.4,  # of the bare view's requests/s, at 8 clients
    "p95_ms": 100,  # at 8 clients
    "search_p95_ms": 50,  # full-text search pages
    "queries": 15,
    "kb": 150,  # HTML with its CSS and JS, compressed as a browser receives it
    "rss_mb": 200,  # each worker, after the run
}
CONNECTIONS = (1, 8)
BARE = "bare"
# Every request says it came through the TLS proxy (SECURE_PROXY_SSL_HEADER), as in production,
# and asks for compression, as a browser does.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


@dataclass
class Page:
    name: str  # key in the results and in notes.json
    label: str
    path: str
    account: str | None = None  # "staff", "coordinator", "volunteer", "admin" or None
    kind: str = "html"  # html, search, feed, export, bare, reference (no target of its own)


@dataclass
class Result:
    page: Page
    runs: dict = field(default_factory=dict)  # connections -> parsed wrk result
    queries: int | None = None
    queries_cold: int | None = None
    status: int | None = None
    html_bytes: int | None = None
    asset_bytes: int | None = None
    compressed: bool | None = None
    error: str = ""


# --- wrk ---------------------------------------------------------------------------------


def parse_wrk_output(text):
    """The BENCH_RESULT line of benchmarks/report.lua as a dict, with requests/s and the
    latencies in milliseconds added. Raises ValueError when the line is missing (wrk failed)."""
    for line in text.splitlines():
        if line.startswith("BENCH_RESULT "):
            data = json.loads(line[len("BENCH_RESULT ") :])
            break
    else:
        raise ValueError(f"no BENCH_RESULT line in wrk's output: {text.strip()[-300:]!r}")
    seconds = data["duration_us"] / 1e6
    data["rps"] = data["requests"] / seconds if seconds else 0.0
    data["latency_ms"] = {key: value / 1000 for key, value in data["latency_us"].items()}
    socket_errors = sum(data["errors"][key] for key in ("connect", "read", "write", "timeout"))
    data["failed"] = data["non2xx"] > 0 or socket_errors > 0 or data["requests"] == 0
    return data


def wrk(url, connections, seconds, headers):
    command = [
        WRK,
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    return parse_wrk_output(done.stdout + done.stderr)


# --- the table -----------------------------------------------------------------------------


def evaluate(row, bare_rps):
    """The targets a measured row misses, as short labels (empty: it meets them all)."""
    missed = []
    eight = row.get("c8") or {}
    if row.get("error"):
        missed.append("error")
    runs = [run for run in (row.get("c1"), eight) if run]
    if row.get("status") not in (None, 200) or any(run["non2xx"] for run in runs):
        missed.append("non-2xx")
    if any(run["failed"] and not run["non2xx"] for run in runs):
        missed.append("no answer")  # socket errors, timeouts, or nothing within the time
    if eight and row["kind"] != "reference":
        if bare_rps and eight["rps"] / bare_rps < TARGETS["ratio"]:
            missed.append("ratio")
        limit = TARGETS["search_p95_ms"] if row["kind"] == "search" else TARGETS["p95_ms"]
        if eight["latency_ms"]["p95"] > limit:
            missed.append("p95")
    if row.get("queries") is not None and row["queries"] > TARGETS["queries"]:
        missed.append("queries")
    kb = row.get("kb")
    if row["kind"] in ("html", "search") and kb is not None and kb > TARGETS["kb"]:
        missed.append("KB")
    return missed


def _num(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _rps(value):
    # A slow export makes a request or two in the time: 0.4, not 0.
    return _num(value, 1 if value is not None and value < 10 else 0)


def markdown_table(report, notes):
    """The results as the markdown of benchmarks/results/README.md."""
    machine, bare_rps = report["machine"], report["bare_rps"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {report['started']} (UTC), `make bench` with `--size {report['size']}`, "
        f"{report['duration']} s per page and number of clients, after a warm-up. "
        "Written by `benchmarks/run.py`; the column *why* comes from `benchmarks/notes.json`.",
        "",
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram_gb']} GB RAM, "
        f"{machine['os']}; Python {machine['python']}, Django {machine['django']}, "
        f"gunicorn {machine['gunicorn']} (2 sync workers), {machine['postgresql']}, "
        f"{machine['wrk']}. Load average at the start: {machine.get('load', '?')}.",
        "",
        f"Targets (issue #13): at 8 clients at least {TARGETS['ratio']} of the bare view's "
        f"requests/s and p95 at most {TARGETS['p95_ms']} ms (search {TARGETS['search_p95_ms']} "
        f"ms); at most {TARGETS['queries']} queries; at most {TARGETS['kb']} KB compressed "
        f"with CSS and JS (HTML pages); each worker at most {TARGETS['rss_mb']} MB after the run.",
        "",
        "| page | req/s 1 | req/s 8 | p50 8 (ms) | p95 8 (ms) | p99 8 (ms) | ratio | queries "
        "| KB | result | why |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in report["pages"]:
        one, eight = row.get("c1") or {}, row.get("c8") or {}
        latency = eight.get("latency_ms", {})
        ratio = eight["rps"] / bare_rps if eight and bare_rps else None
        missed = row["missed"]
        result = "pass" if not missed else "FAIL: " + ", ".join(missed)
        if row["kind"] == "reference" and not missed:
            result = "reference"
        path = re.sub(r"/calendar/[^/]+\.ics$", "/calendar/<token>.ics", row["path"])
        label = f"{row['label']} `{path}`"
        lines.append(
            f"| {label} | {_rps(one.get('rps'))} | {_rps(eight.get('rps'))} "
            f"| {_num(latency.get('p50'), 1)} | {_num(latency.get('p95'), 1)} "
            f"| {_num(latency.get('p99'), 1)} | {_num(ratio, 2)} | {_num(row.get('queries'))} "
            f"| {_num(row.get('kb'), 1)} | {result} | {notes.get(row['name'], '')} |"
        )
    lines += ["", "Worker memory after the run (RSS):", ""]
    for pid, mb in report["workers_rss_mb"].items():
        verdict = "pass" if mb <= TARGETS["rss_mb"] else "FAIL"
        lines.append(f"- worker {pid}: {mb:.0f} MB ({verdict})")
    burst = report.get("burst")
    if burst:
        verdict = "pass" if burst.get("ok") else "FAIL"
        lines += [
            "",
            f"Campaign burst (`benchmarks/burst.py`, `burst.json` of {burst.get('date', '?')}): "
            f"{burst.get('summary', '')} ({verdict})",
        ]
    if report.get("data_seconds") is not None:
        lines += ["", f"Scale data generated in {report['data_seconds']:.0f} s."]
    lines += [
        "",
        "*ratio*: requests/s at 8 clients over the bare view's (`/bench/bare/`, an HttpResponse "
        "through the same middleware; measured at the start and the end of the run, the mean "
        "counts). *KB*: the HTML as sent with `Accept-Encoding: gzip` plus its stylesheets and "
        "scripts as whitenoise sends them. *queries*: one request through Django's test client "
        "after the warm-up (the cold figure is in the JSON). A page with any answer other than "
        "2xx fails.",
        "",
    ]
    return "\n".join(lines)


def read_notes():
    if NOTES_FILE.exists():
        return json.loads(NOTES_FILE.read_text(encoding="utf-8"))
    return {}


# --- PostgreSQL ----------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_cluster():
    """A PostgreSQL cluster in a temporary folder, on a Unix socket only, removed afterwards
    (as .ci/run makes one: initdb refuses root, so it runs as the postgres user)."""
    folder = Path(tempfile.mkdtemp(prefix="pgbench."))
    data, port = folder / "data", "5433"
    shutil.chown(folder, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*as_postgres, PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust"]
        + ["--encoding=UTF8", "--locale=C.UTF-8"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses='' -c unix_socket_directories='{folder}' -p {port}"
    # Durable writes cost the data generation minutes and change nothing the pages measure.
    options += " -c fsync=off -c shared_buffers=256MB"
    pg_ctl = [*as_postgres, PG_BIN / "pg_ctl", "-D", data, "-l", folder / "server.log"]
    subprocess.run([*pg_ctl, "-w", "-t", "60", "-o", options, "start"], check=True)
    try:
        subprocess.run(
            [PG_BIN / "createdb", "-h", folder, "-p", port, "-U", "postgres", "portal"],
            check=True,
        )
        yield f"postgres://postgres@{urllib.parse.quote(str(folder), safe='')}:{port}/portal"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def manage(*args, env):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)


# --- gunicorn ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, log_dir):
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "volunteer_portal.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--max-requests",
        "0",
        "--timeout",
        "120",
        "--error-logfile",
        str(log_dir / "gunicorn.log"),
    ]
    log = (log_dir / "gunicorn.log").open("ab")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/bench/bare/")
                break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    message = f"gunicorn did not start, see {log_dir}/gunicorn.log"
                    raise RuntimeError(message) from error
                time.sleep(0.3)
        yield server, base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def wait_until_idle(master_pid, limit=180):
    """Wait until the workers have used no CPU for a moment: wrk stops at its time, but a sync
    worker finishes the requests it has taken (a slow export's, queued by 8 clients), which
    must not be counted against the next page."""
    pids = worker_pids(master_pid)
    deadline, last = time.monotonic() + limit, cpu_ticks(pids)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = cpu_ticks(pids)
        if now == last:
            return
        last = now


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- sizes ---------------------------------------------------------------------------------


def fetch(url, headers=None):
    """(status, body as sent, headers) without decompressing."""
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (our own)
            return answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


class AssetParser(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def page_sizes(base, page, cookie, asset_cache):
    """(html bytes, asset bytes, compressed?) as a browser asking for gzip receives them."""
    headers = {"Cookie": f"{cookie[0]}={cookie[1]}"} if cookie else {}
    status, body, answer = fetch(base + page.path, headers)
    compressed = answer.get("Content-Encoding") == "gzip"
    if page.kind not in ("html", "search"):
        return len(body), 0, compressed
    import gzip

    parser = AssetParser()
    parser.feed((gzip.decompress(body) if compressed else body).decode("utf-8", "replace"))
    total = 0
    for href in dict.fromkeys(parser.assets):
        url = urllib.parse.urljoin(base + page.path, href)
        if url not in asset_cache:
            asset_cache[url] = len(fetch(url)[1])
        total += asset_cache[url]
    return len(body), total, compressed


# --- in-process Django: pages, sessions, queries, EXPLAIN -----------------------------------


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


BENCH_EMAILS = {
    "staff": "bench.staff@scale.example",
    "coordinator": "bench.coordinator@scale.example",
    "volunteer": "bench.volunteer@scale.example",
    "admin": "bench.admin@scale.example",
}


def bench_users():
    from volunteer_portal.models import User

    users = {user.email: user for user in User.objects.filter(email__in=BENCH_EMAILS.values())}
    return {name: users.get(email) for name, email in BENCH_EMAILS.items()}


def search_term(names):
    """A word of at least four letters that many of ``names`` contain: a search that finds
    something, chosen from the data so that it works at every size."""
    counts = {}
    for name in names:
        for word in set(re.findall(r"\w{4,}", name.lower())):
            counts[word] = counts.get(word, 0) + 1
    if not counts:
        return "forening"
    return max(sorted(counts), key=counts.get)


def calendar_token(user):
    from partnerships.models.reminder import CalendarToken

    return CalendarToken.objects.get_or_create(user=user)[0].token


def search_terms():
    """(a word for the directory's search, a word for the activity searches)."""
    from organisations.models import Activity, Organisation

    return (
        search_term(Organisation.objects.order_by("pk").values_list("name", flat=True)[:2000]),
        search_term(Activity.objects.order_by("pk").values_list("title", flat=True)[:2000]),
    )


def main_pages(users):
    """The pages of issue #13, point 2, with ids taken from the data."""
    from initiatives.models import ActionPlan
    from partnerships.models import Opportunity

    plan = ActionPlan.objects.filter(status=ActionPlan.Status.PUBLISHED).order_by("-pk").first()
    initiative = plan.initiatives.order_by("number").first() if plan else None
    opportunity = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).order_by("pk")
    opportunity = opportunity[opportunity.count() // 2 :].first()
    org_term, activity_term = search_terms()
    pages = [
        Page("bare-user", "Bare view, logged in", "/bench/bare-user/", "staff", "reference"),
        Page("home", "Home", "/"),
        Page("plan-list", "Plan list", "/plans/"),
        Page("directory", "Organisation directory", "/organisations/"),
        Page(
            "directory-search",
            "Directory search",
            f"/organisations/?q={urllib.parse.quote(org_term)}",
            kind="search",
        ),
        Page(
            "bridge-search",
            "Bridge-building search",
            f"/organisations/bridge/?q={urllib.parse.quote(activity_term)}",
            "staff",
            "search",
        ),
        Page("opportunity-list", "Opportunity list", "/volunteering/"),
        Page("inbox", "Coordinator inbox", "/volunteering/inbox/", "coordinator"),
        Page("matrix", "Agreement matrix", "/agreements/overview/", "staff"),
        Page("agreement-list", "Agreement list", "/agreements/", "staff"),
        Page("volunteer-home", "Volunteer's own page", "/volunteering/me/", "volunteer"),
        Page("agreement-csv", "Agreements CSV", "/agreements/export.csv", "staff", "export"),
        Page("agreement-xlsx", "Agreements XLSX", "/agreements/export.xlsx", "staff", "export"),
        Page(
            "volunteers-csv",
            "Volunteers CSV",
            "/volunteering/overview/volunteers.csv",
            "coordinator",
            "export",
        ),
        Page(
            "volunteers-xlsx",
            "Volunteers XLSX",
            "/volunteering/overview/volunteers.xlsx",
            "coordinator",
            "export",
        ),
    ]
    if plan:
        slug = plan.slug
        pages[3:3] = [Page("plan", "Plan page", f"/plans/{slug}/")]
        if initiative:
            pages.insert(
                4,
                Page("initiative", "Initiative page", f"/plans/{slug}/{initiative.number}/"),
            )
        pages += [
            Page("plan-feed", "Plan feed (Atom)", f"/plans/{slug}/feed.atom", kind="feed"),
            Page(
                "plan-ical", "Plan milestones (iCal)", f"/plans/{slug}/milestones.ics", None, "feed"
            ),
            Page("plan-csv", "Plan CSV", f"/plans/{slug}/export.csv", kind="export"),
            Page("plan-xlsx", "Plan XLSX", f"/plans/{slug}/export.xlsx", kind="export"),
        ]
    if opportunity:
        index = next(i for i, page in enumerate(pages) if page.name == "opportunity-list")
        pages.insert(
            index + 1,
            Page("opportunity", "Opportunity page", f"/volunteering/{opportunity.pk}/"),
        )
    if users.get("staff"):
        token = calendar_token(users["staff"])
        pages.append(
            Page(
                "staff-ical",
                "Staff calendar (iCal)",
                f"/agreements/calendar/{token}.ics",
                kind="feed",
            )
        )
    if users.get("volunteer"):
        token = calendar_token(users["volunteer"])
        pages.append(
            Page(
                "volunteer-ical",
                "Volunteer calendar (iCal)",
                f"/volunteering/calendar/{token}.ics",
                kind="feed",
            )
        )
    return [page for page in pages if page.account is None or users.get(page.account)]


def test_client(cookie):
    from django.test import Client

    client = Client(
        HTTP_HOST="127.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ACCEPT_ENCODING="gzip",
    )
    if cookie:
        client.cookies[cookie[0]] = cookie[1]
    return client


def request_queries(path, cookie):
    """(status, SQL of each query) of one GET through Django's test client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = test_client(cookie)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def filter_values(filterset_class, user, term):
    """One value for each filter of a FilterSet, from its choices or the data: a query string
    per filter (and per ordering), so that EXPLAIN sees every filter and order."""
    import django_filters
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    request = HttpRequest()
    request.user = user or AnonymousUser()
    # An instance, as the view makes it: some filters get their choices in __init__.
    model = filterset_class._meta.model
    try:
        filterset = filterset_class(data={}, queryset=model.objects.none(), request=request)
    except TypeError:
        filterset = filterset_class(
            data={}, queryset=model.objects.none(), request=request, user=user
        )
    variants = []
    fields = filterset.form.fields
    for name, declared in filterset.filters.items():
        field = fields.get(name)
        if field is None:
            continue
        if isinstance(declared, django_filters.OrderingFilter):
            variants += [{name: value} for value, _label in field.choices if value]
        elif isinstance(declared, django_filters.ModelChoiceFilter):
            first = field.queryset.order_by("pk").first()
            if first is not None:
                variants.append({name: first.pk})
        elif isinstance(declared, django_filters.ChoiceFilter):
            value = next((value for value, _label in field.choices if value), None)
            if value is not None:
                variants.append({name: value})
        elif isinstance(declared, django_filters.BooleanFilter):
            variants.append({name: "true"})
        elif isinstance(declared, django_filters.NumberFilter):
            variants.append({name: datetime.date.today().year if name == "year" else 7})
        elif isinstance(declared, django_filters.CharFilter):
            variants.append({name: term})
    return variants


def explain_variants(users):
    """The list pages' addresses for the EXPLAIN report: each without filters, with each
    filter or order, and a deep page."""
    from organisations.filters import ActivityFilter, OrganisationFilter
    from partnerships.filters import AgreementFilter, OpportunityFilter
    from partnerships.forms.inbox import InboxFilter

    org_term, activity_term = search_terms()
    lists = [
        ("Organisation directory", "/organisations/", None, OrganisationFilter, org_term),
        ("Activity directory", "/organisations/activities/", None, ActivityFilter, activity_term),
        ("Opportunity list", "/volunteering/", None, OpportunityFilter, activity_term),
        ("Coordinator inbox", "/volunteering/inbox/", "coordinator", InboxFilter, ""),
        ("Agreement list", "/agreements/", "staff", AgreementFilter, ""),
    ]
    variants = []
    for label, path, account, filterset, search in lists:
        if account and not users.get(account):
            continue
        user = users.get(account) if account else None
        variants.append((label, path, account))
        for params in filter_values(filterset, user, search):
            variants.append((label, f"{path}?{urllib.parse.urlencode(params)}", account))
        variants.append((label, f"{path}?page=2", account))
    if users.get("staff"):
        variants.append(("Agreement matrix", "/agreements/overview/", "staff"))
    return variants


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def scan_summary(plan):
    """How each table is read: "Index Scan using x_idx, Seq Scan on y"."""
    scans = []
    for node in plan_nodes(plan):
        if node.get("Index Name"):
            scans.append(f"{node['Node Type']} using {node['Index Name']}")
        elif node.get("Relation Name"):
            scans.append(f"{node['Node Type']} on {node['Relation Name']}")
    return ", ".join(dict.fromkeys(scans)) or "no table"


def plan_text(plan, depth=0):
    """A compact EXPLAIN tree: node, relation, index, rows and time, buffers."""
    words = [plan["Node Type"]]
    if plan.get("Relation Name"):
        words.append(f"on {plan['Relation Name']}")
    if plan.get("Index Name"):
        words.append(f"using {plan['Index Name']}")
    words.append(
        f"(rows={plan.get('Actual Rows')} loops={plan.get('Actual Loops')} "
        f"time={plan.get('Actual Total Time')} ms"
        f" hit={plan.get('Shared Hit Blocks', 0)} read={plan.get('Shared Read Blocks', 0)})"
    )
    for key in ("Index Cond", "Filter", "Sort Key", "Hash Cond"):
        if plan.get(key):
            value = plan[key] if isinstance(plan[key], str) else ", ".join(plan[key])
            words.append(f"[{key}: {value[:160]}]")
    lines = ["  " * depth + " ".join(words)]
    for child in plan.get("Plans", []):
        lines += plan_text(child, depth + 1)
    return lines


# A query at least this slow gets its whole plan in explain.md, as a flagged one does.
EXPLAIN_SLOW_MS = 1.0


def _short(sql, length):
    sql = " ".join(sql.split())
    return sql if len(sql) <= length else sql[: length - 1] + "…"


def explain_report(variants, cookies, size):
    """benchmarks/results/explain.md: EXPLAIN (ANALYZE, BUFFERS) of each SELECT of each list
    page, flagging a Seq Scan on a table of more than 10,000 rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r'"
        )
        rows = dict(cursor.fetchall())
    big = {name for name, count in rows.items() if count > 10_000}
    flagged, sections, seen = [], [], set()
    for label, path, account in variants:
        status, queries = request_queries(path, cookies.get(account))
        section = [f"### {label}: `{path}` (answer {status}, {len(queries)} queries)", ""]
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                explained = cursor.fetchone()[0]
            if isinstance(explained, str):
                explained = json.loads(explained)
            top = explained[0]
            scans = sorted(
                {
                    node["Relation Name"]
                    for node in plan_nodes(top["Plan"])
                    if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in big
                }
            )
            mark, slow = "", top["Execution Time"] >= EXPLAIN_SLOW_MS
            if scans:
                mark = " **Seq Scan on " + ", ".join(f"{t} ({rows[t]:,} rows)" for t in scans)
                mark += "**"
                flagged.append((label, path, scans, top["Execution Time"]))
            if not (scans or slow):
                # Quick and without a flag: one line is enough.
                section.append(
                    f"- {top['Execution Time']:.2f} ms, {scan_summary(top['Plan'])}: "
                    f"`{_short(sql, 110)}`"
                )
                continue
            section += [
                f"- {top['Execution Time']:.2f} ms{mark}",
                "",
                "  ```sql",
                "  " + _short(sql, 800),
                "  ```",
                "",
                "  ```",
                *("  " + line for line in plan_text(top["Plan"])),
                "  ```",
                "",
            ]
        section.append("")
        sections += section
    head = [
        "# EXPLAIN of the main list queries",
        "",
        f"`make bench` at `--size {size}`, PostgreSQL, after ANALYZE: every SELECT of each list "
        "page (without filters, with each filter and order, a second page), explained with "
        "`EXPLAIN (ANALYZE, BUFFERS)`; a query repeated on a later page is not repeated "
        f"here. A query of {EXPLAIN_SLOW_MS} ms or more, or with a flag, shows its plan. "
        "Tables over 10,000 rows: "
        + (", ".join(f"{name} ({rows[name]:,})" for name in sorted(big)) or "none")
        + ".",
        "",
        "## Seq Scans on tables over 10,000 rows",
        "",
    ]
    if flagged:
        head += [
            f"- {label} `{path}`: {', '.join(scans)} ({ms:.1f} ms)"
            for label, path, scans, ms in flagged
        ]
    else:
        head.append("None.")
    return "\n".join([*head, "", "## The queries", "", *sections])


# --- the machine ---------------------------------------------------------------------------


def machine():
    import django

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = "PostgreSQL " + cursor.fetchone()[0].split()[0]
    gunicorn_version = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "--version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(int(memory) / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": (re.findall(r"[\d.]+\d", gunicorn_version) or ["?"])[0],
        "postgresql": postgresql,
        "wrk": " ".join(wrk_version.split()[:2]) or "wrk",
        "load": " ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


# --- the run -------------------------------------------------------------------------------


def measure(server, base, page, cookie, seconds):
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = f"{cookie[0]}={cookie[1]}"
    runs = {}
    for connections in CONNECTIONS:
        wait_until_idle(server.pid)
        runs[connections] = wrk(base + page.path, connections, seconds, headers)
        data = runs[connections]
        print(
            f"  {page.name:<18} c={connections}: {data['rps']:8.1f} req/s  "
            f"p95 {data['latency_ms']['p95']:7.1f} ms  non-2xx {data['non2xx']}",
            flush=True,
        )
    return runs


def run(args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench needs DATABASE_URL of a PostgreSQL database.")
    started = datetime.datetime.now(datetime.UTC)
    print("Migrating…", flush=True)
    manage("migrate", "--noinput", "--verbosity", "0", env=env)
    manage("createcachetable", env=env)

    setup_django()
    users = bench_users()
    data_seconds = None
    if not users["staff"]:
        command = os.environ.get("BENCH_DATA_COMMAND") or f"generate_scale_data --size {args.size}"
        print(f"Generating the data: manage.py {command}", flush=True)
        start = time.monotonic()
        manage(*shlex.split(command), env=env)
        data_seconds = time.monotonic() - start
        users = bench_users()
    else:
        print("The bench accounts exist: the data is used as it is.", flush=True)
    missing = [name for name, user in users.items() if user is None]
    if missing:
        raise SystemExit(f"The data has no bench account for: {', '.join(missing)}.")
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum would have done by the time anyone visits after a bulk load.
        cursor.execute("VACUUM ANALYZE")

    from benchmarks.sessions import session_cookie

    cookies = {name: session_cookie(user) for name, user in users.items()}
    cookies[None] = None
    pages = main_pages(users)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [page for page in pages if page.name in wanted]
    bare = Page(BARE, "Bare Django view", "/bench/bare/", kind="bare")
    report_machine = machine()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-log."))

    results = []
    with gunicorn(env, log_dir) as (server, base):
        print(f"gunicorn at {base}; warming up…", flush=True)
        for page in [bare, *pages]:
            cookie = cookies[page.account]
            headers = dict(PROXY_HEADERS)
            if cookie:
                headers["Cookie"] = f"{cookie[0]}={cookie[1]}"
            with contextlib.suppress(ValueError, subprocess.TimeoutExpired):
                wrk(base + page.path, 2, args.warmup, headers)
            wait_until_idle(server.pid)
        print("Measuring…", flush=True)
        bare_runs = [measure(server, base, bare, None, args.duration)]
        for page in pages:
            result = Result(page)
            cookie = cookies[page.account]
            try:
                result.runs = measure(server, base, page, cookie, args.duration)
                result.html_bytes, result.asset_bytes, result.compressed = page_sizes(
                    base, page, cookie, {}
                )
                status, cold = request_queries(page.path, cookie)
                result.status, warm = request_queries(page.path, cookie)
                result.queries_cold, result.queries = len(cold), len(warm)
            except Exception as error:  # one page's failure is reported, the run goes on
                result.error = f"{type(error).__name__}: {error}"[:300]
                print(f"  {page.name}: {result.error}", flush=True)
            results.append(result)
        bare_runs.append(measure(server, base, bare, None, args.duration))
        workers = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}

    bare_rps = sum(runs[8]["rps"] for runs in bare_runs) / len(bare_runs)
    rows = []
    bare_row = {
        **asdict(bare),
        "c1": bare_runs[0][1],
        "c8": {**bare_runs[0][8], "rps": bare_rps},
        "bare_runs_rps_8": [runs[8]["rps"] for runs in bare_runs],
        "queries": None,
        "kb": None,
    }
    bare_row["missed"] = evaluate(bare_row, bare_rps)
    rows.append(bare_row)
    for result in results:
        row = {
            **asdict(result.page),
            "c1": result.runs.get(1),
            "c8": result.runs.get(8),
            "queries": result.queries,
            "queries_cold": result.queries_cold,
            "status": result.status,
            "html_bytes": result.html_bytes,
            "asset_bytes": result.asset_bytes,
            "compressed": result.compressed,
            "kb": (result.html_bytes + result.asset_bytes) / 1024
            if result.html_bytes is not None
            else None,
            "error": result.error,
        }
        row["missed"] = evaluate(row, bare_rps)
        rows.append(row)
    report = {
        "started": started.strftime("%Y-%m-%d %H:%M"),
        "size": args.size,
        "duration": args.duration,
        "machine": report_machine,
        "targets": TARGETS,
        "bare_rps": bare_rps,
        "data_seconds": data_seconds,
        "workers_rss_mb": {str(pid): round(mb, 1) for pid, mb in workers.items()},
        "pages": rows,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError, ValueError):
        # The burst script's own result (issue #13, point 6) joins the table.
        report["burst"] = json.loads((out / "burst.json").read_text(encoding="utf-8"))
    stem = started.strftime("%Y-%m-%d") + ("" if args.size == "large" else f"-{args.size}")
    (out / f"{stem}.json").write_text(json.dumps(report, indent=1, default=str) + "\n")
    (out / "README.md").write_text(markdown_table(report, read_notes()), encoding="utf-8")
    print(f"Wrote {out / (stem + '.json')} and {out / 'README.md'}.", flush=True)
    if not args.no_explain:
        print("EXPLAIN…", flush=True)
        explain = explain_report(explain_variants(users), cookies, args.size)
        (out / "explain.md").write_text(explain, encoding="utf-8")
        print(f"Wrote {out / 'explain.md'}.", flush=True)
    failing = [row["name"] for row in rows if row["missed"]]
    print(f"{len(rows)} rows, {len(failing)} missing a target: {', '.join(failing) or '–'}")
    shutil.rmtree(log_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default=os.environ.get("BENCH_SIZE") or "large")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", 4)))
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--pages", help="only these pages (names, comma-separated)")
    parser.add_argument("--out", default=str(RESULTS_DIR))
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument(
        "--table",
        metavar="RESULTS_JSON",
        help="only write README.md again from a run's JSON, with notes.json as it is now",
    )
    args = parser.parse_args()
    if args.table:
        report = json.loads(Path(args.table).read_text(encoding="utf-8"))
        out = Path(args.out)
        with contextlib.suppress(OSError, ValueError):
            report["burst"] = json.loads((out / "burst.json").read_text(encoding="utf-8"))
        (out / "README.md").write_text(markdown_table(report, read_notes()), encoding="utf-8")
        return
    if not Path(WRK).exists():
        raise SystemExit(f"wrk not found at {WRK} (apt-get install wrk).")
    with contextlib.ExitStack() as stack:
        if not os.environ.get("DATABASE_URL"):
            print("DATABASE_URL is not set: a throwaway PostgreSQL cluster.", flush=True)
            os.environ["DATABASE_URL"] = stack.enter_context(throwaway_cluster())
        run(args)


if __name__ == "__main__":
    main()
