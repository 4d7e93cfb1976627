"""Backup and restore (issue #13), done for real as docs/deployment.md describes it: the demo
data is dumped with pg_dump -Fc, restored with pg_restore into a fresh PostgreSQL cluster made
for the test, and then the migrations are complete, every table has the same number of rows,
and an app server on the restored database answers with the data."""

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from benchmarks.loopback import BASE_DIR, AppServer, Browser, database_url, production_environment
from initiatives.models import ActionPlan
from tests.conftest import IN_CI

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" and not IN_CI,
        reason="pg_dump and pg_restore need PostgreSQL",
    ),
]


def as_postgres(command, **kwargs):
    """Run a server command as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


@pytest.fixture
def fresh_cluster():
    """A new, empty PostgreSQL cluster listening only on a socket in a temporary folder;
    yields the connection settings of its database ``restored``."""
    folder = Path(tempfile.mkdtemp(prefix="pgrestore."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    as_postgres(
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        + ["--encoding=UTF8", "--locale=C.UTF-8"]
    )
    options = f"-c listen_addresses='' -c unix_socket_directories='{folder}' -c fsync=off"
    as_postgres(
        [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log")]
        + ["-w", "-t", "60", "-o", options, "start"]
    )
    try:
        subprocess.run(  # noqa: S603
            [str(PG_BIN / "createdb"), "-h", str(folder), "-U", "postgres", "restored"],
            check=True,
        )
        yield {"HOST": str(folder), "PORT": "5432", "USER": "postgres", "NAME": "restored"}
    finally:
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def libpq_args(settings_dict):
    args = ["-h", settings_dict["HOST"] or "localhost", "-U", settings_dict["USER"] or "postgres"]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    return args


def libpq_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def row_counts(settings_dict):
    """The number of rows of every table in the public schema."""
    with (
        psycopg2.connect(
            dbname=settings_dict["NAME"],
            host=settings_dict["HOST"] or None,
            port=settings_dict.get("PORT") or None,
            user=settings_dict["USER"] or None,
            password=settings_dict.get("PASSWORD") or None,
        ) as db,
        db.cursor() as cursor,
    ):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(name for (name,) in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  (names from pg_tables)
            counts[table] = cursor.fetchone()[0]
    return counts


def manage(*args, settings_dict):
    env = production_environment(
        database_url=database_url(settings_dict), secret_key="restore-test-" + "k" * 50
    )
    return subprocess.run(  # noqa: S603
        [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_dump_restored_into_a_fresh_cluster_answers_with_the_same_data(
    settings, fresh_cluster, tmp_path
):
    settings.DEBUG = True  # load_demo refuses to run without it
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    plan = ActionPlan.objects.filter(status=ActionPlan.Status.PUBLISHED).first()
    assert plan is not None
    source = connection.settings_dict
    dump = tmp_path / "portal.dump"
    subprocess.run(  # noqa: S603
        [str(PG_BIN / "pg_dump"), "-Fc", "--no-owner", "-f", str(dump)]
        + libpq_args(source)
        + [source["NAME"]],
        check=True,
        env=libpq_env(source),
    )
    restore = subprocess.run(  # noqa: S603
        [str(PG_BIN / "pg_restore"), "--no-owner", "--exit-on-error", "-d", "restored"]
        + libpq_args(fresh_cluster)
        + [str(dump)],
        capture_output=True,
        text=True,
    )
    assert restore.returncode == 0, restore.stderr

    expected = row_counts(source)
    assert expected["initiatives_actionplan"] > 0 and expected["volunteer_portal_user"] > 0
    assert row_counts(fresh_cluster) == expected

    check = manage("migrate", "--check", settings_dict=fresh_cluster)
    assert check.returncode == 0, check.stdout + check.stderr

    env = production_environment(
        database_url=database_url(fresh_cluster), secret_key="restore-test-" + "k" * 50
    )
    with AppServer(env) as server:
        browser = Browser(server.port)
        assert browser.get("/healthz").status == 200
        page = browser.get(reverse("initiatives:plan-detail", kwargs={"slug": plan.slug}))
        assert page.status == 200
        assert plan.title in html.unescape(page.text)
