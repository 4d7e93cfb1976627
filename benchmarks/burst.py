"""`make burst` (issue #13, point 6): a campaign burst. CITIZENS volunteers (accounts made for
it) register interest in OPPORTUNITIES opportunities within a minute, CONCURRENCY at a time,
against gunicorn (2 sync workers, production settings) on PostgreSQL over loopback, while two
task workers (`manage.py db_worker`) send the mail into files.

Each citizen fetches the interest form (its CSRF token) and posts it, asking for the waiting
list when the opportunity is full. Then the checks:

- no answer is a 5xx, and every post was accepted (a redirect to the volunteer's own page);
- capacity held: no opportunity has more places taken than it wants; each has exactly
  min(places, interested) interests holding a place and the rest on its waiting list;
- each mail sent exactly once: one "new interest" to the opportunity's coordinator per
  interest that holds a place, one "you are on the waiting list" per waiting volunteer.

Prints a result line and writes benchmarks/results/burst.json. The database is DATABASE_URL
(PostgreSQL) or, when unset, a throwaway cluster made for the run.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import email
import email.policy
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loopback import (  # noqa: E402
    AppServer,
    Browser,
    production_environment,
    read_form,
    throwaway_cluster,
)

RESULTS = ROOT / "benchmarks" / "results" / "burst.json"
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after a mail


@dataclass
class Outcome:
    """What one citizen's two requests got."""

    citizen: int
    form_status: int = 0
    post_status: int = 0
    location: str = ""
    seconds: float = 0.0
    error: str = ""


@dataclass
class Report:
    citizens: int
    opportunities: int
    places: int
    concurrency: int
    seconds: float = 0.0
    answers: dict = field(default_factory=dict)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    holding: dict = field(default_factory=dict)
    waiting: dict = field(default_factory=dict)
    mails_sent: int = 0
    mails_expected: int = 0
    failures: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.failures


# The checks: pure functions of what was seen, so that tests can feed them cases.


def check_answers(outcomes):
    """No 5xx, no error, and every post accepted with a redirect to the volunteer's page."""
    failures = []
    for outcome in outcomes:
        if outcome.error:
            failures.append(f"citizen {outcome.citizen}: {outcome.error}")
        elif outcome.form_status >= 500 or outcome.post_status >= 500:
            failures.append(
                f"citizen {outcome.citizen}: {outcome.form_status}/{outcome.post_status} (5xx)"
            )
        elif outcome.form_status != 200 or outcome.post_status != 302:
            failures.append(
                f"citizen {outcome.citizen}: form {outcome.form_status}, post "
                f"{outcome.post_status} (expected 200 and a redirect)"
            )
        elif not outcome.location.rstrip("/").endswith("/volunteering/me"):
            failures.append(f"citizen {outcome.citizen}: redirected to {outcome.location}")
    return failures


def check_capacity(rows):
    """``rows``: per opportunity (title, wanted, asked, holding, waiting, taken)."""
    failures = []
    for title, wanted, asked, holding, waiting, taken in rows:
        if taken > wanted:
            failures.append(f"{title}: {taken} places taken of {wanted}")
        if holding != min(wanted, asked):
            failures.append(
                f"{title}: {holding} interests hold a place, expected {min(wanted, asked)}"
            )
        if waiting != asked - holding:
            failures.append(f"{title}: {waiting} waiting, expected {asked - holding}")
    return failures


def check_mails(sent, expected):
    """``sent``: (recipient, subject) of every mail written; ``expected``: (recipient, text
    the subject must contain) of every mail due. Each due mail must be sent exactly once, and
    nothing else."""
    failures = []
    unmatched = Counter(sent)
    for recipient, needle in expected:
        matches = [key for key in unmatched if key[0] == recipient and needle in key[1]]
        count = sum(unmatched[key] for key in matches)
        if count != 1:
            failures.append(f"{recipient}: {count} mails about “{needle}”, expected 1")
        for key in matches:
            del unmatched[key]
    for (recipient, subject), count in unmatched.items():
        failures.append(f"{recipient}: unexpected mail “{subject}” ×{count}")
    return failures


def read_mails(folder):
    """(recipient, subject) of each mail Django's file backend wrote into ``folder``."""
    sent = []
    for path in sorted(Path(folder).glob("*.log")):
        for chunk in path.read_bytes().split(MAIL_SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk, policy=email.policy.default)
            for recipient in message.get_all("To", []):
                sent.append((str(recipient).lower(), " ".join(str(message["Subject"]).split())))
    return sent


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# The data, made through the ORM of this process (Django set up on the same database).


