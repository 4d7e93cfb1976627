"""The directory's search and order: accents and case ignored, Danish word forms known, æ, ø,
å after z, on whichever database the suite runs (SQLite by default, PostgreSQL in CI)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import InitiativeActor
from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    InitiativeFactory,
    OrganisationFactory,
)
from tests.queries import assert_own_num_queries
from volunteer_portal.search import danish_key, fold, search, search_words

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("organisations:organisation-list")
ACTIVITIES = reverse("organisations:activity-list")


def names(response):
    return [obj.name for obj in response.context["object_list"]]


def titles(response):
    return [obj.title for obj in response.context["object_list"]]


@pytest.fixture
def directory():
    OrganisationFactory(name="Røde Kors", kind="humanitarian", description="Besøgsvenner.")
    OrganisationFactory(name="Ældre Sagen", kind="humanitarian", description="For ældre.")
    OrganisationFactory(name="Åbent Værksted", kind="community")
    OrganisationFactory(name="Zoneterapeuterne", kind="community")
    OrganisationFactory(name="Øresundsgruppen", kind="community")
    OrganisationFactory(name="Anker", kind="community")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rode kors", ["Røde Kors"]),
        ("RØDE KORS", ["Røde Kors"]),
        ("Røde", ["Røde Kors"]),
        ("aeldre", ["Ældre Sagen"]),
        ("ÆLDRE", ["Ældre Sagen"]),
        ("ældres", ["Ældre Sagen"]),  # a Danish word form: the genitive
        ("abent", ["Åbent Værksted"]),
        ("vaerk", ["Åbent Værksted"]),  # the beginning of a word
        ("oresund", ["Øresundsgruppen"]),
        ("besøgsven", ["Røde Kors"]),  # the description, a word form
    ],
)
def test_search_ignores_case_and_accents_and_knows_word_forms(client, directory, query, expected):
    assert names(client.get(ORGANISATIONS, {"q": query})) == expected


def test_search_needs_every_word(client, directory):
    assert names(client.get(ORGANISATIONS, {"q": "røde sagen"})) == []


def test_directory_is_in_danish_alphabetical_order(client, directory):
    assert names(client.get(ORGANISATIONS)) == [
        "Anker",
        "Røde Kors",
        "Zoneterapeuterne",
        "Ældre Sagen",
        "Øresundsgruppen",
        "Åbent Værksted",
    ]


def test_the_database_orders_like_danish_rules(directory):
    """The same order from the database's collation as from the Python key of the rules."""
    expected = sorted(Organisation.objects.values_list("name", flat=True), key=danish_key)
    assert list(Organisation.objects.values_list("name", flat=True)) == expected
    assert expected.index("Zoneterapeuterne") < expected.index("Ældre Sagen")


def test_aa_sorts_as_the_letter_aa_and_lists_in_danish_order():
    for name in ("Aarhus Forening", "Zebra", "Abildgaard"):
        Area.objects.create(name=name)
    assert list(Area.objects.values_list("name", flat=True)) == [
        "Abildgaard",
        "Zebra",
        "Aarhus Forening",
    ]


@pytest.mark.parametrize(
    "query", ["", " ", "%", "_", "'; DROP TABLE x; --", "a:* | !b", "(", "æøå" * 300, "\\", "&&"]
)
def test_any_query_answers_a_page(client, directory, query):
    response = client.get(ORGANISATIONS, {"q": query})
    assert response.status_code == 200
    response = client.get(ACTIVITIES, {"q": query})
    assert response.status_code == 200


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_search_never_fails_on_any_text(query):
    assert isinstance(list(search(Organisation.objects.all(), query)), list)


def test_fold_and_words():
    assert fold("Røde Kors ÆLDRE Åby Café") == "rode kors aeldre aby cafe"
    assert search_words("  Røde-Kors!! & ældre ") == ["rode", "kors", "aeldre"]
    assert len(search_words("ord " * 100)) == 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_search_uses_its_index_on_postgresql(directory):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # the test table is tiny
        try:
            for queryset in (
                search(Organisation.objects.all(), "rode kors"),
                search(Activity.objects.all(), "sorg"),
            ):
                plan = queryset.explain()
                assert "_search_idx" in plan, plan
        finally:
            cursor.execute("SET enable_seqscan = on")


# The activity directory


@pytest.fixture
def activities():
    islev, valhoj = Area.objects.create(name="Islev"), Area.objects.create(name="Valhøj")
    elderly, young = (
        TargetGroup.objects.create(name="Ældre"),
        TargetGroup.objects.create(name="Unge"),
    )
    grief = Challenge.objects.create(name="Sorg")
    red_cross = OrganisationFactory(name="Røde Kors", kind="humanitarian")
    scouts = OrganisationFactory(name="Spejderne", kind="adult_education")
    walk = ActivityFactory(
        organisation=red_cross,
        title="Gågruppe",
        area=islev,
        on_tuesday=True,
        min_age=60,
        description="Vi går en tur sammen.",
    )
    walk.target_groups.add(elderly)
    grief_group = ActivityFactory(
        organisation=red_cross,
        title="Sorggruppe",
        area=valhoj,
        on_thursday=True,
        referral_needed=True,
        price_dkk=50,
    )
    grief_group.challenges.add(grief)
    grief_group.target_groups.add(elderly)
    camp = ActivityFactory(organisation=scouts, title="Ålejr", area=islev, min_age=8, max_age=17)
    camp.target_groups.add(young)
    ActivityFactory(organisation=scouts, title="Kladde", is_published=False)
    ActivityFactory(organisation=OrganisationFactory(is_active=False), title="Gammel")
    return {"islev": islev, "elderly": elderly, "grief": grief, "young": young}


