"""Who may add a progress note: the plan's editors, and the coordinators and staff members
of the municipal units that are actors in the initiative (who may not edit it)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from initiatives.models import Initiative, InitiativeActor, ProgressNote
from organisations.models import Membership
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    InitiativeFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from volunteer_portal.models import User

pytestmark = pytest.mark.django_db

ADD_NOTE = "initiatives.add_progress_note"


@pytest.fixture
def administration():
    return AdministrationFactory(name="Social- og Sundhedsforvaltningen")


@pytest.fixture
def actor_unit(administration):
    return UnitFactory(name="Plejecenter Broparken", parent=administration)


@pytest.fixture
def association():
    return OrganisationFactory(name="Ældre Sagen")


def make_initiative(plan_status, actor_unit, association):
    plan = ActionPlanFactory(slug=f"plan-{plan_status}", status=plan_status)
    initiative = InitiativeFactory(plan=plan, number=1, title="Besøgsvenner")
    InitiativeActor.objects.create(initiative=initiative, organisation=actor_unit, role="owner")
    InitiativeActor.objects.create(initiative=initiative, organisation=association)
    InitiativeActor.objects.create(initiative=initiative, name="Borgere")
    return initiative


@pytest.fixture
def initiative(actor_unit, association):
    return make_initiative("published", actor_unit, association)


@pytest.fixture
def draft_initiative(actor_unit, association):
    return make_initiative("draft", actor_unit, association)


def member(organisation, capacity, role=User.Role.COORDINATOR):
    user = UserFactory(role=role)
    Membership.objects.create(user=user, organisation=organisation, capacity=capacity)
    return user


@pytest.fixture
def cast(actor_unit, administration, association, staff_user, volunteer, portal_admin):
    """One caller per case, by name."""
    return {
        "coordinator of an actor unit": member(actor_unit, "coordinator"),
        "coordinator of the administration above it": member(administration, "coordinator"),
        # A coordinator by role who is a staff member of the actor unit: the capacity counts,
        # not the role (a staff member by role edits the plans anyway).
        "staff member of an actor unit": member(actor_unit, "staff"),
        "coordinator of an unrelated unit": member(
            UnitFactory(name="Islev Bibliotek"), "coordinator"
        ),
        "staff member of an unrelated unit": member(UnitFactory(name="Jobcentret"), "staff"),
        "contact of an actor organisation": member(
            association, "contact", role=User.Role.ORGANISATION_CONTACT
        ),
        "municipal staff": staff_user,
        "admin": portal_admin,
        "volunteer": volunteer,
    }


MAY_ADD = [
    "coordinator of an actor unit",
    "coordinator of the administration above it",
    "staff member of an actor unit",
    "municipal staff",
    "admin",
]
MAY_NOT_ADD = [
    "coordinator of an unrelated unit",
    "staff member of an unrelated unit",
    "contact of an actor organisation",
    "volunteer",
]


def note_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return reverse("initiatives:progress-note-create", kwargs=kwargs)


def prefetched(initiative):
    return Initiative.objects.prefetch_related("actors").get(pk=initiative.pk)


@pytest.mark.parametrize("name", MAY_ADD)
def test_they_may_add_a_progress_note(name, cast, initiative, client_for):
    user = cast[name]
    assert user.has_perm(ADD_NOTE, prefetched(initiative))
    client = client_for(user)
    assert client.get(note_url(initiative)).status_code == 200
    data = {"date": "2021-03-01", "text": "Ti besøgsvenner i gang."}
    response = client.post(note_url(initiative), data)
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert (note.author, note.text) == (user, "Ti besøgsvenner i gang.")


@time_machine.travel(datetime.datetime(2021, 3, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_note_is_dated_today_unless_changed(cast, initiative, client_for):
    client = client_for(cast["coordinator of an actor unit"])
    page = client.get(note_url(initiative)).content.decode()
    assert 'value="2021-03-02"' in page


@pytest.mark.parametrize("name", MAY_NOT_ADD)
def test_others_get_403(name, cast, initiative, client_for):
    user = cast[name]
    assert not user.has_perm(ADD_NOTE, prefetched(initiative))
    client = client_for(user)
    assert client.get(note_url(initiative)).status_code == 403
    response = client.post(note_url(initiative), {"date": "2021-03-01", "text": "Nej"})
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


@pytest.mark.parametrize("name", ["contact of an actor organisation", "volunteer"])
def test_a_draft_is_404_for_those_outside_the_municipality(
    name, cast, draft_initiative, client_for
):
    assert client_for(cast[name]).get(note_url(draft_initiative)).status_code == 404


def test_a_coordinator_of_an_actor_unit_adds_notes_to_a_draft_too(
    cast, draft_initiative, client_for
):
    client = client_for(cast["coordinator of an actor unit"])
    assert client.get(note_url(draft_initiative)).status_code == 200


def test_a_visitor_is_sent_to_log_in(initiative, client):
    response = client.get(note_url(initiative))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not AnonymousUser().has_perm(ADD_NOTE, initiative)


@pytest.mark.parametrize("name", ["coordinator of an actor unit", "staff member of an actor unit"])
def test_the_people_who_do_the_work_report_but_do_not_edit(name, cast, initiative, client_for):
    client = client_for(cast[name])
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'href="{note_url(initiative)}"' in page
    assert reverse("initiatives:initiative-update", kwargs=kwargs) not in page
    assert 'name="status"' not in page
    assert client.get(reverse("initiatives:initiative-update", kwargs=kwargs)).status_code == 403
    status_url = reverse("initiatives:initiative-status", kwargs=kwargs)
    assert client.post(status_url, {"status": "in_progress"}).status_code == 403


@pytest.mark.parametrize("name", MAY_NOT_ADD)
def test_the_page_offers_no_note_to_those_who_may_not(name, cast, initiative, client_for):
    page = client_for(cast[name]).get(initiative.get_absolute_url()).content.decode()
    assert note_url(initiative) not in page


def test_the_rule_asks_the_memberships_once_whatever_the_number_of_actors(
    cast, initiative, django_assert_num_queries
):
    for _n in range(10):
        InitiativeActor.objects.create(initiative=initiative, organisation=UnitFactory())
    user = User.objects.get(pk=cast["coordinator of an unrelated unit"].pk)
    loaded = prefetched(initiative)
    with django_assert_num_queries(1):  # the memberships, then never again
        assert not user.has_perm(ADD_NOTE, loaded)
        assert not user.has_perm(ADD_NOTE, loaded)