def make_data(*, tag, citizens, opportunities, places):
    """A unit with OPPORTUNITIES published opportunities of PLACES places, each with a
    coordinator of its own, and CITIZENS volunteers with confirmed addresses."""
    from allauth.account.models import EmailAddress

    from organisations.models import Membership, Organisation
    from partnerships.models import Opportunity
    from volunteer_portal.models import User

    administration = Organisation.objects.create(
        name=f"Kampagneforvaltning {tag}", kind=Organisation.Kind.ADMINISTRATION
    )
    unit = Organisation.objects.create(
        name=f"Kampagneenhed {tag}", kind=Organisation.Kind.UNIT, parent=administration
    )
    made = []
    for number in range(1, opportunities + 1):
        coordinator = User.objects.create_user(
            f"burst.{tag}.coordinator{number}@burst.example",
            role=User.Role.COORDINATOR,
            full_name=f"Koordinator {number}",
            language="da",
        )
        Membership.objects.create(
            user=coordinator, organisation=unit, capacity=Membership.Capacity.COORDINATOR
        )
        opportunity = Opportunity.objects.create(
            title=f"Kampagneopgave {number} ({tag})",
            description="Hjælp til kommunens frivilligkampagne.",
            kind="company",
            organisation=unit,
            volunteers_wanted=places,
            status=Opportunity.Status.PUBLISHED,
        )
        opportunity.coordinators.add(coordinator)
        made.append((opportunity, coordinator))
    people = []
    for number in range(1, citizens + 1):
        address = f"burst.{tag}.citizen{number:04d}@burst.example"
        person = User.objects.create_user(
            address,
            role=User.Role.VOLUNTEER,
            full_name=f"Borger {tag} {number:04d}",
            language="da",
        )
        EmailAddress.objects.create(user=person, email=address, verified=True, primary=True)
        people.append(person)
    return made, people


def register(port, cookie, path, citizen):
    """One citizen: fetch the interest form, post it (waiting list if full)."""
    outcome = Outcome(citizen=citizen)
    started = time.monotonic()
    try:
        browser = Browser(port, cookies=[cookie])
        form = browser.get(path)
        outcome.form_status = form.status
        if form.status == 200:
            data = dict(read_form(form.text, containing="message").fields)
            data.update(message="Jeg vil gerne hjælpe i kampagneugen.", join_waiting_list="on")
            answer = browser.post(path, data)
            outcome.post_status = answer.status
            outcome.location = answer.header("Location") or ""
    except Exception as error:  # noqa: BLE001  (reported as a failure)
        outcome.error = repr(error)
    outcome.seconds = time.monotonic() - started
    return outcome


def warm_up(port, cookie, paths):
    """Each gunicorn worker loads the code and templates on its first requests: a few
    reads of the forms first, two at a time, so that the burst measures a running site."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda path: Browser(port, cookies=[cookie]).get(path), paths * 4))


def worker_command():
    return [sys.executable, "manage.py", "db_worker", "--no-reload", "--skip-checks"] + [
        "--interval",
        "0.2",
        "--no-startup-delay",
    ]


def wait_for_queue(timeout):
    """Until no mail task is waiting or running (or ``timeout`` seconds)."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not (DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists()):
            return True
        time.sleep(0.3)
    return False


