"""Browser tests: Playwright drives the system Chromium; each page is checked with axe-core
and the Nu HTML Checker."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import IN_CI, login_with_second_factor

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing_tools():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM}")
    if not AXE_JS.exists():
        missing.append("axe-core (npm ci)")
    if not VNU_JAR.exists():
        missing.append("vnu-jar (npm ci)")
    if shutil.which("java") is None:
        missing.append("java")
    return missing


def pytest_collection_modifyitems(config, items):
    missing = _missing_tools()
    if not missing:
        return
    reason = "browser tests need " + ", ".join(missing)
    if IN_CI:  # under CI a missing tool fails the run, never a quiet skip
        raise pytest.UsageError(reason)
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _serve_static_files(settings):
    """The live server finds static files by their source names, which the manifest storage
    replaces with hashed ones; without this the pages would be tested without CSS and JS."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def vnu_url():
    """The Nu HTML Checker as a local web service for the whole session."""
    port = _free_port()
    process = subprocess.Popen(
        [
            "java",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU_JAR),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("The Nu HTML Checker did not start") from None
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=10)


def html_errors(vnu_url, html):
    request = urllib.request.Request(
        vnu_url + "?out=json",
        data=html.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        messages = json.load(response)["messages"]
    return [m for m in messages if m.get("type") == "error"]


@pytest.fixture
def check_page(vnu_url):
    """Assert that the page now shown has no WCAG 2.1 A/AA violation and is valid HTML."""
    axe_source = AXE_JS.read_text()

    def check(page):
        # A click only waits for the navigation to commit; the stylesheets come with "load".
        page.wait_for_load_state("load")
        loaded = page.evaluate("[...document.styleSheets].some(s => s.href && s.cssRules.length)")
        assert loaded, f"the page's stylesheets did not load on {page.url}"
        # page.evaluate runs through the DevTools protocol, so the page's CSP does not block it.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
            for v in result["violations"]
        ]
        assert violations == [], f"axe violations on {page.url}: {violations}"
        source = page.request.get(page.url).text()
        errors = [f"{e.get('lastLine')}: {e['message']}" for e in html_errors(vnu_url, source)]
        assert errors == [], f"invalid HTML on {page.url}: {errors}"

    return check


@pytest.fixture
def login_as(live_server, context):
    """Log the browser context in as a user, without going through the form (a municipal
    user with their second factor, as ``tests.conftest.login_with_second_factor``)."""

    def login(user):
        client = Client()
        login_with_second_factor(client, user)  # a municipal user with their second factor
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return login
