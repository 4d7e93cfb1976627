"""The shared state machinery: one helper moves every status field, checked against its
table, locked, stamped and audited; an unknown status is the domain error."""

import pytest
from auditlog.models import LogEntry
from django.db import models

from initiatives import services
from initiatives.models import ActionPlan, Initiative, StatusChange
from tests.factories import ActionPlanFactory, InitiativeFactory
from volunteer_portal.transitions import (
    DomainError,
    StateMachine,
    TransitionNotAllowed,
    transition,
)

pytestmark = pytest.mark.django_db


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"


def test_a_table_naming_an_unknown_status_is_a_programming_error():
    with pytest.raises(ValueError, match="blue"):
        StateMachine(field="status", choices=Light, transitions={"red": frozenset({"blue"})})


def test_a_second_click_is_told_it_has_been_done_already():
    from django.utils import translation
    from django.utils.translation import gettext

    machine = StateMachine(field="status", choices=Light, transitions={"red": frozenset({"green"})})
    with translation.override("da"), pytest.raises(TransitionNotAllowed) as error:
        machine.check("green", "green")
    with translation.override("da"):
        expected = gettext("That has already been done: the status is “%(status)s”.")
    assert str(error.value) == expected % {"status": "Green"}


def test_an_unknown_status_is_the_domain_error_not_a_value_error():
    machine = StateMachine(field="status", choices=Light, transitions={"red": frozenset({"green"})})
    with pytest.raises(TransitionNotAllowed) as error:
        machine.check("red", "blue")
    assert "blue" in str(error.value)
    with pytest.raises(TransitionNotAllowed):
        machine.check("purple", "green")
    assert issubclass(TransitionNotAllowed, DomainError)
    assert machine.allowed_from("red") == [Light.GREEN]
    assert machine.allowed_from("green") == []


def test_initiative_set_status_with_an_unknown_status_changes_nothing(staff_user):
    initiative = InitiativeFactory()
    with pytest.raises(TransitionNotAllowed):
        services.initiative_set_status(initiative=initiative, status="finished", by=staff_user)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PLANNED
    assert not StatusChange.objects.exists()


def test_transition_saves_only_the_status_and_its_stamps(staff_user):
    """A stale copy's other fields are never written back by a status change."""
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT, title="Gammel titel")
    ActionPlan.objects.filter(pk=plan.pk).update(title="Ny titel fra en anden")
    stored, old = transition(
        plan, ActionPlan.Status.PUBLISHED, by=staff_user, machine=ActionPlan.STATUS_MACHINE
    )
    assert old == ActionPlan.Status.DRAFT
    plan.refresh_from_db()
    assert plan.title == "Ny titel fra en anden"
    assert plan.is_published and plan.published_by == staff_user and plan.published_at


def test_plan_publishing_walks_its_whole_table(staff_user):
    for old in ActionPlan.Status:
        for new in ActionPlan.Status:
            plan = ActionPlanFactory(status=old)
            allowed = new in ActionPlan.STATUS_MACHINE.transitions.get(old, ())
            if allowed:
                transition(plan, new, by=staff_user, machine=ActionPlan.STATUS_MACHINE)
                plan.refresh_from_db()
                assert plan.status == new
            else:
                with pytest.raises(TransitionNotAllowed):
                    transition(plan, new, by=staff_user, machine=ActionPlan.STATUS_MACHINE)
                plan.refresh_from_db()
                assert plan.status == old


def test_a_status_change_names_its_actor_in_the_audit_log(staff_user):
    initiative = InitiativeFactory()
    services.initiative_set_status(
        initiative=initiative, status=Initiative.Status.IN_PROGRESS, by=staff_user
    )
    entry = LogEntry.objects.get_for_object(initiative).latest("timestamp")
    assert entry.actor == staff_user
    assert "status" in entry.changes_dict


def test_carrying_an_initiative_over_writes_its_first_history_row(staff_user):
    source = ActionPlanFactory()
    old = InitiativeFactory(plan=source)
    services.initiative_set_status(
        initiative=old, status=Initiative.Status.IN_PROGRESS, by=staff_user
    )
    new_plan = services.plan_start_from(
        source=source,
        title="Ny plan",
        slug="ny-plan",
        start_year=2023,
        end_year=2025,
        by=staff_user,
    )
    carried = new_plan.initiatives.get()
    row = carried.status_changes.get()
    assert row.is_carry_over
    assert (row.from_status, row.to_status) == ("in_progress", "in_progress")
    assert row.changed_by == staff_user
