"""Builders shared by the overview and export tests: a plan whose initiatives have goals,
actors, milestones, progress notes and status changes, as many as asked for."""

import datetime

from django.utils import timezone

from initiatives.models import InitiativeActor, Milestone, ProgressNote, StatusChange
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)


def make_full_plan(count, *, status="published", author=None, **plan_fields):
    """A 2020-2022 plan with two goals and ``count`` initiatives, each with everything the
    overview and exports show, so that a query per row would show in the counts."""
    plan = ActionPlanFactory(status=status, **plan_fields)
    goals = [StrategicGoalFactory(plan=plan, number=n) for n in (1, 2)]
    organisation = OrganisationFactory(name="Rødovre Frivilligcenter")
    for number in range(1, count + 1):
        add_full_initiative(plan, number, goals=goals, organisation=organisation, author=author)
    return plan


def add_full_initiative(plan, number, *, goals, organisation, author=None, **fields):
    initiative = InitiativeFactory(plan=plan, number=number, **fields)
    initiative.goals.set(goals)
    InitiativeActor.objects.create(initiative=initiative, organisation=organisation, role="owner")
    InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
    Milestone.objects.create(
        initiative=initiative, date=datetime.date(2020, 3, number % 28 + 1), title="Temamøde"
    )
    ProgressNote.objects.create(
        initiative=initiative, date=datetime.date(2020, 5, 1), author=author, text="Godt i gang."
    )
    StatusChange.objects.create(
        initiative=initiative,
        from_status="planned",
        to_status="in_progress",
        changed_at=timezone.now(),
        changed_by=author,
    )
    return initiative
