"""Mail: queued after commit, sent by the task worker in the reader's language, retried."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import TEST_PASSWORD, UserFactory
from tests.worker import run_worker
from volunteer_portal.mail import mail_address, mail_user

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture(autouse=True)
def _test_mail_templates(settings):
    """``mail/greeting``: a mail that exists only for these tests."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


def html_part(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.django_db(transaction=True)
def test_mail_in_a_rolled_back_transaction_is_neither_queued_nor_sent(mailoutbox):
    user = UserFactory(email="frivillig@test.dk")
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_user(user=user, template="greeting", context={"note": "x"})
        raise RuntimeError("the change fails after the mail was asked for")
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_is_queued_on_commit_and_sent_once_with_text_and_html(mailoutbox, settings):
    user = UserFactory(email="frivillig@test.dk", language="da")
    with transaction.atomic():
        mail_user(user=user, template="greeting", context={"note": "Tom & Jerry <3"})
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    assert mailoutbox == []

    run_worker()
    run_worker()

    [message] = mailoutbox
    assert message.to == ["frivillig@test.dk"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Frivilligportalen: Min konto"
    assert "Tom & Jerry <3 → frivillig@test.dk" in message.body
    html = html_part(message)
    assert "<p>Tom &amp; Jerry &lt;3 → frivillig@test.dk</p>" in html
    assert "<title>Frivilligportalen: Min konto</title>" in html
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.parametrize(
    ("language", "request_language", "subject", "greeting"),
    [
        ("en", "da", "Frivilligportalen: My account", "Hello,"),
        ("da", "en", "Frivilligportalen: Min konto", "Hej,"),
    ],
)
def test_mail_is_written_in_the_readers_language_not_the_requests(
    language, request_language, subject, greeting, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True), translation.override(request_language):
        mail_user(user=user, template="greeting", context={"note": "x"})
    run_worker()
    [message] = mailoutbox
    assert message.subject == subject
    assert message.body.startswith(greeting)
    assert f'<html lang="{language}">' in html_part(message)


def test_mail_to_an_address_without_an_account_is_in_the_current_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="frivillig@test.dk", language="da")
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        mail_address(address="FRIVILLIG@test.dk", template="greeting", context={"note": "x"})
        mail_address(address="ukendt@test.dk", template="greeting", context={"note": "x"})
    run_worker()
    assert sorted(m.subject for m in mailoutbox) == [
        "Frivilligportalen: Min konto",
        "Frivilligportalen: My account",
    ]


def test_failed_send_is_retried_later_and_then_delivered(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        mail_user(user=UserFactory(), template="greeting", context={"note": "x"})
    run_worker()

    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == TaskResultStatus.FAILED
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after >= timezone.now() + timedelta(seconds=settings.MAIL_RETRY_DELAY - 5)

    # Not before its time: the worker leaves the retry waiting.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()
    assert mailoutbox == []

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert len(mailoutbox) == 1
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL


def test_send_that_keeps_failing_ends_failed_logged_and_visible_in_the_admin(
    settings, caplog, client_for, portal_admin, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_mail.FailingBackend"
    settings.MAIL_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        mail_user(user=UserFactory(), template="greeting", context={"note": "x"})
    for _attempt in range(settings.MAIL_MAX_ATTEMPTS):
        # Each retry waits; make it due now.
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_worker()

    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == [TaskResultStatus.FAILED] * 3
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in results] == [1, 2, 3]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.name for r in errors] == ["volunteer_portal.tasks"]
    assert str(results[2].id) in errors[0].getMessage()

    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = client_for(portal_admin).get(changelist, {"status__exact": "FAILED"})
    assert page.status_code == 200
    assert all(str(r.id) in page.content.decode() for r in results)


def test_password_reset_goes_through_the_queue_in_the_users_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="reader@test.dk", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "reader@test.dk"})
    assert response.status_code == 302
    assert mailoutbox == []
    assert DBTaskResult.objects.count() == 1

    run_worker()
    [message] = mailoutbox
    assert message.subject == "Frivilligportalen: Reset your password"
    assert message.body.startswith("Hello,")
    # The link leads to the English page; the HTML part carries the same text, linked.
    link = re.search(r"http://testserver(/\S+/)", message.body).group(1)
    assert link.startswith("/en/accounts/password/reset/key/")
    assert f'href="http://testserver{link}"' in html_part(message)
    assert client.get(link, follow=True).status_code == 200


def test_switching_language_stores_it_as_the_users_preference(client_for, volunteer):
    assert volunteer.language == "da"
    response = client_for(volunteer).post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


def test_logging_in_on_an_english_page_stores_english(client, volunteer):
    response = client.post(
        "/en/accounts/login/", {"login": volunteer.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


def test_an_anonymous_switch_or_an_unchanged_language_writes_nothing(
    client, client_for, volunteer, django_assert_num_queries
):
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 302
    logged_in = client_for(volunteer)
    with django_assert_num_queries(2):  # the session and the user; no update
        logged_in.post("/i18n/setlang/", {"language": "da"})
