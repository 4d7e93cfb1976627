"""Two-factor authentication in a real browser: a staff member logs in with the password, is
sent to set up an authenticator app, types the code their app would show (computed here from
the key on the page), logs out, and logs in again with password and code. The set-up page and
the code page are checked with axe-core and the Nu HTML Checker."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in_with_password(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_staff_member_sets_up_the_app_and_logs_in_with_a_code(
    live_server, page, staff_user, check_page
):
    log_in_with_password(page, live_server, staff_user.email)
    page.wait_for_url(live_server.url + "/accounts/2fa/totp/activate/")
    check_page(page)
    # The checker fetched the page once more, which made a new key: show the current one.
    page.reload()
    qr = page.locator("main img.totp-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the CSP let it load
    secret = page.locator("main code.totp-secret").inner_text().strip()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/accounts/2fa/recovery-codes/")
    assert Authenticator.objects.filter(user=staff_user, type="totp").exists()
    assert page.locator("main ul.recovery-codes li").count() == 10
    check_page(page)

    page.get_by_role("button", name="Log ud").first.click()
    page.wait_for_load_state()
    log_in_with_password(page, live_server, staff_user.email)
    page.wait_for_url(live_server.url + "/accounts/2fa/authenticate/")
    check_page(page)
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("button", name="Log ud").is_visible()
    page.goto(live_server.url + "/accounts/2fa/")
    check_page(page)
