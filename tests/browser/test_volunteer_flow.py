"""The whole volunteer flow of issue #11, in Danish, as a new citizen meets it: find an
opportunity, sign up, confirm the address from the mail that was sent, register interest; the
coordinator answers it from the inbox with an agreement and offers it; the volunteer logs in,
reads and confirms it; the coordinator approves it. Every page on the way is checked with axe
and the Nu HTML Checker, and the main buttons are pressed from the keyboard."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from partnerships.models import Interest, VolunteerAgreement
from tests.factories import OpportunityFactory, UnitFactory, UserFactory, staff_member
from volunteer_portal.models import User

pytestmark = pytest.mark.browser

NAME = "Karen Frivillig Hansen"
EMAIL = "karen.flow@example.dk"
PASSWORD = "Frivillig-kode-2026"  # noqa: S105
MESSAGE = "Jeg læser gerne højt for beboerne om tirsdagen."
TASKS = "Højtlæsning for beboerne i dagligstuen, en time om ugen."
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)")


def da(text):
    """The Danish text of a message id, as the page renders it (English while untranslated)."""
    with translation.override("da"):
        return gettext(text)


def url_in_danish(name, **kwargs):
    with translation.override("da"):
        return reverse(name, kwargs=kwargs or None)


def press(locator):
    """Press a button or link from the keyboard: focus it, then Enter."""
    locator.focus()
    locator.page.keyboard.press("Enter")


@pytest.fixture
def flow(db):
    unit = UnitFactory(name="Plejecenter Solgården")
    reading = OpportunityFactory(
        organisation=unit,
        title="Højtlæsning på Solgården",
        description="Læs avis og noveller højt for beboerne.",
    )
    OpportunityFactory(organisation=unit, title="Cykelture med beboerne")
    coordinator = UserFactory(
        email="koordinator.flow@example.dk",
        full_name="Bente Koordinator",
        role=User.Role.COORDINATOR,
        units=[unit],
    )
    contact = staff_member(unit, email="kontakt.flow@example.dk", full_name="Mette Kontakt")
    return {"unit": unit, "opportunity": reading, "coordinator": coordinator, "contact": contact}


@pytest.fixture
def screens(check_page):
    """Check the page and keep a screenshot of it as /tmp/flow_NN_<name>.png."""
    counter = iter(range(1, 100))

    def shot(page, name):
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "da", page.url
        check_page(page)
        page.screenshot(path=f"/tmp/flow_{next(counter):02d}_{name}.png", full_page=True)

    return shot


def new_page_as(browser, live_server, user):
    """A page in a browser context of its own, logged in as ``user`` without the form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def confirmation_path(email):
    texts = [
        task.args_kwargs["kwargs"]["text"]
        for task in DBTaskResult.objects.order_by("enqueued_at")
        if email in task.args_kwargs["kwargs"].get("to", [])
    ]
    assert texts, f"no mail queued to {email}"
    found = CONFIRM_LINK.search(texts[-1])
    assert found, f"no confirmation link in the mail: {texts[-1]}"
    return found.group(1)


