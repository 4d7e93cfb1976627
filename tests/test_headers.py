"""Headers and browser policy (issue #12, part C): every page carries the CSP, frame denial,
referrer policy, a Permissions-Policy and the opener policy; with DEBUG off HSTS is sent and
every cookie (session, CSRF, language) is Secure, HttpOnly and SameSite=Lax; the deploy check is
clean with production settings; and our own check refuses mail that would go nowhere."""

import json

import pytest
from django.core import checks
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.test_settings import STRONG_KEY, run_manage
from volunteer_portal.headers import DEFAULT_PERMISSIONS_POLICY, permissions_policy_value

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "frivillig.example.dk",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.dk:587",
}

# The settings the production branch of settings.py decides, read from a real start with
# DEBUG off (a test process has DEBUG on, so its own settings cannot show them).
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production_settings():
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_the_secure_ones(production_settings):
    assert production_settings == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SAMESITE": "Lax",
    }


@pytest.fixture
def in_production(production_settings, settings):
    """This process set up as production is (TLS assumed: requests are made with secure=True)."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def test_a_page_carries_every_policy_header(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "base-uri 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ):
        assert f"{feature}=()" in policy.split(", ")


def test_the_permissions_policy_is_on_error_pages_and_redirects_too(client):
    assert "camera=()" in client.get("/plans/no-such-plan/").headers["Permissions-Policy"]
    redirect = client.get(reverse("volunteering:me"))
    assert redirect.status_code == 302
    assert "camera=()" in redirect.headers["Permissions-Policy"]


def test_the_permissions_policy_is_written_as_the_standard_says():
    assert permissions_policy_value({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )
    assert all(origins == [] for origins in DEFAULT_PERMISSIONS_POLICY.values())


def test_hsts_is_sent_over_tls_with_debug_off(in_production, client):
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_plain_http_is_sent_to_https_with_debug_off(in_production, client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def assert_locked_down(cookie):
    assert cookie["secure"] is True, cookie.key
    assert cookie["httponly"] is True, cookie.key
    assert cookie["samesite"] == "Lax", cookie.key


def test_the_csrf_and_session_cookies_are_secure_httponly_and_lax(in_production, client, volunteer):
    page = client.get(reverse("account_login"), secure=True)
    assert page.status_code == 200
    assert_locked_down(page.cookies["csrftoken"])
    response = client.post(
        reverse("account_login"),
        {"login": volunteer.email, "password": TEST_PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    assert_locked_down(response.cookies["sessionid"])


def test_the_language_cookie_is_secure_httponly_and_lax(in_production, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    assert response.status_code == 302
    assert_locked_down(response.cookies["django_language"])


def test_no_script_of_ours_reads_a_cookie():
    """CSRF_COOKIE_HTTPONLY holds only while no script needs the CSRF cookie."""
    from django.conf import settings

    scripts = list((settings.BASE_DIR / "static").rglob("*.js"))
    assert scripts
    for script in scripts:
        assert "cookie" not in script.read_text(encoding="utf-8").lower(), script


# tests/test_settings.py runs `check --deploy --fail-level INFO` with these production
# settings (and a real mail server) and sees it report nothing.


def test_deploy_check_refuses_a_production_instance_without_a_mail_server():
    without_mail = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_URL"}
    result = run_manage("check", "--deploy", **without_mail)
    assert result.returncode != 0
    assert "volunteer_portal.E002" in result.stderr
    assert "password-reset" in result.stderr


def mail_errors():
    return [m for m in checks.run_checks() if m.id == "volunteer_portal.E002"]


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_our_check_refuses_mail_that_goes_nowhere_with_debug_off(backend):
    with override_settings(DEBUG=False, EMAIL_BACKEND=backend):
        errors = mail_errors()
    assert len(errors) == 1
    assert errors[0].level == checks.ERROR
    assert "password-reset links into its log" in errors[0].msg
    assert "EMAIL_URL" in errors[0].hint


def test_our_check_accepts_a_real_mail_server_or_debug():
    with override_settings(
        DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"
    ):
        assert mail_errors() == []
    with override_settings(
        DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    ):
        assert mail_errors() == []
