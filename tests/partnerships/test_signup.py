"""Sign-up as a volunteer: the form, the confirmation mail and its link, the way back to the
page the citizen came from, and the bad input of issue #11 (a known address, a weak password,
no consent)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partnerships.models import VolunteerProfile
from tests.factories import OpportunityFactory, UserFactory
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Frivillig-kode-2026"  # noqa: S105


def signup_data(**overrides):
    return {
        "full_name": "Karen Hansen",
        "email": "karen@example.dk",
        "phone": "12 34 56 78",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        **overrides,
    }


def sign_up(client, django_capture_on_commit_callbacks, url=None, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url or reverse("account_signup"), signup_data(**overrides))
    run_worker()
    return response


def main_of(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_sign_up_page_asks_for_name_mail_phone_passwords_and_consent_in_that_order(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    main = main_of(response)
    names = re.findall(r'<(?:input|textarea)[^>]*name="([a-z_0-9]+)"', main)
    fields = [n for n in names if n not in ("csrfmiddlewaretoken", "next")]
    assert fields == ["full_name", "email", "phone", "password1", "password2", "consent"]
    assert f'href="{reverse("privacy")}"' in main
    assert "novalidate" in main
    assert main.count("<h1") == 1


def test_sign_up_makes_a_volunteer_with_profile_phone_and_consent_and_mails_a_link(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="karen@example.dk")
    assert user.role == User.Role.VOLUNTEER
    assert user.full_name == "Karen Hansen"
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.phone == "12 34 56 78"
    assert profile.consent_given_at is not None
    [message] = mail.outbox
    assert message.to == ["karen@example.dk"]
    assert re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body)


def test_the_confirmation_link_logs_in_and_leads_back_to_the_interest_page(
    client, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory()
    interest_url = reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk})
    # An anonymous citizen on the interest page is sent to log in, and from there signs up.
    response = client.get(interest_url)
    assert response.status_code == 302
    signup_url = reverse("account_signup") + "?next=" + interest_url
    page = client.get(signup_url).content.decode()
    assert f'name="next" value="{interest_url}"' in page
    response = sign_up(
        client, django_capture_on_commit_callbacks, url=signup_url, next=interest_url
    )
    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == interest_url
    response = client.get(interest_url)
    assert response.status_code == 200
    assert response.wsgi_request.user.email == "karen@example.dk"


def test_a_known_address_shows_the_same_page_and_mails_its_owner(
    client, volunteer, django_capture_on_commit_callbacks
):
    name = volunteer.full_name
    response = sign_up(client, django_capture_on_commit_callbacks, email=volunteer.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=volunteer.email).count() == 1
    [message] = mail.outbox
    assert message.to == [volunteer.email]
    # allauth's "an account already exists" mail, pointing to the password reset.
    assert "confirm-email" not in message.body
    assert f"http://testserver{reverse('account_reset_password')}" in message.body
    volunteer.refresh_from_db()
    assert volunteer.full_name == name  # the stranger's details are not stored
    assert not VolunteerProfile.objects.filter(user=volunteer).exists()


def test_the_page_after_sign_up_is_the_same_for_a_known_and_a_new_address(volunteer):
    known = Client().post(
        reverse("account_signup"), signup_data(email=volunteer.email), follow=True
    )
    fresh = Client().post(
        reverse("account_signup"), signup_data(email="ny@example.dk"), follow=True
    )
    assert known.redirect_chain == fresh.redirect_chain
    assert main_of(known).replace(volunteer.email, "X") == main_of(fresh).replace(
        "ny@example.dk", "X"
    )


def test_a_weak_password_is_a_danish_error_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), signup_data(password1="password", password2="password")
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="karen@example.dk").exists()
    form = response.context["form"]
    assert "password1" in form.errors
    main = main_of(response)
    with translation.override("da"):
        expected = gettext("This password is too common.")
    assert expected in main
    assert expected != "This password is too common."  # Danish indeed
    assert 'value="Karen Hansen"' in main
    assert 'value="karen@example.dk"' in main
    assert 'value="12 34 56 78"' in main
    assert 'value="password"' not in main
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', main).group(0)
    assert "checked" in consent


def test_without_consent_no_account_and_the_consent_error(client):
    response = client.post(reverse("account_signup"), signup_data(consent=""))
    assert response.status_code == 200
    assert not User.objects.filter(email="karen@example.dk").exists()
    with translation.override("da"):
        expected = gettext("Give your consent, or we cannot handle your voluntary work.")
    assert expected in main_of(response)


def test_a_bad_phone_number_is_refused_and_the_rest_kept(client):
    response = client.post(reverse("account_signup"), signup_data(phone="ring mig"))
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert 'value="Karen Hansen"' in main_of(response)


def test_a_logged_in_user_is_not_offered_sign_up_again(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("account_signup"))
    assert response.status_code == 302


def test_a_cpr_number_in_the_name_is_refused(client):
    from volunteer_portal.models import User

    response = client.post(reverse("account_signup"), signup_data(full_name="Karen 010190-1234"))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.filter(email=signup_data()["email"]).exists()