def test_a_new_citizen_walks_the_volunteer_flow_to_an_active_agreement(
    flow, live_server, page, browser, screens
):
    opportunity, contact = flow["opportunity"], flow["contact"]
    base = live_server.url
    interest_path = url_in_danish("volunteering:interest-create", pk=opportunity.pk)

    # 1. The visitor finds the opportunity by searching the list.
    page.goto(base + url_in_danish("volunteering:opportunity-list"))
    screens(page, "opportunity_list")
    search = page.locator("main input[name='q']")
    search.fill("højtlæsning")
    search.press("Enter")
    page.wait_for_url("**q=**")
    results = page.locator("main ul.list-unstyled")
    assert results.get_by_role("link", name=opportunity.title).count() == 1
    assert results.get_by_role("link", name="Cykelture med beboerne").count() == 0
    screens(page, "opportunity_search")
    press(results.get_by_role("link", name=opportunity.title))
    page.wait_for_url("**" + opportunity.get_absolute_url())
    assert page.locator("h1").inner_text() == opportunity.title
    screens(page, "opportunity_detail")

    # 2. They create an account from the opportunity's page.
    signup = page.locator(f"main a[href^='{url_in_danish('account_signup')}?next=']")
    assert signup.inner_text() == da("Create an account to register interest")
    press(signup)
    page.wait_for_url("**/accounts/signup/**")
    assert page.locator("main input[name='next']").get_attribute("value") == interest_path
    screens(page, "signup")
    form = page.locator(f"main form[action='{url_in_danish('account_signup')}']")
    form.locator("input[name='full_name']").fill(NAME)
    form.locator("input[name='email']").fill(EMAIL)
    form.locator("input[name='phone']").fill("12 34 56 78")
    form.locator("input[name='password1']").fill(PASSWORD)
    form.locator("input[name='password2']").fill(PASSWORD)
    form.locator("input[name='consent']").check()
    press(form.locator("button[type='submit']"))
    page.wait_for_url("**" + url_in_danish("account_email_verification_sent"))
    screens(page, "verification_sent")

    # The confirmation mail, from the queue; its link opened in the same browser.
    page.goto(base + confirmation_path(EMAIL))
    screens(page, "confirm_email")
    confirm = page.locator("main form[method='post'] button[type='submit']")
    if confirm.count():
        press(confirm.first)
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION logs them in, and ?next= leads back to the interest.
    page.wait_for_url("**" + interest_path)
    volunteer = User.objects.get(email=EMAIL)
    assert volunteer.emailaddress_set.get(email=EMAIL).verified
    assert page.locator("h1").inner_text() == da("Register interest")
    screens(page, "interest_form")

    # They register interest with a message.
    page.locator("main textarea[name='message']").fill(MESSAGE)
    press(page.locator("main form[method='post'] button[type='submit']"))
    page.wait_for_url("**" + url_in_danish("volunteering:me"))
    assert page.locator(".alert").count() >= 1
    screens(page, "volunteer_home_interest")
    interest = Interest.objects.get(volunteer=volunteer, opportunity=opportunity)
    assert interest.status == Interest.Status.NEW
    assert interest.message == MESSAGE

    # They log out (the button in the header).
    with page.expect_navigation():
        press(page.locator(f"form[action='{url_in_danish('account_logout')}'] button"))
    assert page.locator(f"form[action='{url_in_danish('account_logout')}']").count() == 0

    # 3. The coordinator finds the interest in the inbox and makes an agreement.
    coordinator_page = new_page_as(browser, live_server, flow["coordinator"])
    coordinator_page.goto(base + url_in_danish("volunteering:inbox"))
    screens(coordinator_page, "inbox")
    interest_path_in_inbox = url_in_danish("volunteering:interest-detail", pk=interest.pk)
    row_link = coordinator_page.locator(f"main a[href='{interest_path_in_inbox}']")
    assert row_link.inner_text() == NAME
    press(row_link)
    coordinator_page.wait_for_url("**" + interest_path_in_inbox)
    assert MESSAGE in coordinator_page.locator("main").inner_text()
    screens(coordinator_page, "interest_detail")
    make = coordinator_page.locator(
        f"main a[href='{url_in_danish('volunteering:agreement-create')}?interest={interest.pk}']"
    )
    assert make.inner_text() == da("Make a volunteer agreement")
    press(make)
    coordinator_page.wait_for_url("**/agreements/new/?interest=*")
    screens(coordinator_page, "agreement_form")
    form = coordinator_page.locator("main form[method='post']")
    assert form.locator("select[name='unit']").input_value() == str(flow["unit"].pk)
    form.locator("select[name='contact_person']").select_option(str(contact.pk))
    form.locator("textarea[name='tasks']").fill(TASKS)
    start = timezone.localdate()
    form.locator("input[name='start_date']").fill(start.isoformat())
    press(form.locator("button[type='submit']"))
    coordinator_page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    agreement = VolunteerAgreement.objects.get(interest=interest)
    assert agreement.status == VolunteerAgreement.Status.DRAFT
    assert agreement.contact_person == contact
    assert agreement.tasks == TASKS
    assert agreement.start_date == start
    agreement_path = url_in_danish("volunteering:agreement-detail", pk=agreement.pk)
    screens(coordinator_page, "agreement_draft")
    with coordinator_page.expect_navigation():
        press(coordinator_page.locator("main form[action$='/offer/'] button"))
    assert coordinator_page.url.endswith(agreement_path)
    agreement.refresh_from_db()
    assert agreement.status == VolunteerAgreement.Status.OFFERED
    assert da("Offered to the volunteer") in coordinator_page.locator("#status ~ p").inner_text()
    screens(coordinator_page, "agreement_offered")

    # 4. The volunteer logs in with the password of their sign-up, reads and confirms.
    page.goto(base + url_in_danish("account_login") + "?next=" + url_in_danish("volunteering:me"))
    screens(page, "login")
    form = page.locator(f"main form[action='{url_in_danish('account_login')}']")
    form.locator("input[name='login']").fill(EMAIL)
    form.locator("input[name='password']").fill(PASSWORD)
    press(form.locator("button[type='submit']"))
    # The whole address: the log-in page's own ?next= ends with the same path.
    page.wait_for_url(base + url_in_danish("volunteering:me"))
    screens(page, "volunteer_home_offered")
    press(page.locator(f"main th a[href='{agreement_path}']"))
    page.wait_for_url("**" + agreement_path)
    main = page.locator("main").inner_text()
    assert TASKS in main
    assert "Mette Kontakt" in main
    screens(page, "agreement_to_confirm")
    confirm = page.locator("main form[action$='/confirm/'] button")
    assert confirm.inner_text() == da("I have read the agreement and confirm it")
    with page.expect_navigation():
        press(confirm)
    assert page.url.endswith(agreement_path)
    agreement.refresh_from_db()
    assert agreement.status == VolunteerAgreement.Status.CONFIRMED
    assert page.locator("main form[action$='/confirm/']").count() == 0
    screens(page, "agreement_confirmed")

    # 5. The coordinator approves it: the volunteer is active.
    coordinator_page.goto(base + agreement_path)
    screens(coordinator_page, "agreement_to_approve")
    with coordinator_page.expect_navigation():
        press(coordinator_page.locator("main form[action$='/approve/'] button"))
    assert coordinator_page.url.endswith(agreement_path)
    assert coordinator_page.locator("#status ~ p").inner_text() == da("Active")
    assert coordinator_page.locator("main form[action$='/approve/']").count() == 0
    screens(coordinator_page, "agreement_active")
    agreement.refresh_from_db()
    assert agreement.status == VolunteerAgreement.Status.ACTIVE
    assert agreement.approved_by == flow["coordinator"]

    # The volunteer's own page shows it active.
    page.goto(base + url_in_danish("volunteering:me"))
    assert da("Active") in page.locator("#agreements-heading ~ div table tbody").inner_text()
    screens(page, "volunteer_home_active")
    coordinator_page.context.close()
