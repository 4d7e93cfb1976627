"""Several people saving at once on the SQLite file database that `make run` serves.

The test database of pytest-django on SQLite lives in memory, so these tests migrate a real
file, start the real development server on it and save action plans from several threads as a
logged-in staff member. With the portal's SQLite options (volunteer_portal.settings:
sqlite_options) no request fails; with Django's defaults the same load answers "database is
locked" as a 500, which shows that the test can fail.
"""

import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite only: the database lock under concurrent writes is SQLite's; CI runs on "
    "PostgreSQL",
)

THREADS = 8
SAVES_PER_THREAD = 10
CSRF_TOKEN = "concurrencytestcsrftoken12345678"  # any 32 letters and digits  # noqa: S105

# Run by `manage.py shell -c` on the migrated file: a staff member, one plan per thread and
# a session for the staff member (with their second factor), whose key is the last line printed.
SET_UP = f"""
from django.test import Client
from initiatives.models import ActionPlan
from volunteer_portal.models import User

user = User.objects.create_user(email="medarbejder@test.dk", role=User.Role.STAFF)
for n in range({THREADS}):
    ActionPlan.objects.create(title=f"Plan {{n}}", slug=f"plan-{{n}}", start_year=2024,
                              end_year=2026)
client = Client()
# A staff member must use two-factor authentication: a real TOTP factor, used in the session.
from tests.conftest import login_with_second_factor
login_with_second_factor(client, user)
print(client.cookies["sessionid"].value)
"""

DJANGO_DEFAULTS = """
from volunteer_portal.settings import *  # noqa: F403

DATABASES["default"]["OPTIONS"] = {}  # noqa: F405
"""


def _manage(*args, env):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"manage.py {args[0]} failed:\n{done.stderr}")
    return done


def _environment(database, **extra):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own unless ``extra`` names one
    return {**env, **extra}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated file database with the cast, and the staff member's session key."""
    database = tmp_path_factory.mktemp("sqlite") / "portal.sqlite3"
    env = _environment(database)
    _manage("migrate", "--verbosity=0", env=env)
    session_key = _manage("shell", "--verbosity=0", "-c", SET_UP, env=env).stdout.split()[-1]
    return database, session_key


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`manage.py runserver` (threaded, as `make run` serves) on a free local port."""

    def __init__(self, env, log):
        self.port = _free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"the server did not start:\n{Path(self.log.name).read_text()}")

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _save_plans_at_once(server, session_key):
    """Each thread saves its own plan ten times, so every save is meant to succeed (no
    conflict between editors). Returns the status codes and the bodies of any 5xx."""
    statuses, failures, lock = Counter(), [], threading.Lock()
    start = threading.Barrier(THREADS)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={session_key}; csrftoken={CSRF_TOKEN}",
        "X-CSRFToken": CSRF_TOKEN,
    }

    def editor(n):
        version = 1
        start.wait()
        for save in range(SAVES_PER_THREAD):
            body = urlencode(
                {
                    "title": f"Plan {n}, save {save}",
                    "slug": f"plan-{n}",
                    "start_year": 2024,
                    "end_year": 2026,
                    "vision": "Flere med i fællesskaberne.",
                    "legal_basis": "Serviceloven § 18",
                    "introduction": "",
                    "version": version,
                    "goals-TOTAL_FORMS": 0,
                    "goals-INITIAL_FORMS": 0,
                    "goals-MIN_NUM_FORMS": 0,
                    "goals-MAX_NUM_FORMS": 1000,
                }
            )
            status, text = server.request(
                "POST", f"/plans/plan-{n}/edit/", body=body, headers=headers
            )
            with lock:
                statuses[status] += 1
                if status >= 500:
                    failures.append(_exception(text))
            if status == 302:
                version += 1

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses, failures


def _exception(page):
    """What went wrong, from Django's debug page for a 500 (DEBUG is on)."""
    found = re.search(r'<pre class="exception_value">(.*?)</pre>', page, re.DOTALL)
    return found.group(1).strip() if found else page[:500]


def _stored_versions(database):
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT slug, version FROM initiatives_actionplan")
        return dict(rows.fetchall())


def test_concurrent_saves_on_sqlite_all_succeed(migrated, tmp_path):
    database, session_key = migrated
    copy = shutil.copy(database, tmp_path / "portal.sqlite3")
    with open(tmp_path / "server.log", "w") as log:
        server = Server(_environment(copy), log)
        try:
            statuses, failures = _save_plans_at_once(server, session_key)
        finally:
            server.stop()
    assert failures == []
    assert statuses == {302: THREADS * SAVES_PER_THREAD}
    assert set(_stored_versions(copy).values()) == {SAVES_PER_THREAD + 1}
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_concurrent_saves_with_django_defaults_meet_database_is_locked(migrated, tmp_path):
    """The control: the same load without the options, in SQLite's default journal mode."""
    database, session_key = migrated
    copy = shutil.copy(database, tmp_path / "portal.sqlite3")
    with sqlite3.connect(copy) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    (tmp_path / "django_defaults.py").write_text(DJANGO_DEFAULTS)
    env = _environment(
        copy,
        DJANGO_SETTINGS_MODULE="django_defaults",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
    )
    with open(tmp_path / "server.log", "w") as log:
        server = Server(env, log)
        try:
            statuses, failures = _save_plans_at_once(server, session_key)
        finally:
            server.stop()
    assert failures, f"no request failed: {statuses}"
    assert set(failures) == {"database is locked"}
