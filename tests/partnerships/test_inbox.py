"""The coordinator's inbox: only the interests of the coordinator's own units, filtered by
state, opportunity and age, oldest first against the service goal; an interest's page with
the volunteer's profile and, for a general interest, the opportunities that match it; the
answers (in dialogue, declined with a reason) as POST buttons."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from organisations.models import Area
from partnerships.matching import matching_opportunities
from partnerships.models import Interest, VolunteerProfile
from tests.factories import (
    InterestFactory,
    OpportunityFactory,
    OrganisationFactory,
    UserFactory,
    VolunteerAgreementFactory,
)
from tests.worker import run_worker
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

INBOX = reverse("volunteering:inbox")
NOW = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)


def interest_at(unit, *, days_ago=0, **fields):
    opportunity = fields.pop("opportunity", None) or OpportunityFactory(organisation=unit)
    interest = InterestFactory(opportunity=opportunity, **fields)
    Interest.objects.filter(pk=interest.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return interest


def rows_of(response):
    return [interest.pk for interest in response.context["object_list"]]


@pytest.mark.parametrize(
    ("role", "status"),
    [("volunteer", 403), ("organisation_contact", 403), ("staff", 403), ("coordinator", 200)],
)
def test_inbox_is_for_coordinators_only(role, status, users_by_role, client_for):
    assert client_for(users_by_role[role]).get(INBOX).status_code == status


def test_inbox_sends_a_visitor_to_log_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_coordinator_sees_only_the_interests_of_their_own_units(
    coordinator, unit, other_unit, client_for
):
    own = interest_at(unit)
    other = interest_at(other_unit)
    client = client_for(coordinator)
    response = client.get(INBOX)
    assert rows_of(response) == [own.pk]
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_opportunity_filter_offers_only_the_coordinators_opportunities(
    coordinator, unit, other_unit, client_for
):
    mine = OpportunityFactory(organisation=unit)
    theirs = OpportunityFactory(organisation=other_unit)
    response = client_for(coordinator).get(INBOX)
    choices = list(response.context["filter"].form.fields["opportunity"].queryset)
    assert mine in choices
    assert theirs not in choices
    # A tampered id of another unit's opportunity does not show its interests.
    interest_at(other_unit, opportunity=theirs)
    response = client_for(coordinator).get(INBOX, {"opportunity": theirs.pk})
    assert rows_of(response) == []


def test_general_interests_for_the_volunteer_centre_are_in_every_coordinators_inbox(
    coordinator, client_for
):
    centre = OrganisationFactory(kind="volunteer_centre", name="Frivilligcenter")
    general = InterestFactory(opportunity=None, organisation=centre)
    response = client_for(coordinator).get(INBOX)
    assert rows_of(response) == [general.pk]
    content = response.content.decode()
    assert "Frivilligcenter" in content


@time_machine.travel(NOW, tick=False)
def test_inbox_shows_the_open_ones_oldest_first_and_marks_those_past_the_service_goal(
    coordinator, unit, client_for
):
    fresh = interest_at(unit, days_ago=2)
    overdue = interest_at(unit, days_ago=20)
    waiting = interest_at(unit, days_ago=30, status="waiting")
    interest_at(unit, days_ago=40, status="declined")
    in_dialogue = interest_at(unit, days_ago=25, status="dialogue")
    response = client_for(coordinator).get(INBOX)
    assert rows_of(response) == [waiting.pk, in_dialogue.pk, overdue.pk, fresh.pk]
    marked = [i.pk for i in response.context["object_list"] if i.past_goal]
    assert marked == [overdue.pk]  # only a new one is past the goal of an answer
    with translation.override("da"):
        content = client_for(coordinator).get(INBOX).content.decode()
        assert content.count(gettext("Past the service goal")) == 1


@time_machine.travel(NOW, tick=False)
def test_inbox_filters_by_status_opportunity_and_age(coordinator, unit, client_for):
    opportunity = OpportunityFactory(organisation=unit)
    old = interest_at(unit, days_ago=20, opportunity=opportunity)
    recent = interest_at(unit, days_ago=3)
    declined = interest_at(unit, days_ago=5, status="declined")
    client = client_for(coordinator)
    assert rows_of(client.get(INBOX, {"status": "declined"})) == [declined.pk]
    assert rows_of(client.get(INBOX, {"status": "all"})) == [old.pk, declined.pk, recent.pk]
    assert rows_of(client.get(INBOX, {"opportunity": opportunity.pk})) == [old.pk]
    assert rows_of(client.get(INBOX, {"older_than": 10})) == [old.pk]
    assert rows_of(client.get(INBOX, {"overdue": "on"})) == [old.pk]
    assert rows_of(client.get(INBOX, {"order": "newest"})) == [recent.pk, old.pk]


def test_inbox_lists_the_agreements_of_the_units_by_status(
    coordinator, unit, other_unit, client_for
):
    draft = VolunteerAgreementFactory(unit=unit)
    active = VolunteerAgreementFactory(unit=unit, status="active")
    VolunteerAgreementFactory(unit=unit, status="ended")
    VolunteerAgreementFactory(unit=other_unit)
    response = client_for(coordinator).get(INBOX)
    listed = [a.pk for a in response.context["agreements_page"].object_list]
    assert listed == [draft.pk, active.pk]
    assert reverse("volunteering:agreement-detail", kwargs={"pk": draft.pk}) in (
        response.content.decode()
    )


@pytest.mark.parametrize("rows", [1, 10])
def test_inbox_query_count_does_not_grow_with_rows(
    rows, coordinator, unit, client_for, django_assert_num_queries
):
    opportunity = OpportunityFactory(organisation=unit)
    for _n in range(rows):
        InterestFactory(opportunity=opportunity)
        VolunteerAgreementFactory(unit=unit, opportunity=opportunity)
    client = client_for(coordinator)
    client.get(INBOX)
    # The filter form from the cache: two reads instead of the list of opportunities.
    with django_assert_num_queries(10):
        response = client.get(INBOX)
    assert len(response.context["object_list"]) == rows


def test_interest_page_shows_the_volunteer_and_their_profile(coordinator, unit, client_for):
    interest = interest_at(unit, message="Jeg kan hjælpe om tirsdagen.")
    profile = VolunteerProfile.objects.create(
        user=interest.volunteer,
        phone="12345678",
        kinds=["company"],
        languages="Dansk, Arabisk",
        presentation="Pensioneret sygeplejerske.",
    )
    profile.areas.add(Area.objects.create(name="Islev"))
    content = client_for(coordinator).get(interest.get_absolute_url()).content.decode()
    for text in [
        interest.volunteer.email,
        "12345678",
        "Islev",
        "Dansk, Arabisk",
        "Pensioneret sygeplejerske.",
        "Jeg kan hjælpe om tirsdagen.",
        reverse("volunteering:agreement-create") + f"?interest={interest.pk}",
    ]:
        assert text in content


@pytest.mark.parametrize("role", ["volunteer", "staff", "organisation_contact"])
def test_interest_page_answers_404_to_others(role, unit, users_by_role, client_for):
    interest = interest_at(unit, volunteer=users_by_role["volunteer"])
    # Even the volunteer: their own interest is on their own page, not in the inbox.
    assert client_for(users_by_role[role]).get(interest.get_absolute_url()).status_code == 404


def action(interest, name):
    return reverse("volunteering:interest-action", kwargs={"pk": interest.pk, "action": name})


def test_start_dialogue_moves_it_on_once_and_a_double_click_is_calm(coordinator, unit, client_for):
    interest = interest_at(unit)
    client = client_for(coordinator)
    response = client.post(action(interest, "dialogue"), follow=True)
    assert response.redirect_chain == [(interest.get_absolute_url(), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    interest.refresh_from_db()
    assert interest.status == "dialogue"
    assert interest.answered_at is not None
    response = client.post(action(interest, "dialogue"), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_decline_needs_a_reason_and_keeps_the_volunteer_informed(
    coordinator, unit, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    interest = interest_at(unit)
    client = client_for(coordinator)
    with translation.override("da"):
        response = client.post(action(interest, "decline"), {"reason": " "})
        assert response.status_code == 200
        assert response.context["decline_form"].errors["reason"] == [
            gettext("Give the reason, so that the volunteer knows why.")
        ]
    interest.refresh_from_db()
    assert interest.status == "new"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action(interest, "decline"), {"reason": "Holdet er fuldt."})
    assert response.status_code == 302
    run_worker()
    interest.refresh_from_db()
    assert (interest.status, interest.declined_reason) == ("declined", "Holdet er fuldt.")
    [message] = mailoutbox
    assert message.to == [interest.volunteer.email]
    assert "Holdet er fuldt." in message.body


def test_the_inbox_and_an_interest_page_render_in_english(coordinator, unit, client_for):
    interest = interest_at(unit, days_ago=20)
    client = client_for(coordinator)
    with translation.override("en"):
        content = client.get(reverse("volunteering:inbox")).content.decode()
        assert "Past the service goal" in content
        assert "The service goal: a new interest is answered within 14 days." in content
        response = client.get(interest.get_absolute_url())
    assert response.status_code == 200
    assert "Not answered within the service goal of 14 days" in response.content.decode()


def test_decline_refuses_a_cpr_number_in_the_reason(coordinator, unit, client_for):
    interest = interest_at(unit)
    response = client_for(coordinator).post(
        action(interest, "decline"), {"reason": "Se 010203-1234"}
    )
    assert response.status_code == 200
    assert response.context["decline_form"].errors["reason"]
    interest.refresh_from_db()
    assert interest.status == "new"


def test_interest_actions_are_post_only_and_unknown_ones_404(coordinator, unit, client_for):
    interest = interest_at(unit)
    client = client_for(coordinator)
    assert client.get(action(interest, "dialogue")).status_code == 405
    assert client.post(action(interest, "accept")).status_code == 404


def test_a_coordinator_cannot_act_on_another_units_interest(coordinator, other_unit, client_for):
    interest = interest_at(other_unit)
    client = client_for(coordinator)
    assert client.post(action(interest, "dialogue")).status_code == 404
    assert client.post(action(interest, "decline"), {"reason": "Nej"}).status_code == 404
    interest.refresh_from_db()
    assert interest.status == "new"


def test_a_status_in_the_post_is_ignored(coordinator, unit, client_for):
    interest = interest_at(unit)
    client_for(coordinator).post(action(interest, "dialogue"), {"status": "declined"})
    interest.refresh_from_db()
    assert interest.status == "dialogue"


# Matching a general interest to opportunities.


@pytest.fixture
def islev():
    return Area.objects.create(name="Islev")


@pytest.fixture
def profile(volunteer, islev):
    profile = VolunteerProfile.objects.create(
        user=volunteer,
        kinds=["company", "escort"],
        availability=["weekday_daytime"],
        languages="Dansk, Arabisk",
    )
    profile.areas.add(islev)
    return profile


def test_matching_keeps_area_kind_time_and_language_and_puts_the_closest_first(
    profile, islev, unit
):
    other_area = Area.objects.create(name="Valhøj")
    best = OpportunityFactory(
        kind="company", area=islev, times=["weekday_daytime"], languages="arabisk", title="B"
    )
    loose = OpportunityFactory(kind="escort", title="A")
    OpportunityFactory(kind="cultural", title="wrong kind")
    OpportunityFactory(kind="company", area=other_area, title="wrong area")
    OpportunityFactory(kind="company", times=["weekend"], title="wrong time")
    OpportunityFactory(kind="company", languages="Tysk", title="wrong language")
    OpportunityFactory(kind="company", status="draft", title="draft")
    full = OpportunityFactory(kind="company", volunteers_wanted=1, title="full")
    InterestFactory(opportunity=full)
    assert matching_opportunities(profile) == [best, loose]


def test_matching_at_most_ten_and_none_without_a_profile(profile):
    for _n in range(12):
        OpportunityFactory(kind="company")
    assert len(matching_opportunities(profile)) == 10
    assert matching_opportunities(None) == []


def test_matching_prefers_the_unit_the_interest_was_for(profile, unit, other_unit):
    elsewhere = OpportunityFactory(kind="company", organisation=other_unit)
    here = OpportunityFactory(kind="company", organisation=unit)
    assert matching_opportunities(profile, unit=unit) == [here, elsewhere]


def test_general_interest_page_lists_the_matching_opportunities(
    coordinator, unit, profile, client_for
):
    match = OpportunityFactory(kind="company", title="Besøgsven i Islev")
    OpportunityFactory(kind="cultural", title="Koncertvært")
    interest = InterestFactory(volunteer=profile.user, opportunity=None, organisation=unit)
    response = client_for(coordinator).get(interest.get_absolute_url())
    assert response.context["matches"] == [match]
    content = response.content.decode()
    assert "Besøgsven i Islev" in content
    assert "Koncertvært" not in content


def test_an_opportunitys_named_coordinator_sees_its_interests(unit, client_for):
    named = UserFactory(role=User.Role.COORDINATOR, units=[OrganisationFactory(kind="unit")])
    opportunity = OpportunityFactory(organisation=unit)
    opportunity.coordinators.add(named)
    interest = InterestFactory(opportunity=opportunity)
    client = client_for(named)
    assert rows_of(client.get(INBOX)) == [interest.pk]
    assert client.get(interest.get_absolute_url()).status_code == 200


def test_a_waiting_interest_shows_its_place_in_the_queue_and_no_answers(
    coordinator, unit, client_for
):
    opportunity = OpportunityFactory(organisation=unit)
    interest_at(unit, opportunity=opportunity, status="waiting", days_ago=3)
    second = interest_at(unit, opportunity=opportunity, status="waiting", days_ago=1)
    response = client_for(coordinator).get(second.get_absolute_url())
    assert response.context["waiting_position"] == 2
    assert action(second, "decline") not in response.content.decode()
