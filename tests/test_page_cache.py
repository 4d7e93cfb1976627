"""Whole public pages cached for anonymous visitors (volunteer_portal.page_cache): a hit costs
at most two queries and is the same page, sent compressed as stored; a change shows at once; a
logged-in reader, a pending message, an unknown query, a 404 or a redirect is never served
from the cache nor stored."""

import gzip
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Initiative
from tests.factories import ActionPlanFactory, InitiativeFactory
from tests.queries import get_counting
from volunteer_portal import caching, page_cache

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def plan_with_an_initiative():
    plan = ActionPlanFactory(title="Handleplan for fællesskab", start_year=2024, end_year=2030)
    InitiativeFactory(plan=plan, number=1, title="Besøgsvenner", start_year=2024, end_year=2026)
    return plan


@pytest.fixture
def plan():
    return plan_with_an_initiative()


def _pages(plan):
    return {
        "home": reverse("home"),
        "plan list": reverse("initiatives:plan-list"),
        "plan": plan.get_absolute_url(),
        "initiative": plan.initiatives.get(number=1).get_absolute_url(),
    }


def _stored_pages():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = [key.split(":", 2)[-1] for (key,) in cursor.fetchall()]
    return [cache.get(key) for key in keys if key.startswith(page_cache.PAGE_PREFIX)]


@pytest.mark.parametrize("page", ["home", "plan list", "plan", "initiative"])
def test_a_second_visit_costs_at_most_two_queries_and_is_the_same_page(page, plan, client):
    url = _pages(plan)[page]
    first, first_queries = get_counting(client, url)
    second, second_queries = get_counting(Client(), url)
    assert first.status_code == second.status_code == 200
    assert second_queries <= 2 < first_queries
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == first["Content-Language"]
    assert not TOKEN.search(first.text)  # nothing of one visitor's request on the page
    assert first.text == second.text


def test_a_visitors_language_switch_needs_no_token_and_a_users_does(plan, client_for, volunteer):
    url = plan.get_absolute_url()
    switch = {"language": "en", "next": url}
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url)
    answer = visitor.post(reverse("set_language"), switch)
    assert answer.status_code == 302 and answer.cookies["django_language"].value == "en"

    user = client_for(volunteer)
    user.handler.enforce_csrf_checks = True
    page = user.get(url).text
    assert user.post(reverse("set_language"), switch).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.language != "en"
    token = TOKEN.search(page).group(1)
    answer = user.post(reverse("set_language"), {**switch, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


def test_an_initiative_renamed_through_its_service_shows_at_once(
    plan, client, staff_user, django_capture_on_commit_callbacks
):
    initiative = plan.initiatives.get(number=1)
    urls = [initiative.get_absolute_url(), plan.get_absolute_url()]
    for url in urls:
        client.get(url)
        assert "Besøgsvenner" in client.get(url).text
        assert "Besøgsvenner i hele kommunen" not in client.get(url).text
    initiative = Initiative.objects.get(pk=initiative.pk)
    initiative.title = "Besøgsvenner i hele kommunen"
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_save(
            initiative=initiative, version=initiative.version, by=staff_user, goals=[], related=[]
        )
    for url in urls:
        assert "Besøgsvenner i hele kommunen" in client.get(url).text


def test_a_plan_change_shows_at_once_on_the_list_and_the_home_page_stays(
    plan, client, django_capture_on_commit_callbacks
):
    url = reverse("initiatives:plan-list")
    client.get(url)
    assert "Handleplan for fællesskab" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        ActionPlanFactory(title="Handleplan for sundhed", start_year=2025, end_year=2028)
        plan.title = "Handleplan for det gode liv"
        plan.save()
    text = client.get(url).text
    assert "Handleplan for sundhed" in text and "Handleplan for det gode liv" in text
    assert "Handleplan for det gode liv" in client.get(plan.get_absolute_url()).text


def test_a_logged_in_reader_never_gets_nor_stores_the_cached_page(
    plan, client, client_for, volunteer
):
    url = plan.get_absolute_url()
    client.get(url)
    reader = client_for(volunteer)
    assert reverse("account_logout") in reader.get(url).text
    stored = _stored_pages()
    assert len(stored) == 1
    assert reverse("account_logout").encode() not in gzip.decompress(stored[0]["gzip"])
    cache.clear()
    reader.get(url)
    reader.get(reverse("home"))
    assert _stored_pages() == []


def test_a_page_with_a_pending_message_is_neither_served_nor_stored(plan, client):
    url = plan.get_absolute_url()
    client.get(url)
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(constants.INFO, "Tak for din besked")
    response = page_cache.HttpResponse()
    storage.update(response)
    visitor = Client()
    visitor.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    cache.clear()
    answer = visitor.get(url)
    assert "Tak for din besked" in answer.text
    assert _stored_pages() == []
    client.get(url)
    visitor.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    assert "Tak for din besked" in visitor.get(url).text  # a stored page, but not served


def test_english_and_danish_are_cached_apart(plan, client):
    danish_url = reverse("initiatives:plan-list")
    with translation.override("en"):
        english_url = reverse("initiatives:plan-list")
    assert english_url != danish_url
    for _ in range(2):
        danish, english = client.get(danish_url), client.get(english_url)
        assert danish["Content-Language"] == "da" and english["Content-Language"] == "en"
        assert 'lang="da"' in danish.text[:200] and 'lang="en"' in english.text[:200]


def test_unknown_queries_404s_and_redirects_are_not_stored(plan, client):
    client.get(reverse("home") + "?utm_source=nyhedsbrev")
    client.get(reverse("initiatives:plan-detail", kwargs={"slug": "findes-ikke"}))
    assert client.get("/plans").status_code in (301, 302)
    assert _stored_pages() == []
    client.get(reverse("initiatives:plan-list") + "?page=1")
    assert len(_stored_pages()) == 1


def test_a_stored_page_is_compressed_and_a_hit_goes_out_as_stored(plan, client):
    url = plan.get_absolute_url()
    first = client.get(url)
    (stored,) = _stored_pages()
    assert stored["headers"]["Content-Type"].startswith("text/html")
    assert gzip.decompress(stored["gzip"]) == first.content
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert compressed.content == stored["gzip"]
    plain = client.get(url)
    assert not plain.has_header("Content-Encoding") and plain.content == first.content
    caching.bump(caching.PLANS)
    client.get(url)
    assert len(_stored_pages()) == 2  # the bump made another key
