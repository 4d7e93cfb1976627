"""The waiting-list link from the mail: it works without logging in (the signed token is the
key), shows the place in line and an offered place, accepts and leaves for the token's
volunteer only, and an expired or used link says so in Danish instead of an error page."""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerships.models import Interest
from partnerships.services import interests as services
from tests.factories import InterestFactory, OpportunityFactory, UserFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def da(message):
    with translation.override("da"):
        return gettext(message)


def text_of(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def url_of(interest):
    return reverse("volunteering:waiting", kwargs={"token": services.waiting_token(interest)})


@pytest.fixture
def full():
    """An opportunity with one place, taken; two volunteers wait in line."""
    opportunity = OpportunityFactory(volunteers_wanted=1, title="Højtlæsning for børn")
    taken = InterestFactory(opportunity=opportunity)
    now = timezone.now()
    first = InterestFactory(
        opportunity=opportunity, status="waiting", created_at=now - datetime.timedelta(hours=2)
    )
    second = InterestFactory(
        opportunity=opportunity, status="waiting", created_at=now - datetime.timedelta(hours=1)
    )
    return opportunity, taken, first, second


def offer_to(interest, hours=24):
    """The taken place frees and is offered to ``interest`` (as the service does)."""
    Interest.objects.filter(opportunity=interest.opportunity, status="new").update(
        status="withdrawn"
    )
    Interest.objects.filter(pk=interest.pk).update(
        place_offered_until=timezone.now() + datetime.timedelta(hours=hours)
    )
    interest.refresh_from_db()


def test_the_link_shows_the_place_in_line_without_logging_in(client, full):
    _opportunity, _taken, _first, second = full
    response = client.get(url_of(second))
    assert response.status_code == 200
    main = text_of(response)
    assert "Højtlæsning for børn" in main
    with translation.override("da"):
        assert (
            gettext(
                "You are number %(position)s on the waiting list. We e-mail you when a place frees."
            )
            % {"position": 2}
            in main
        )
    assert 'value="leave"' in main
    assert 'value="accept"' not in main
    assert "no-store" in response["Cache-Control"]


def test_an_offered_place_shows_until_when_and_can_be_accepted(client, full, mailoutbox):
    _opportunity, taken, first, _second = full
    offer_to(first)
    main = text_of(client.get(url_of(first)))
    assert da("A place is offered to you.") in main
    assert 'value="accept"' in main
    response = client.post(url_of(first), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == url_of(first)
    first.refresh_from_db()
    assert first.status == Interest.Status.NEW
    assert first.place_offered_until is None
    page = text_of(client.get(url_of(first)))
    assert (
        da("You have accepted the place. The coordinator will contact you about the next step.")
        in page
    )
    # The double click: nothing more happens, calmly.
    response = client.post(url_of(first), {"action": "accept"}, follow=True)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.status == Interest.Status.NEW


def test_an_expired_offer_says_so_and_accepts_nothing(client, full):
    _opportunity, _taken, first, _second = full
    offer_to(first, hours=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        response = client.get(url_of(first))
        assert response.status_code == 200
        assert da(
            "The place offered to you is no longer open: the time to answer has passed, and it "
            "goes to the next on the waiting list."
        ) in text_of(response)
        response = client.post(url_of(first), {"action": "accept"}, follow=True)
    assert response.status_code == 200
    assert da(
        "There is no open offer of a place to accept: the time to answer has passed, or you "
        "have already answered."
    ) in text_of(response)
    first.refresh_from_db()
    assert first.status == Interest.Status.WAITING


def test_a_lapsed_interest_is_an_expired_link_not_an_error(client, full):
    opportunity, _taken, first, second = full
    offer_to(first, hours=1)
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        services.pass_on_lapsed_offers(by=None)
    first.refresh_from_db()
    assert first.status == Interest.Status.LAPSED
    response = client.get(url_of(first))
    assert response.status_code == 200
    assert da(
        "This waiting-list link has expired: the place offered to you was not accepted in time "
        "and has passed to the next in line. You are welcome to register interest again."
    ) in text_of(response)
    response = client.post(url_of(first), {"action": "leave"}, follow=True)
    assert response.status_code == 200
    assert da("You are no longer on this waiting list.") in text_of(response)
    second.refresh_from_db()
    assert second.place_offer_open()


def test_leaving_the_list_once_and_the_next_moves_up(client, full):
    _opportunity, _taken, first, second = full
    response = client.post(url_of(first), {"action": "leave"}, follow=True)
    assert da("You have left the waiting list.") in text_of(response)
    first.refresh_from_db()
    assert first.status == Interest.Status.WITHDRAWN
    assert second.waiting_position() == 1
    response = client.post(url_of(first), {"action": "leave"}, follow=True)
    assert da("You are no longer on this waiting list.") in text_of(response)


def test_leaving_an_offered_place_passes_it_on(client, full, django_capture_on_commit_callbacks):
    _opportunity, _taken, first, second = full
    offer_to(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_of(first), {"action": "leave"})
    run_worker()
    second.refresh_from_db()
    assert second.place_offer_open()


def test_another_logged_in_user_acts_for_the_tokens_volunteer_only(client_for, full):
    _opportunity, _taken, first, _second = full
    stranger = UserFactory()
    mine = InterestFactory(volunteer=stranger, status="new")
    offer_to(first)
    client = client_for(stranger)
    response = client.post(url_of(first), {"action": "accept"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Interest.Status.NEW
    assert first.volunteer != stranger
    mine.refresh_from_db()
    assert mine.status == Interest.Status.NEW


# Made in the test, not at collection (a signed token carries the time it was made).
BAD_TOKENS = {
    "nonsense": lambda: "nonsense",
    "other-salt": lambda: signing.dumps(1, salt="another.salt"),
    "unknown-interest": lambda: signing.dumps(999999, salt=services.WAITING_SALT),
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_bad_or_unknown_token_answers_404(client, full, kind):
    token = BAD_TOKENS[kind]()
    response = client.get(reverse("volunteering:waiting", kwargs={"token": token}))
    assert response.status_code == 404
    response = client.post(
        reverse("volunteering:waiting", kwargs={"token": token}), {"action": "leave"}
    )
    assert response.status_code == 404


def test_a_tampered_token_answers_404(client, full):
    _opportunity, _taken, first, _second = full
    token = services.waiting_token(first)
    tampered = token[:-2] + ("yy" if token.endswith("xx") else "xx")
    response = client.get(reverse("volunteering:waiting", kwargs={"token": tampered}))
    assert response.status_code == 404


def test_the_mail_link_leads_to_the_page(
    client, volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    opportunity = OpportunityFactory(volunteers_wanted=1)
    InterestFactory(opportunity=opportunity)
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.register_interest(
            volunteer=volunteer, opportunity=opportunity, join_waiting_list=True, by=volunteer
        )
    run_worker()
    [message] = [m for m in mailoutbox if m.to == [volunteer.email]]
    path = re.search(r"https?://[^/\s]+(/volunteering/waiting/[^/\s]+/)", message.body).group(1)
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["interest"] == interest


def test_get_changes_nothing(client, full):
    _opportunity, _taken, first, _second = full
    offer_to(first)
    client.get(url_of(first) + "?action=accept")
    first.refresh_from_db()
    assert first.status == Interest.Status.WAITING
