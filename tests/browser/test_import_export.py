"""Staff upload a spreadsheet, read the preview's row errors, upload the corrected file and
import it; every page is checked with axe and the Nu HTML Checker, in Danish and English."""

import pytest
from django.urls import reverse

from organisations.models import Organisation

pytestmark = pytest.mark.browser

BAD = "name;kind;cvr\r\nKlubben;community;12345678\r\n"
GOOD = "name;kind;cvr\r\nKlubben;community;12345674\r\n"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_preview_correct_and_import_a_file(
    prefix, staff_user, live_server, page, login_as, check_page, tmp_path
):
    login_as(staff_user)
    page.goto(live_server.url + prefix + reverse("organisations:organisation-list"))
    page.locator(".transfer-links a").click()
    page.wait_for_url("**/import/")
    check_page(page)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD, encoding="utf-8-sig")
    good.write_text(GOOD, encoding="utf-8-sig")
    page.locator("input[type=file]").set_input_files(bad)
    page.locator("main form button.btn-primary").click()
    page.wait_for_url("**/import/preview/")
    check_page(page)
    assert page.locator("tr.table-danger").count() == 1
    assert page.locator("input[name=token]").count() == 0
    page.goto(live_server.url + prefix + reverse("organisations:transfer-import"))
    page.locator("input[type=file]").set_input_files(good)
    page.locator("main form button.btn-primary").click()
    page.wait_for_url("**/import/preview/")
    check_page(page)
    page.locator("main form button.btn-primary").click()
    page.wait_for_url("**/import/")
    check_page(page)
    assert Organisation.objects.get().cvr == "12345674"


def test_an_unreadable_file_is_refused_on_the_form(
    staff_user, live_server, page, login_as, check_page, tmp_path
):
    login_as(staff_user)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name;kind\r\nÆblehaven;community\r\n".encode("latin-1"))
    page.goto(live_server.url + reverse("organisations:transfer-import"))
    page.locator("input[type=file]").set_input_files(latin)
    page.locator("main form button.btn-primary").click()
    assert page.locator("[data-error-summary]").count() == 1
    check_page(page)
