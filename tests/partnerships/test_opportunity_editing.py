"""The coordinators' side of volunteer opportunities: creating, editing, publishing and
closing them, for each role; tampered and bad input; edit conflicts; and the waiting list
getting the places that appear."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from organisations.models import TargetGroup
from partnerships.models import Opportunity
from partnerships.services import opportunities as services
from tests.factories import (
    InitiativeFactory,
    InterestFactory,
    OpportunityFactory,
    UnitFactory,
    UserFactory,
)
from volunteer_portal.transitions import TransitionNotAllowed

pytestmark = pytest.mark.django_db

CREATE = reverse("volunteering:opportunity-create")
ROLES = ["volunteer", "organisation_contact", "staff", "coordinator", "admin"]


def da(message):
    with translation.override("da"):
        return gettext(message)


def edit_url(opportunity):
    return reverse("volunteering:opportunity-edit", kwargs={"pk": opportunity.pk})


def status_url(opportunity, action):
    return reverse(f"volunteering:opportunity-{action}", kwargs={"pk": opportunity.pk})


def form_data(unit, **changes):
    return {
        "loaded": "",
        "base": "",
        "title": "Besøgsven på Testparken",
        "description": "Kom og drik kaffe med en beboer.",
        "kind": "company",
        "organisation": unit.pk,
        "volunteers_wanted": "2",
        **changes,
    }


def edit_data(client, opportunity, **changes):
    """The edit form as loaded by ``client``, with ``changes`` typed in."""
    form = client.get(edit_url(opportunity)).context["form"]
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, [], False)
    }
    data["start_date"] = data.get("start_date") or ""
    return {**data, **changes}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Creating


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("volunteer", 403),
        ("organisation_contact", 403),
        ("staff", 403),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_create_page_is_for_coordinators_and_admins(role, status, client_for, users_by_role):
    assert client_for(users_by_role[role]).get(CREATE).status_code == status


def test_create_page_sends_a_visitor_to_log_in(client):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_coordinator_creates_a_draft_for_their_unit(client_for, coordinator, unit):
    group = TargetGroup.objects.create(name="Ældre")
    initiative = InitiativeFactory()
    data = form_data(
        unit,
        target_groups=[group.pk],
        initiatives=[initiative.pk],
        coordinators=[coordinator.pk],
        times=["weekend", "weekday_evening"],
        start_date="2027-01-04",
        end_date="2027-03-01",
        works_with_children="on",
        status="published",  # not a field of the form: ignored
    )
    response = client_for(coordinator).post(CREATE, data)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response.url == opportunity.get_absolute_url()
    assert opportunity.status == Opportunity.Status.DRAFT
    assert opportunity.organisation == unit
    assert list(opportunity.target_groups.all()) == [group]
    assert list(opportunity.initiatives.all()) == [initiative]
    assert list(opportunity.coordinators.all()) == [coordinator]
    assert opportunity.times == ["weekend", "weekday_evening"]
    assert opportunity.works_with_children
    assert "aeldre" in opportunity.search_text  # the target group is searchable
    assert messages_of(response) == [
        da("The opportunity has been saved as a draft. Publish it when it is ready.")
    ]


def test_the_form_offers_only_the_units_the_coordinator_coordinates(
    client_for, coordinator, unit, other_unit
):
    form = client_for(coordinator).get(CREATE).context["form"]
    assert list(form.fields["organisation"].queryset) == [unit]


def test_an_admin_may_choose_any_active_unit(client_for, portal_admin, unit, other_unit):
    form = client_for(portal_admin).get(CREATE).context["form"]
    assert {unit, other_unit} <= set(form.fields["organisation"].queryset)


def test_a_tampered_organisation_of_another_unit_is_a_form_error(
    client_for, coordinator, other_unit
):
    response = client_for(coordinator).post(CREATE, form_data(other_unit))
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        da("Choose one of the units you coordinate.")
    ]
    assert not Opportunity.objects.exists()


def test_only_active_coordinators_can_be_named(client_for, coordinator, unit, volunteer):
    retired = UserFactory(role="coordinator", units=[unit], is_active=False)
    form = client_for(coordinator).get(CREATE).context["form"]
    choices = set(form.fields["coordinators"].queryset)
    assert coordinator in choices
    assert retired not in choices and volunteer not in choices
    response = client_for(coordinator).post(CREATE, form_data(unit, coordinators=[volunteer.pk]))
    assert "coordinators" in response.context["form"].errors


def test_an_end_before_the_start_is_a_danish_error_and_nothing_is_lost(
    client_for, coordinator, unit
):
    data = form_data(unit, start_date="2027-03-01", end_date="2027-01-04")
    response = client_for(coordinator).post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end_date"] == [da("The end date cannot be before the start date.")]
    assert form["title"].value() == "Besøgsven på Testparken"
    assert not Opportunity.objects.exists()


def test_a_cpr_number_in_a_free_text_field_is_refused(client_for, coordinator, unit):
    data = form_data(unit, practical_notes="Ring til 010203-1234")
    response = client_for(coordinator).post(CREATE, data)
    assert response.status_code == 200
    assert "practical_notes" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_no_volunteers_wanted_is_a_field_error(client_for, coordinator, unit):
    response = client_for(coordinator).post(CREATE, form_data(unit, volunteers_wanted="0"))
    assert "volunteers_wanted" in response.context["form"].errors
    assert not Opportunity.objects.exists()


# Editing


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("volunteer", 404),
        ("organisation_contact", 404),
        ("staff", 404),
        ("other_coordinator", 404),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_edit_page_only_for_those_who_handle_it(
    role, status, client_for, users_by_role, unit, other_unit
):
    users = {
        **users_by_role,
        "other_coordinator": UserFactory(role="coordinator", units=[other_unit]),
    }
    opportunity = OpportunityFactory(organisation=unit)
    assert client_for(users[role]).get(edit_url(opportunity)).status_code == status


def test_edit_page_sends_a_visitor_to_log_in(client):
    response = client.get(edit_url(OpportunityFactory()))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_coordinator_of_another_unit_cannot_post_an_edit(client_for, other_unit, unit):
    opportunity = OpportunityFactory(organisation=unit, title="Uændret")
    other = UserFactory(role="coordinator", units=[other_unit])
    response = client_for(other).post(edit_url(opportunity), form_data(other_unit))
    assert response.status_code == 404
    opportunity.refresh_from_db()
    assert opportunity.title == "Uændret"


def test_a_coordinator_edits_the_opportunity(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, title="Gammel titel")
    client = client_for(coordinator)
    data = edit_data(client, opportunity, title="Ny titel", status="closed")
    response = client.post(edit_url(opportunity), data)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Ny titel"
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert messages_of(response) == [da("The opportunity has been saved.")]


def test_a_named_coordinator_of_another_unit_keeps_its_unit_when_editing(client_for, other_unit):
    unit = UnitFactory()
    named = UserFactory(role="coordinator", units=[other_unit])
    opportunity = OpportunityFactory(organisation=unit)
    opportunity.coordinators.add(named)
    client = client_for(named)
    response = client.post(edit_url(opportunity), edit_data(client, opportunity, title="Nyt"))
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.organisation) == ("Nyt", unit)


def test_an_edit_conflict_merges_the_other_editors_change(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, title="Titel", place="Gammelt sted")
    first, second = client_for(coordinator), client_for(UserFactory(role="admin"))
    one, two = edit_data(first, opportunity), edit_data(second, opportunity)
    assert first.post(edit_url(opportunity), {**one, "place": "Nyt sted"}).status_code == 302
    response = second.post(edit_url(opportunity), {**two, "title": "Ny titel"})
    assert response.status_code == 200
    assert response.context["stored"] == []
    form = response.context["form"]
    assert da("Someone else saved this volunteer opportunity while you were editing it.") in (
        form.non_field_errors()
    )
    merged = form.data
    assert (merged["title"], merged["place"]) == ("Ny titel", "Nyt sted")
    assert second.post(edit_url(opportunity), merged).status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.place) == ("Ny titel", "Nyt sted")


def test_an_edit_conflict_on_the_same_field_shows_the_stored_value(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, title="Titel")
    first, second = client_for(coordinator), client_for(UserFactory(role="admin"))
    one, two = edit_data(first, opportunity), edit_data(second, opportunity)
    first.post(edit_url(opportunity), {**one, "title": "Førstes titel"})
    response = second.post(edit_url(opportunity), {**two, "title": "Andens titel"})
    assert response.status_code == 200
    assert [value for _label, value in response.context["stored"]] == ["Førstes titel"]
    opportunity.refresh_from_db()
    assert opportunity.title == "Førstes titel"


def test_more_volunteers_wanted_offers_the_new_places_to_the_waiting_list(
    client_for, coordinator, unit
):
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=1)
    InterestFactory(opportunity=opportunity)
    waiting = InterestFactory(opportunity=opportunity, status="waiting")
    client = client_for(coordinator)
    response = client.post(
        edit_url(opportunity), edit_data(client, opportunity, volunteers_wanted="2")
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.place_offered_until is not None


# Publishing and closing


def test_publish_then_close_by_the_buttons(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, status="draft")
    client = client_for(coordinator)
    response = client.post(status_url(opportunity, "publish"))
    assert response.status_code == 302 and response.url == opportunity.get_absolute_url()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    assert opportunity.status_changed_at is not None
    assert messages_of(response) == [
        da("The opportunity is published: volunteers can register interest.")
    ]
    client.post(status_url(opportunity, "close"))
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED


def test_a_double_click_on_publish_is_a_calm_message(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, status="draft")
    client = client_for(coordinator)
    client.post(status_url(opportunity, "publish"))
    response = client.post(status_url(opportunity, "publish"))
    assert response.status_code == 302
    # (the first click's message is still waiting to be shown)
    assert messages_of(response)[-1] == da("The opportunity was already published.")


def test_a_move_the_table_refuses_is_an_error_message(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, status="draft")
    response = client_for(coordinator).post(status_url(opportunity, "close"))
    assert response.status_code == 302
    (message,) = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.DRAFT


@pytest.mark.parametrize("role", ["volunteer", "organisation_contact", "staff", "other"])
def test_others_cannot_publish_or_close(role, client_for, users_by_role, unit, other_unit):
    users = {**users_by_role, "other": UserFactory(role="coordinator", units=[other_unit])}
    opportunity = OpportunityFactory(organisation=unit)
    client = client_for(users[role])
    assert client.post(status_url(opportunity, "close")).status_code == 404
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_status_change_needs_a_post_and_a_login(client_for, coordinator, unit, client):
    opportunity = OpportunityFactory(organisation=unit, status="draft")
    assert client_for(coordinator).get(status_url(opportunity, "publish")).status_code == 405
    response = client.post(status_url(opportunity, "publish"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.DRAFT


def test_publishing_again_fills_the_waiting_list(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, volunteers_wanted=1, status="closed")
    first = InterestFactory(opportunity=opportunity, status="waiting")
    second = InterestFactory(opportunity=opportunity, status="waiting")
    client_for(coordinator).post(status_url(opportunity, "publish"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.place_offered_until is not None
    assert second.place_offered_until is None  # one place: the first in line


def test_services_refuse_a_second_publish(coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit, status="draft")
    services.opportunity_publish(opportunity, by=coordinator)
    with pytest.raises(TransitionNotAllowed):
        services.opportunity_publish(opportunity, by=coordinator)


def test_the_create_form_starts_with_the_coordinators_only_unit(client_for, coordinator, unit):
    form = client_for(coordinator).get(CREATE).context["form"]
    assert form["organisation"].value() == unit.pk


def test_a_tampered_organisation_on_the_edit_page_is_a_form_error(
    client_for, coordinator, unit, other_unit
):
    opportunity = OpportunityFactory(organisation=unit)
    client = client_for(coordinator)
    data = edit_data(client, opportunity, organisation=other_unit.pk)
    response = client.post(edit_url(opportunity), data)
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        da("Choose one of the units you coordinate.")
    ]
    opportunity.refresh_from_db()
    assert opportunity.organisation == unit


def test_the_edit_page_tells_how_to_choose_several_coordinators(client_for, coordinator, unit):
    opportunity = OpportunityFactory(organisation=unit)
    content = client_for(coordinator).get(edit_url(opportunity)).content.decode()
    assert "Ctrl" in content  # the help text the parent form's bound fields would have lost


@pytest.mark.parametrize(
    "field", ["place", "meeting_place", "rhythm", "time_commitment", "languages"]
)
def test_a_cpr_number_in_any_short_text_is_refused(client_for, coordinator, unit, field):
    response = client_for(coordinator).post(CREATE, form_data(unit, **{field: "0101901234"}))
    assert field in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_an_organisations_task_needs_a_coordinator(client_for, portal_admin):
    from tests.factories import OrganisationFactory

    association = OrganisationFactory(kind="humanitarian")
    response = client_for(portal_admin).post(CREATE, form_data(association))
    assert "coordinators" in response.context["form"].errors
    assert not Opportunity.objects.exists()
