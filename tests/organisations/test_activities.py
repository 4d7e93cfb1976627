"""Activities: the bad-input rules (times, ages) in clean() and in the database, the
organisation page that lists the published ones, and the demo's activities."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Activity, Area, Challenge, Organisation, TargetGroup
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

T = datetime.time


def clean_errors(**fields):
    activity = Activity(organisation=OrganisationFactory(), title="Gå-gruppe", **fields)
    try:
        activity.full_clean()
    except ValidationError as error:
        return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}
    return {}


def test_a_full_activity_is_valid():
    assert (
        clean_errors(
            start_time=T(10),
            end_time=T(11, 30),
            min_age=12,
            max_age=25,
            price_dkk=Decimal("30"),
            welcome_phone="+45 36 37 70 00",
            on_tuesday=True,
        )
        == {}
    )


@pytest.mark.parametrize("end", [T(9), T(10)])
def test_end_time_not_after_the_start_time_is_refused(end):
    assert clean_errors(start_time=T(10), end_time=end) == {"end_time": ["ends_before_start"]}


def test_end_time_without_a_start_time_is_refused():
    assert clean_errors(end_time=T(10)) == {"start_time": ["end_without_start"]}


def test_start_time_alone_is_fine():
    assert clean_errors(start_time=T(10)) == {}


def test_age_range_upside_down_is_refused():
    assert clean_errors(min_age=25, max_age=12) == {"max_age": ["ages_reversed"]}


@pytest.mark.parametrize(("low", "high"), [(18, 18), (None, 18), (65, None)])
def test_open_or_single_year_age_ranges_are_fine(low, high):
    assert clean_errors(min_age=low, max_age=high) == {}


def test_welcome_phone_must_be_danish():
    assert clean_errors(welcome_phone="+46 70 123 45 67") == {"welcome_phone": ["invalid_phone"]}


def test_every_problem_is_reported_at_once():
    assert clean_errors(start_time=T(10), end_time=T(9), min_age=30, max_age=20) == {
        "end_time": ["ends_before_start"],
        "max_age": ["ages_reversed"],
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"start_time": T(10), "end_time": T(9)},
        {"min_age": 30, "max_age": 20},
        {"price_dkk": Decimal("-1")},
    ],
)
def test_the_database_refuses_what_clean_refuses(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(**fields)


def test_no_price_means_free():
    assert ActivityFactory().is_free
    assert not ActivityFactory(price_dkk=Decimal("30")).is_free


def test_weekdays_are_listed_monday_first():
    activity = ActivityFactory(on_thursday=True, on_monday=True)
    assert [str(day).lower() for day in activity.weekdays] == ["mandag", "torsdag"]


def test_organisation_page_shows_published_activities_only(client):
    organisation = OrganisationFactory()
    ActivityFactory(organisation=organisation, title="Sorggruppe", start_time=T(17))
    ActivityFactory(organisation=organisation, title="Kladde", is_published=False)
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Sorggruppe" in content
    assert "Kladde" not in content


@pytest.mark.parametrize("rows", [1, 10])
def test_organisation_page_query_count_does_not_grow_with_activities(
    rows, client, django_assert_num_queries
):
    organisation = OrganisationFactory(area=Area.objects.create(name="Islev"))
    group = TargetGroup.objects.create(name="Ældre")
    challenge = Challenge.objects.create(name="Ensomhed")
    for n in range(rows):
        activity = ActivityFactory(
            organisation=organisation, area=organisation.area, title=f"Aktivitet {n}"
        )
        activity.target_groups.add(group)
        activity.challenges.add(challenge)
    # organisation, its activities, their target groups, their challenges, children, and the
    # initiatives it is an actor in, its agreements and its public grants
    with django_assert_num_queries(8):
        response = client.get(organisation.get_absolute_url())
    assert response.content.decode().count("<article") == rows


def test_admin_keeps_the_input_and_says_what_is_wrong(client_for, portal_admin):
    organisation = OrganisationFactory()
    response = client_for(portal_admin).post(
        reverse("admin:organisations_activity_add"),
        {
            "organisation": organisation.pk,
            "title": "Gå-gruppen",
            "description": "Vi går en tur.",
            "min_age": "70",
            "max_age": "60",
            "start_time": "11:00",
            "end_time": "10:00",
            "welcome_phone": "123",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    form = response.context["adminform"].form
    assert set(form.errors) >= {"max_age", "end_time", "welcome_phone"}
    content = response.content.decode()
    assert "Vi går en tur." in content and 'value="Gå-gruppen"' in content


def test_demo_has_forty_activities_across_target_groups_challenges_and_areas(settings):
    settings.DEBUG = True
    call_command("load_demo")
    published = Activity.objects.published()
    assert published.count() >= 40
    assert TargetGroup.objects.filter(activities__in=published).distinct().count() >= 5
    assert Challenge.objects.filter(activities__in=published).distinct().count() >= 5
    assert Area.objects.filter(activities__in=published).distinct().count() >= 5
    assert published.filter(is_by_phone=True).exists()
    assert published.filter(is_online=True).exists()
    # Every demo row passes the rules the admin applies.
    for row in [*Organisation.objects.all(), *Activity.objects.all()]:
        row.full_clean()


def test_demo_organisations_have_the_right_kinds(settings):
    settings.DEBUG = True
    call_command("load_demo")
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Rødovre Frivilligcenter"] == "volunteer_centre"
    assert kinds["SIND"] == kinds["Red Barnet"] == kinds["Børns Vilkår"] == "humanitarian"
    assert kinds["Frivilligrådet"] == kinds["Udsatterådet"] == "council"
    assert kinds["Projekt ’Vores Sunde Hverdag’"] == "project"
    assert kinds["Sammen om Familien"] == "network"
    assert kinds["Islev Boldklub"] == kinds["Spejderne i Islev"] == "adult_education"