def burst(*, env, citizens, opportunities, places, concurrency, mail_dir, log_dir):
    """The burst against the database Django is set up on (``env`` names the same one for
    the app server and the workers). Returns a Report."""
    from django.db import connections
    from django.urls import reverse

    from benchmarks.sessions import session_cookie
    from partnerships.models import Interest
    from partnerships.services.places import taken_places

    tag = secrets.token_hex(3)
    made, people = make_data(tag=tag, citizens=citizens, opportunities=opportunities, places=places)
    cookies = [session_cookie(person) for person in people]
    connections.close_all()  # the servers and workers start with the data committed
    report = Report(
        citizens=citizens, opportunities=opportunities, places=places, concurrency=concurrency
    )
    # An absolute folder: django-environ reads filemail:///x as the relative path "x".
    worker_env = {**env, "EMAIL_URL": f"filemail:///{Path(mail_dir).resolve()}"}
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            AppServer(env, workers=2, log_path=Path(log_dir) / "gunicorn.log")
        )
        log = stack.enter_context(open(Path(log_dir) / "workers.log", "ab"))
        workers = [
            subprocess.Popen(worker_command(), cwd=ROOT, env=worker_env, stdout=log, stderr=log)  # noqa: S603
            for _ in range(2)
        ]
        stack.callback(_stop, workers)
        paths = [
            reverse("volunteering:interest-create", kwargs={"pk": made[i % len(made)][0].pk})
            for i in range(citizens)
        ]
        warm_up(server.port, cookies[0], sorted(set(paths)))
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
            outcomes = list(
                pool.map(register, [server.port] * citizens, cookies, paths, range(1, citizens + 1))
            )
        report.seconds = round(time.monotonic() - started, 2)
        drained = wait_for_queue(timeout=120)
    if not drained:
        report.failures.append("the task queue was not empty two minutes after the burst")
    if report.seconds > 60:
        report.failures.append(f"the burst took {report.seconds} s, more than a minute")
    report.answers = dict(Counter(f"{o.form_status}/{o.post_status}" for o in outcomes))
    times = [o.seconds * 1000 for o in outcomes]
    report.p50_ms = round(percentile(times, 0.5), 1)
    report.p95_ms = round(percentile(times, 0.95), 1)
    report.max_ms = round(max(times, default=0), 1)
    report.failures += check_answers(outcomes)

    rows, expected = [], []
    for opportunity, coordinator in made:
        interests = Interest.objects.filter(opportunity=opportunity).select_related("volunteer")
        holding = [i for i in interests if i.status == Interest.Status.NEW]
        waiting = [i for i in interests if i.status == Interest.Status.WAITING]
        asked = sum(1 for path in paths if f"/{opportunity.pk}/" in path)
        taken = taken_places(opportunity)
        rows.append((opportunity.title, opportunity.volunteers_wanted, asked, len(holding),
                     len(waiting), taken))  # fmt: skip
        report.holding[opportunity.title] = len(holding)
        report.waiting[opportunity.title] = len(waiting)
        expected += [(coordinator.email, i.volunteer.full_name) for i in holding]
        expected += [(i.volunteer.email, opportunity.title) for i in waiting]
    report.failures += check_capacity(rows)
    sent = [(to, subject) for to, subject in read_mails(mail_dir) if f".{tag}." in to]
    report.mails_sent, report.mails_expected = len(sent), len(expected)
    report.failures += check_mails(sent, expected)
    return report


def _stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def result_line(report):
    verdict = "OK" if report.ok else f"FAILED ({len(report.failures)} problems)"
    return (
        f"Burst: {report.citizens} citizens, {report.opportunities} opportunities of "
        f"{report.places} places, {report.concurrency} at a time: {report.seconds} s, "
        f"answers {report.answers}, p50 {report.p50_ms} ms, p95 {report.p95_ms} ms; "
        f"{sum(report.holding.values())} hold a place, {sum(report.waiting.values())} waiting; "
        f"mails {report.mails_sent} of {report.mails_expected} expected: {verdict}"
    )


def setup_django(env):
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "volunteer_portal.settings"
    import django

    django.setup()


def migrate(env):
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--opportunities", type=int, default=5)
    parser.add_argument("--places", type=int, default=25, help="places of each opportunity")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--keep", type=Path, help="write the logs and mail into this folder and keep them"
    )
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    with contextlib.ExitStack() as stack:
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            print("DATABASE_URL is not set: a throwaway PostgreSQL cluster.", flush=True)
            url = stack.enter_context(throwaway_cluster())
        if not url.startswith(("postgres://", "postgresql://")):
            parser.error("the burst needs PostgreSQL (DATABASE_URL=postgres://…)")
        env = production_environment(
            database_url=url,
            secret_key=os.environ.get("SECRET_KEY") or "burst-" + secrets.token_urlsafe(48),
        )
        migrate(env)
        setup_django(env)
        folder = args.keep or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="burst."))
        )
        (folder / "mail").mkdir(parents=True, exist_ok=True)
        report = burst(
            env=env,
            citizens=args.citizens,
            opportunities=args.opportunities,
            places=args.places,
            concurrency=args.concurrency,
            mail_dir=folder / "mail",
            log_dir=folder,
        )
    line = result_line(report)
    print(line)
    for failure in report.failures[:20]:
        print(f"  - {failure}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                **asdict(report),
                "ok": report.ok,
                "summary": line,
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
                "load_average": {"before": load_before, "after": os.getloadavg()[0]},
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
