"""What a page weighs on the wire (issue #13): HTML goes out gzip-compressed to a browser that
accepts it, static files are compressed when collected, and Bootstrap's JavaScript, which no
page uses, is not loaded; a page with JavaScript of its own still gets it."""

import gzip
import json
import re

import pytest
from django.conf import settings
from django.template.loaders.app_directories import get_app_template_dirs

from tests.factories import ActionPlanFactory, InitiativeFactory
from tests.test_headers import PRODUCTION
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

GZIP = "django.middleware.gzip.GZipMiddleware"


def test_a_page_comes_back_gzip_compressed_when_the_browser_accepts_it(client):
    response = client.get("/", headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<h1>Frivilligportalen</h1>" in html
    assert len(response.content) < len(html.encode()) / 2


def test_a_page_is_sent_plain_to_a_client_without_gzip(client):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")
    assert "<h1>Frivilligportalen</h1>" in response.text


def test_compression_sits_below_whitenoise_and_above_what_changes_the_body():
    # WhiteNoise answers static files itself, compressed at collectstatic: nothing to redo.
    middleware = settings.MIDDLEWARE
    assert (
        middleware.index(GZIP) == middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    )
    assert middleware.index(GZIP) < middleware.index("csp.middleware.CSPMiddleware")
    assert middleware.index(GZIP) < middleware.index("django.middleware.common.CommonMiddleware")


def test_collected_static_files_are_compressed_and_hashed_in_production():
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps(s.STORAGES['staticfiles']['BACKEND']))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    backend = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _scripts(html):
    return re.findall(r'<script[^>]* src="([^"]+)"', html)


def test_the_home_page_loads_no_bootstrap_javascript(client):
    scripts = _scripts(client.get("/").text)
    assert scripts  # the page's own scripts are still there
    assert not [src for src in scripts if "bootstrap" in src]


def test_the_plan_page_still_gets_its_own_javascript(client):
    plan = ActionPlanFactory()
    InitiativeFactory(plan=plan, number=1)
    scripts = _scripts(client.get(plan.get_absolute_url()).text)
    assert any("js/plan-details." in src for src in scripts), scripts
    assert not [src for src in scripts if "bootstrap" in src]


def test_no_template_uses_a_bootstrap_javascript_component():
    """Bootstrap's JavaScript is left out because nothing needs it: a template that starts
    using a dropdown, collapse or modal (data-bs-*) must load it in its extra_js block."""
    folders = [settings.BASE_DIR / "templates", *get_app_template_dirs("templates")]
    ours = [f for f in folders if str(settings.BASE_DIR) in str(f) and ".venv" not in str(f)]
    templates = [path for folder in ours for path in folder.rglob("*.html")]
    assert len(templates) > 50
    users = [str(p) for p in templates if "data-bs-" in p.read_text(encoding="utf-8")]
    assert users == []
