"""Configuration comes from the environment; production settings pass Django's deploy check."""

import os
import subprocess
import sys

from django.conf import settings

STRONG_KEY = "k" * 20 + "-production-secret-with-enough-entropy-0123456789"


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_debug_off_and_a_real_secret():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "INFO",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="frivillig.example.dk",
        # A real mail server: without one our own check refuses (tests/test_headers.py).
        EMAIL_URL="smtp+tls://portal:secret@smtp.example.dk:587",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_is_refused_when_debug_is_off():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_selects_the_database():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])",
        DEBUG="true",
        DATABASE_URL="sqlite:////tmp/portal-env-test.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "/tmp/portal-env-test.sqlite3"]


def test_danish_is_the_default_language():
    assert settings.LANGUAGE_CODE == "da"
    assert [code for code, _name in settings.LANGUAGES] == ["da", "en"]


def test_the_page_cache_holds_many_pages_and_a_cache_server_gets_no_foreign_option():
    show = (
        "from django.conf import settings as s; o = s.CACHES['default'].get('OPTIONS', {}); "
        "print(o.get('MAX_ENTRIES'))"
    )
    result = run_manage("shell", "--no-imports", "-c", show, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["10000"]  # Django's default of 300 culled pages early
    result = run_manage(
        "shell", "--no-imports", "-c", show, DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None"]  # redis would take it for a connection option
