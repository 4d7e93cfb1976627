"""The page on how to follow a plan: linked from the plan, with the feed, a webcal:// calendar
subscription and its https address, and every export with what it holds."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def url(name, plan):
    """The address in Danish, the default language, whatever the last request spoke."""
    with translation.override("da"):
        return reverse(f"initiatives:{name}", kwargs={"slug": plan.slug})


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(status="published", slug="rodovre-2020-2022")
    InitiativeFactory(plan=plan, number=1)
    return plan


def test_plan_page_links_the_follow_page(plan, client):
    assert f'href="{url("plan-follow", plan)}"' in client.get(plan.get_absolute_url()).text


def test_follow_page_offers_the_calendar_as_a_webcal_subscription(plan, client):
    response = client.get(url("plan-follow", plan))
    assert response.context["webcal_url"] == "webcal://testserver" + url("plan-calendar", plan)
    assert f'href="webcal://testserver{url("plan-calendar", plan)}"' in response.text
    # The same address over http(s), to copy into a calendar that asks for one.
    assert f'value="http://testserver{url("plan-calendar", plan)}"' in response.text


def test_follow_page_gives_the_calendar_over_https_when_served_over_https(plan, client):
    response = client.get(url("plan-follow", plan), secure=True)
    assert f'value="https://testserver{url("plan-calendar", plan)}"' in response.text
    assert f'href="webcal://testserver{url("plan-calendar", plan)}"' in response.text
    assert f'value="https://testserver{url("plan-feed", plan)}"' in response.text


def test_follow_page_gives_the_feed_address_to_copy(plan, client):
    html = client.get(url("plan-follow", plan)).text
    assert f'value="http://testserver{url("plan-feed", plan)}"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_follow_page_lists_every_export_with_what_it_holds(plan, client):
    html = client.get("/en" + url("plan-follow", plan)).text
    for name in ["plan-print", "plan-xlsx", "plan-csv", "plan-json", "plan-calendar"]:
        assert f'href="/en{url(name, plan)}"' in html, name
    assert "latest progress note" in html
    assert "Dates are real dates" in html
    assert html.count("<h1") == 1


def test_follow_page_in_the_other_language_subscribes_in_it(plan, client):
    response = client.get("/en" + url("plan-follow", plan))
    assert response.context["webcal_url"] == "webcal://testserver/en" + url("plan-calendar", plan)


def test_follow_page_points_municipal_users_to_the_overview_exports(plan, client_for, staff_user):
    overview = reverse("initiatives:overview", kwargs={"slug": plan.slug})
    assert overview in client_for(staff_user).get(url("plan-follow", plan)).text
    assert overview not in client_for(None).get(url("plan-follow", plan)).text


def test_follow_page_of_a_draft_says_subscriptions_wait_for_publishing(client_for, staff_user):
    draft = ActionPlanFactory(status="draft")
    html = client_for(staff_user).get("/en" + url("plan-follow", draft)).text
    assert "subscriptions work once the plan is published" in html
    assert "application/atom+xml" in html  # the links are there for municipal users
    assert 'rel="alternate"' not in html  # but no feed is announced for a draft
