"""The public side of volunteer opportunities: the list (search, filters, paging, places
left, query counts), an opportunity's page for each role, its call to action, and the
opportunities on an initiative's page and on the home page."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from organisations.models import Area, TargetGroup
from tests.factories import (
    InitiativeFactory,
    InterestFactory,
    OpportunityFactory,
    UnitFactory,
    UserFactory,
)
from tests.queries import assert_own_num_queries

pytestmark = pytest.mark.django_db

LIST = reverse("volunteering:opportunity-list")


def da(message):
    with translation.override("da"):
        return gettext(message)


def places_left_text(left, wanted):
    with translation.override("da"):
        return ngettext(
            "%(left)s of %(wanted)s place left", "%(left)s of %(wanted)s places left", wanted
        ) % {"left": left, "wanted": wanted}


def titles(response):
    return [opportunity.title for opportunity in response.context["object_list"]]


def detail(opportunity):
    return reverse("volunteering:opportunity-detail", kwargs={"pk": opportunity.pk})


# The list


def test_list_shows_published_opportunities_only_in_danish_order(client):
    OpportunityFactory(title="Østerbro besøgsven")
    OpportunityFactory(title="Aakirkeby spisevenner")  # "aa" is å: last
    OpportunityFactory(title="Bornholm gåtur")
    OpportunityFactory(title="Kladden", status="draft")
    OpportunityFactory(title="Lukket opgave", status="closed")
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Bornholm gåtur", "Østerbro besøgsven", "Aakirkeby spisevenner"]
    content = response.content.decode()
    assert "Kladden" not in content and "Lukket opgave" not in content
    assert reverse("volunteering:general-interest") in content


def test_list_rows_show_organisation_kind_place_rhythm_and_places(client):
    area = Area.objects.create(name="Islev")
    unit = UnitFactory(name="Plejecenter Solsikken")
    OpportunityFactory(
        title="Gåtur",
        organisation=unit,
        area=area,
        place="Fælleshuset",
        rhythm="Hver tirsdag",
        kind="escort",
        volunteers_wanted=3,
    )
    content = client.get(LIST).content.decode()
    for shown in ("Plejecenter Solsikken", "Islev", "Fælleshuset", "Hver tirsdag"):
        assert shown in content
    assert da("Escort service") in content
    assert da("Regular") in content
    assert places_left_text(3, 3) in content
    assert 'lang="da">Gåtur</a>' in content


def test_list_counts_the_places_taken_and_says_when_full(client):
    some = OpportunityFactory(title="Delvist", volunteers_wanted=3)
    InterestFactory(opportunity=some)
    full = OpportunityFactory(title="Fuldt", volunteers_wanted=1)
    InterestFactory(opportunity=full, status="dialogue")
    InterestFactory(opportunity=full, status="waiting")
    content = client.get(LIST).content.decode()
    assert places_left_text(2, 3) in content
    assert da("Full: waiting list") in content


def test_list_searches_the_free_text(client):
    OpportunityFactory(title="Højtlæsning på biblioteket")
    OpportunityFactory(title="Fællesspisning", description="Vi laver mad sammen.")
    assert titles(client.get(LIST, {"q": "højtlæsning"})) == ["Højtlæsning på biblioteket"]
    assert titles(client.get(LIST, {"q": "mad"})) == ["Fællesspisning"]
    assert len(titles(client.get(LIST, {"q": "!!"}))) == 2


def test_list_filters_by_kind_area_target_group_unit_rhythm_and_places_left(client):
    area, group = Area.objects.create(name="Islev"), TargetGroup.objects.create(name="Ældre")
    unit = UnitFactory()
    with_all = OpportunityFactory(
        title="Med alt", kind="cultural", area=area, organisation=unit, is_one_off=True
    )
    with_all.target_groups.add(group)
    full = OpportunityFactory(title="Fuld", volunteers_wanted=1)
    InterestFactory(opportunity=full)
    OpportunityFactory(title="Andet")
    assert titles(client.get(LIST, {"kind": "cultural"})) == ["Med alt"]
    assert titles(client.get(LIST, {"area": area.pk})) == ["Med alt"]
    assert titles(client.get(LIST, {"target_group": group.pk})) == ["Med alt"]
    assert titles(client.get(LIST, {"organisation": unit.pk})) == ["Med alt"]
    assert titles(client.get(LIST, {"rhythm": "one_off"})) == ["Med alt"]
    assert titles(client.get(LIST, {"rhythm": "regular"})) == ["Andet", "Fuld"]
    assert titles(client.get(LIST, {"places_left": "on"})) == ["Andet", "Med alt"]


def test_list_takes_any_filter_input_without_an_error_page(client):
    OpportunityFactory(title="Opgave")
    response = client.get(LIST, {"kind": "nonsense", "area": "x", "page": "zz"})
    assert response.status_code == 200


def test_list_pages_by_25(client):
    for n in range(26):
        OpportunityFactory(title=f"Opgave {n:02}")
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(titles(first)) == 25
    assert titles(second) == ["Opgave 25"]
    assert client.get(LIST, {"page": 99}).context["page_obj"].number == 2


@pytest.mark.parametrize("rows", [2, 10])
def test_list_query_count_does_not_grow_with_rows(rows, client, django_assert_num_queries):
    area, group = Area.objects.create(name="Islev"), TargetGroup.objects.create(name="Ældre")
    for n in range(rows):
        opportunity = OpportunityFactory(area=area, title=f"Opgave {n}")
        opportunity.target_groups.add(group)
        InterestFactory(opportunity=opportunity)
    # the next lapse of an offered place (two), the count, the page (places counted in
    # subqueries), and the filter's areas, target groups and units
    with assert_own_num_queries(7):
        response = client.get(LIST)
    assert response.content.decode().count("<article") == rows


# An opportunity's page, per role


@pytest.mark.parametrize(
    "role", ["anonymous", "volunteer", "organisation_contact", "staff", "coordinator", "admin"]
)
def test_published_and_closed_pages_are_public(role, client_for, users_by_role):
    user = users_by_role.get(role)
    published = OpportunityFactory(title="Åben opgave")
    closed = OpportunityFactory(title="Lukket opgave", status="closed")
    client = client_for(user)
    assert client.get(detail(published)).status_code == 200
    response = client.get(detail(closed))
    assert response.status_code == 200
    content = response.content.decode()
    assert da("Closed: this opportunity takes no more interest.") in content
    assert da("Register interest") not in content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("volunteer", 404),
        ("organisation_contact", 404),
        ("staff", 404),
        ("other_coordinator", 404),
        ("coordinator", 200),
        ("admin", 200),
        ("named_coordinator", 200),
    ],
)
def test_a_draft_is_there_only_for_those_who_handle_it(
    role, status, client_for, users_by_role, unit, other_unit
):
    users = {
        **users_by_role,
        "other_coordinator": UserFactory(role="coordinator", units=[other_unit]),
        "named_coordinator": UserFactory(role="coordinator", units=[other_unit]),
    }
    draft = OpportunityFactory(organisation=unit, status="draft")
    draft.coordinators.add(users["named_coordinator"])
    response = client_for(users.get(role)).get(detail(draft))
    assert response.status_code == status
    if status == 200:
        assert da("Publish") in response.content.decode()


def test_page_shows_what_a_volunteer_needs(client):
    area = Area.objects.create(name="Islev")
    group = TargetGroup.objects.create(name="Børn og unge")
    initiative = InitiativeFactory(title="Flere frivillige i klubberne")
    opportunity = OpportunityFactory(
        title="Lektiehjælp",
        description="Hjælp børn med lektierne.",
        kind="concrete",
        area=area,
        place="Biblioteket",
        meeting_place="Indgangen",
        rhythm="Hver onsdag",
        time_commitment="2 timer om ugen",
        times=["weekday_daytime"],
        start_date="2027-01-04",
        end_date="2027-06-30",
        volunteers_wanted=3,
        skills="Tålmodighed",
        languages="dansk, arabisk",
        practical_notes="Kaffe på huset.",
        works_with_children=True,
    )
    opportunity.target_groups.add(group)
    opportunity.initiatives.add(initiative)
    content = client.get(detail(opportunity)).content.decode()
    for shown in (
        "Hjælp børn med lektierne.",
        "Islev",
        "Børn og unge",
        "Biblioteket",
        "Indgangen",
        "Hver onsdag",
        "2 timer om ugen",
        "Tålmodighed",
        "dansk, arabisk",
        "Kaffe på huset.",
        "Flere frivillige i klubberne",
        initiative.get_absolute_url(),
        opportunity.organisation.get_absolute_url(),
    ):
        assert shown in content, shown
    assert da("Weekdays, daytime") in content
    assert da("Concrete activities") in content
    assert places_left_text(3, 3) in content
    assert "børneattest" in content


def test_page_of_an_inactive_organisations_opportunity_does_not_link_it(client):
    unit = UnitFactory(is_active=False)
    opportunity = OpportunityFactory(organisation=unit)
    content = client.get(detail(opportunity)).content.decode()
    assert unit.name in content
    assert unit.get_absolute_url() not in content


def test_draft_initiatives_are_not_shown_to_the_public(client):
    initiative = InitiativeFactory(title="Hemmelig indsats", plan__status="draft")
    opportunity = OpportunityFactory()
    opportunity.initiatives.add(initiative)
    assert "Hemmelig indsats" not in client.get(detail(opportunity)).content.decode()


# The call to action


def interest_url(opportunity):
    return reverse("volunteering:interest-create", kwargs={"pk": opportunity.pk})


def test_a_visitor_is_asked_to_create_an_account_or_log_in(client):
    opportunity = OpportunityFactory()
    content = client.get(detail(opportunity)).content.decode()
    next_query = urlencode({"next": interest_url(opportunity)})
    assert f"{reverse('account_signup')}?{next_query}" in content
    assert f"{reverse('account_login')}?{next_query}" in content
    assert da("Create an account to register interest") in content


def test_a_volunteer_registers_interest_or_joins_the_waiting_list(client_for, volunteer):
    client = client_for(volunteer)
    free = OpportunityFactory()
    content = client.get(detail(free)).content.decode()
    assert da("Register interest") in content and interest_url(free) in content
    full = OpportunityFactory(volunteers_wanted=1)
    InterestFactory(opportunity=full)
    content = client.get(detail(full)).content.decode()
    assert da("Join the waiting list") in content and interest_url(full) in content


def test_a_volunteer_with_an_open_interest_is_told_so(client_for, volunteer):
    opportunity = OpportunityFactory()
    InterestFactory(opportunity=opportunity, volunteer=volunteer)
    content = client_for(volunteer).get(detail(opportunity)).content.decode()
    assert da("You have registered interest in this opportunity.") in content
    assert reverse("volunteering:me") in content
    assert f'href="{interest_url(opportunity)}"' not in content


def test_a_volunteer_whose_interest_was_declined_may_register_again(client_for, volunteer):
    opportunity = OpportunityFactory()
    InterestFactory(opportunity=opportunity, volunteer=volunteer, status="declined")
    content = client_for(volunteer).get(detail(opportunity)).content.decode()
    assert f'href="{interest_url(opportunity)}"' in content


@pytest.mark.parametrize("role", ["organisation_contact", "staff", "coordinator", "admin"])
def test_others_are_offered_nothing_to_register(role, client_for, users_by_role, unit):
    opportunity = OpportunityFactory(organisation=unit)
    content = client_for(users_by_role[role]).get(detail(opportunity)).content.decode()
    assert interest_url(opportunity) not in content
    assert reverse("account_signup") not in content


@pytest.mark.parametrize(
    ("role", "shown"),
    [("volunteer", False), ("staff", False), ("coordinator", True), ("admin", True)],
)
def test_edit_and_status_buttons_only_for_those_who_handle_it(
    role, shown, client_for, users_by_role, unit
):
    opportunity = OpportunityFactory(organisation=unit)
    content = client_for(users_by_role[role]).get(detail(opportunity)).content.decode()
    edit = reverse("volunteering:opportunity-edit", kwargs={"pk": opportunity.pk})
    close = reverse("volunteering:opportunity-close", kwargs={"pk": opportunity.pk})
    assert (edit in content) is shown
    assert (close in content) is shown


# The initiative's page and the home page


def test_initiative_page_lists_the_opportunities_that_serve_it(client_for, coordinator, unit):
    initiative = InitiativeFactory()
    published = OpportunityFactory(title="Offentlig opgave", organisation=unit)
    draft = OpportunityFactory(title="Kladdeopgave", organisation=unit, status="draft")
    closed = OpportunityFactory(title="Lukket opgave", organisation=unit, status="closed")
    OpportunityFactory(title="Anden opgave")
    for opportunity in (published, draft, closed):
        opportunity.initiatives.add(initiative)
    public = client_for(None).get(initiative.get_absolute_url()).content.decode()
    assert "Offentlig opgave" in public and detail(published) in public
    assert "Lukket opgave" in public
    assert "Kladdeopgave" not in public and "Anden opgave" not in public
    handler = client_for(coordinator).get(initiative.get_absolute_url()).content.decode()
    assert "Kladdeopgave" in handler
    other = UserFactory(role="coordinator", units=[UnitFactory()])
    assert (
        "Kladdeopgave" not in client_for(other).get(initiative.get_absolute_url()).content.decode()
    )


def test_home_page_invites_citizens_to_find_an_opportunity(client):
    content = client.get(reverse("home")).content.decode()
    assert content.count(f'href="{LIST}"') >= 2
    assert da("Volunteer opportunities") in content


def test_list_shows_the_drafts_a_coordinator_handles_to_them_only(
    client_for, coordinator, staff_user, unit, other_unit
):
    OpportunityFactory(title="Min kladde", organisation=unit, status="draft")
    OpportunityFactory(title="Andres kladde", organisation=other_unit, status="draft")
    content = client_for(coordinator).get(LIST).content.decode()
    assert "Min kladde" in content and "Andres kladde" not in content
    assert reverse("volunteering:opportunity-create") in content
    for other in (None, staff_user):
        content = client_for(other).get(LIST).content.decode()
        assert "Min kladde" not in content
        assert reverse("volunteering:opportunity-create") not in content


@pytest.mark.parametrize("rows", [1, 6])
def test_page_query_count_does_not_grow_with_its_lists(rows, client, django_assert_num_queries):
    opportunity = OpportunityFactory()
    for n in range(rows):
        opportunity.target_groups.add(TargetGroup.objects.create(name=f"Gruppe {n}"))
        opportunity.initiatives.add(InitiativeFactory())
        opportunity.coordinators.add(UserFactory(role="coordinator"))
    # the next lapse of an offered place (two), the opportunity with its places, its
    # coordinators, its target groups, and the initiatives (with their plans) the visitor
    # may see
    with assert_own_num_queries(6):
        response = client.get(detail(opportunity))
    assert response.content.decode().count("/plans/") >= rows