def test_activity_directory_lists_published_activities_in_danish_order(client, activities):
    assert titles(client.get(ACTIVITIES)) == ["Gågruppe", "Sorggruppe", "Ålejr"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "sorg"}, ["Sorggruppe"]),
        ({"q": "rode kors"}, ["Gågruppe", "Sorggruppe"]),  # the organisation's name
        ({"q": "aeldre"}, ["Gågruppe", "Sorggruppe"]),  # the target group's name
        ({"q": "tur"}, ["Gågruppe"]),
        ({"target_group": "young"}, ["Ålejr"]),
        ({"challenge": "grief"}, ["Sorggruppe"]),
        ({"area": "islev"}, ["Gågruppe", "Ålejr"]),
        ({"weekday": "on_thursday"}, ["Sorggruppe"]),
        ({"age": "12"}, ["Sorggruppe", "Ålejr"]),
        ({"age": "70"}, ["Gågruppe", "Sorggruppe"]),
        ({"free": "on"}, ["Gågruppe", "Ålejr"]),
        ({"no_referral": "on"}, ["Gågruppe", "Ålejr"]),
        ({"kind": "adult_education"}, ["Ålejr"]),
        ({"target_group": "elderly", "no_referral": "on"}, ["Gågruppe"]),
    ],
)
def test_activity_directory_filters(client, activities, params, expected):
    params = {k: activities[v].pk if v in activities else v for k, v in params.items()}
    assert titles(client.get(ACTIVITIES, params)) == expected


@pytest.mark.parametrize("params", [{"age": "abc"}, {"age": "-4"}, {"weekday": "holiday"}])
def test_activity_filter_nonsense_is_a_form_error_not_a_crash(client, activities, params):
    response = client.get(ACTIVITIES, params)
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_search_text_follows_the_lists_and_the_organisation_name(activities):
    walk = Activity.objects.get(title="Gågruppe")
    walk.challenges.add(Challenge.objects.create(name="Ensomhed"))
    assert list(search(Activity.objects.all(), "ensom")) == [walk]
    walk.target_groups.clear()
    walk.refresh_from_db()
    assert "aeldre" not in walk.search_text
    organisation = walk.organisation
    organisation.name = "Dansk Røde Kors"
    organisation.save()
    assert set(search(Activity.objects.all(), "dansk")) == set(organisation.activities.all())


def test_activity_page_is_public_when_published_and_404_otherwise(client, activities):
    published = Activity.objects.get(title="Gågruppe")
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "Røde Kors" in response.content.decode()
    assert client.get(Activity.objects.get(title="Kladde").get_absolute_url()).status_code == 404
    assert client.get(Activity.objects.get(title="Gammel").get_absolute_url()).status_code == 404


def test_an_activity_unconfirmed_for_15_months_is_marked_in_public(client, activities):
    walk = Activity.objects.get(title="Gågruppe")
    walk.last_confirmed = datetime.date.today() - datetime.timedelta(days=470)
    walk.save()
    camp = Activity.objects.get(title="Ålejr")
    camp.last_confirmed = datetime.date.today() - datetime.timedelta(days=30)
    camp.save()
    Activity.objects.filter(title="Sorggruppe").update(last_confirmed=datetime.date.today())
    assert client.get(walk.get_absolute_url()).context["activity"].is_possibly_outdated
    assert not client.get(camp.get_absolute_url()).context["activity"].is_possibly_outdated
    assert "alert-warning" in client.get(walk.get_absolute_url()).content.decode()
    assert "alert-warning" not in client.get(camp.get_absolute_url()).content.decode()
    listing = client.get(ACTIVITIES).content.decode()
    assert listing.count("badge text-bg-warning") == 1


@pytest.mark.parametrize("rows", [1, 10])
def test_activity_directory_query_count_is_constant(rows, client, django_assert_num_queries):
    group, challenge = TargetGroup.objects.create(name="Ældre"), Challenge.objects.create(name="X")
    for n in range(rows):
        activity = ActivityFactory(
            title=f"Aktivitet {n}", area=Area.objects.get_or_create(name="A")[0]
        )
        activity.target_groups.add(group)
        activity.challenges.add(challenge)
    # count, page, target groups, challenges, and the three filter lists (groups, challenges, areas)
    with assert_own_num_queries(7):
        response = client.get(ACTIVITIES, {"q": "aktivitet"})
    assert len(response.context["object_list"]) == rows


def test_activity_page_query_count(client, django_assert_num_queries):
    activity = ActivityFactory()
    with django_assert_num_queries(3):  # the activity with its organisation, groups, challenges
        assert client.get(activity.get_absolute_url()).status_code == 200


def test_organisation_and_initiative_link_each_other(client):
    organisation = OrganisationFactory(name="Røde Kors")
    initiative = InitiativeFactory(plan=ActionPlanFactory(status="published"))
    InitiativeActor.objects.create(initiative=initiative, organisation=organisation)
    draft = InitiativeFactory(plan=ActionPlanFactory(status="draft"), title="Hemmelig indsats")
    InitiativeActor.objects.create(initiative=draft, organisation=organisation)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert initiative.get_absolute_url() in page
    assert "Hemmelig indsats" not in page  # a draft plan is not shown to visitors
    assert (
        organisation.get_absolute_url()
        in client.get(initiative.get_absolute_url()).content.decode()
    )
