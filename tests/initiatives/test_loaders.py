"""The loaders views and the feed share: 404 when the user may not see the plan or initiative,
403 when they may see it but not take the action."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.factories import ActionPlanFactory, InitiativeFactory
from volunteer_portal.permissions import get_initiative_for, get_plan_for

pytestmark = pytest.mark.django_db

CHANGE_PLAN, CHANGE_INITIATIVE = "initiatives.change_plan", "initiatives.change_initiative"


@pytest.fixture
def draft():
    return ActionPlanFactory(slug="udkast", status="draft")


def test_get_plan_for_gives_a_published_plan_to_anyone():
    plan = ActionPlanFactory(slug="plan")
    assert get_plan_for(AnonymousUser(), "plan") == plan


@pytest.mark.parametrize("slug", ["udkast", "no-such-plan"])
def test_get_plan_for_answers_404_for_a_draft_or_a_missing_plan(draft, volunteer, slug):
    with pytest.raises(Http404):
        get_plan_for(volunteer, slug)


def test_get_plan_for_answers_403_to_a_reader_who_may_not_act(draft, coordinator):
    assert get_plan_for(coordinator, "udkast") == draft
    with pytest.raises(PermissionDenied):
        get_plan_for(coordinator, "udkast", action=CHANGE_PLAN)


def test_get_plan_for_gives_the_plan_to_its_editor(draft, staff_user):
    assert get_plan_for(staff_user, "udkast", action=CHANGE_PLAN) == draft


def test_get_initiative_for_follows_its_plan(draft, volunteer, coordinator, staff_user):
    initiative = InitiativeFactory(plan=draft, number=4)
    with pytest.raises(Http404):
        get_initiative_for(volunteer, "udkast", 4)
    with pytest.raises(Http404):
        get_initiative_for(staff_user, "udkast", 5)
    with pytest.raises(PermissionDenied):
        get_initiative_for(coordinator, "udkast", 4, action=CHANGE_INITIATIVE)
    assert get_initiative_for(staff_user, "udkast", 4, action=CHANGE_INITIATIVE) == initiative


def test_get_initiative_for_loads_its_plan_with_it(draft, staff_user, django_assert_num_queries):
    InitiativeFactory(plan=draft, number=4)
    initiative = get_initiative_for(staff_user, "udkast", 4)
    with django_assert_num_queries(0):
        assert initiative.plan.slug == "udkast"
