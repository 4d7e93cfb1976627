"""What the municipality types is Danish: on English pages it carries lang="da" (WCAG 3.1.2,
language of parts) and a note says so; content pages describe themselves in their meta
description; the home page's title is its menu name."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionPlanFactory, InitiativeFactory, OrganisationFactory
from volunteer_portal.menu import MAIN_MENU

pytestmark = pytest.mark.django_db

NOTE = "The content of this page is written by the municipality in Danish."


def meta_descriptions(response):
    return re.findall(r'<meta name="description" content="([^"]*)">', response.text)


def test_english_pages_mark_the_municipalitys_texts_as_danish_and_say_so(client):
    plan = ActionPlanFactory(title="Handleplan for fællesskaber")
    initiative = InitiativeFactory(plan=plan, title="Besøgsvenner")
    organisation = OrganisationFactory(name="Ældre Sagen", description="Frivillige besøger.")
    with translation.override("en"):
        urls = [x.get_absolute_url() for x in (plan, initiative, organisation)]
    plan_page = client.get(urls[0]).text
    assert re.search(r'<h1 lang="da">Handleplan for fællesskaber', plan_page)
    assert '<span class="fw-semibold" lang="da">1. Besøgsvenner</span>' in plan_page or (
        re.search(r'<span class="fw-semibold" lang="da">\d+\. Besøgsvenner</span>', plan_page)
    )
    assert NOTE in plan_page
    initiative_page = client.get(urls[1]).text
    assert re.search(r'<h1 lang="da">\d+\. Besøgsvenner</h1>', initiative_page)
    assert NOTE in initiative_page
    organisation_page = client.get(urls[2]).text
    assert '<h1 lang="da">Ældre Sagen</h1>' in organisation_page
    assert '<p lang="da">Frivillige besøger.</p>' in organisation_page
    assert NOTE in organisation_page
    organisation_list = client.get("/en/organisations/").text
    assert '<td lang="da"><a href="/en' in organisation_list
    assert NOTE in organisation_list


def test_a_danish_name_inside_an_english_sentence_is_marked(client, staff_user, client_for):
    plan = ActionPlanFactory(title="Handleplan for fællesskaber")
    with translation.override("en"):
        url = reverse("initiatives:overview", kwargs={"slug": plan.slug})
    response = client_for(staff_user).get(url)
    assert re.search(r'<h1>Overview of <span lang="da">Handleplan for fællesskaber', response.text)


def test_danish_pages_carry_no_note(client):
    plan = ActionPlanFactory()
    response = client.get(plan.get_absolute_url())
    assert '<html lang="da">' in response.text
    assert NOTE not in response.text


def test_the_home_pages_title_is_its_menu_name(client):
    home_entry = next(entry for entry in MAIN_MENU if entry.url_name == "home")
    for prefix, language in [("", "da"), ("/en", "en")]:
        response = client.get(prefix + "/")
        with translation.override(language):
            label = str(home_entry.label)
        assert f"<title>{label} – Frivilligportalen</title>" in response.text


def test_content_pages_describe_themselves(client):
    plan = ActionPlanFactory(vision="Alle borgere i Testrup skal have mulighed for fællesskab.")
    initiative = InitiativeFactory(plan=plan, purpose="Formålet er at & skabe broer.")
    organisation = OrganisationFactory(description="En forening for alle.")
    assert meta_descriptions(client.get(plan.get_absolute_url())) == [plan.vision]
    assert meta_descriptions(client.get(initiative.get_absolute_url())) == [
        "Formålet er at &amp; skabe broer."
    ]
    assert meta_descriptions(client.get(organisation.get_absolute_url())) == [
        "En forening for alle."
    ]


def test_a_long_vision_is_shortened_for_the_description(client):
    plan = ActionPlanFactory(vision=" ".join(["ord"] * 80) + "\n\nNyt afsnit.")
    (description,) = meta_descriptions(client.get(plan.get_absolute_url()))
    assert description == " ".join(["ord"] * 30) + " …"
    assert "\n" not in description
