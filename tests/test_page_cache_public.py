"""The directory, the opportunities and a plan's feeds and files, cached whole for anonymous
visitors (volunteer_portal.page_cache): a hit costs at most two queries and is the same answer;
a change shows at once, and so does a place freed by time alone (an offer that lapses)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Interest
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    InterestFactory,
    OpportunityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.queries import get_counting
from tests.test_page_cache import plan_with_an_initiative
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

PLACES = re.compile(r'class="places[^"]*">([^<]*)<')


@pytest.fixture
def data():
    plan = plan_with_an_initiative()
    organisation = OrganisationFactory(name="Islev Sorggruppe")
    ActivityFactory(organisation=organisation, title="Sorggruppe for voksne")
    opportunity = OpportunityFactory(title="Lektiehjælper", volunteers_wanted=3)
    return {"plan": plan, "organisation": organisation, "opportunity": opportunity}


def _urls(data):
    slug = data["plan"].slug
    plan_file = {
        name: reverse(f"initiatives:{name}", kwargs={"slug": slug})
        for name in ("plan-csv", "plan-xlsx", "plan-json", "plan-calendar", "plan-feed")
    }
    directory = reverse("organisations:organisation-list")
    return {
        "directory": directory,
        "directory search": directory + "?q=sorggruppe&kind=humanitarian",
        "activities": reverse("organisations:activity-list"),
        "opportunities": reverse("volunteering:opportunity-list"),
        "opportunities filtered": reverse("volunteering:opportunity-list") + "?places_left=on",
        "opportunity": data["opportunity"].get_absolute_url(),
        "plan print": reverse("initiatives:plan-print", kwargs={"slug": slug}),
        "plan follow": reverse("initiatives:plan-follow", kwargs={"slug": slug}),
        **plan_file,
    }


PAGES = [
    "directory",
    "directory search",
    "activities",
    "opportunities",
    "opportunities filtered",
    "opportunity",
    "plan print",
    "plan follow",
    "plan-csv",
    "plan-xlsx",
    "plan-json",
    "plan-calendar",
    "plan-feed",
]


@pytest.mark.parametrize("page", PAGES)
def test_a_second_visit_costs_at_most_two_queries_and_is_the_same_answer(page, data, client):
    url = _urls(data)[page]
    first, first_queries = get_counting(client, url)
    second, second_queries = get_counting(Client(), url)
    assert first.status_code == second.status_code == 200
    assert second_queries <= 2 < first_queries
    for header in ("Content-Type", "Content-Disposition", "Content-Language"):
        assert second.get(header) == first.get(header)
    assert second.content == first.content


def _places(client, url):
    return PLACES.findall(client.get(url).text)


def test_an_interest_takes_a_place_on_the_list_and_the_page_at_once(data, client):
    opportunity = data["opportunity"]
    urls = [reverse("volunteering:opportunity-list"), opportunity.get_absolute_url()]
    before = [_places(client, url) for url in urls]
    assert before == [_places(client, url) for url in urls]  # from the cache
    InterestFactory(opportunity=opportunity)
    after = [_places(client, url) for url in urls]
    assert all(places and "2" in places[0] for places in after)
    assert after != before


def test_a_lapsing_offer_frees_its_place_without_any_write(data, client):
    opportunity = data["opportunity"]
    opportunity.volunteers_wanted = 1
    opportunity.save()
    now = timezone.now()
    InterestFactory(
        opportunity=opportunity,
        status=Interest.Status.WAITING,
        place_offered_until=now + datetime.timedelta(hours=2),
    )
    url = opportunity.get_absolute_url()
    with time_machine.travel(now, tick=False):
        full = _places(client, url)
        assert full == _places(client, url)
    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        freed = _places(client, url)
    assert freed != full and "1" in freed[0]


def test_a_renamed_organisation_shows_at_once_in_the_directory(data, client):
    url = reverse("organisations:organisation-list")
    assert "Islev Sorggruppe" in client.get(url).text
    organisation = data["organisation"]
    organisation.name = "Islev Sorg- og Krisegruppe"
    organisation.save()
    assert "Islev Sorg- og Krisegruppe" in client.get(url).text


def test_a_new_activity_shows_at_once_among_the_activities(data, client):
    url = reverse("organisations:activity-list")
    assert "Strikkecafé" not in client.get(url).text
    ActivityFactory(organisation=data["organisation"], title="Strikkecafé")
    assert "Strikkecafé" in client.get(url).text


def test_a_new_milestone_shows_at_once_in_the_plan_calendar(data, client):
    url = reverse("initiatives:plan-calendar", kwargs={"slug": data["plan"].slug})
    assert "Første besøg" not in client.get(url).text
    initiative = data["plan"].initiatives.get(number=1)
    initiative.milestones.create(title="Første besøg", date=datetime.date(2025, 3, 1))
    assert "Første besøg" in client.get(url).text


def test_a_draft_plans_files_are_neither_served_nor_stored_for_visitors(client, client_for):
    draft = ActionPlanFactory(status="draft", start_year=2024, end_year=2030)
    url = reverse("initiatives:plan-csv", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    staff = client_for(UserFactory(role=User.Role.STAFF))
    assert staff.get(url).status_code == 200
    assert client.get(url).status_code == 404
