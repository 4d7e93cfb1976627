"""The action plan's services: status table, publishing, notes, optimistic locking,
renumbering and carrying a plan over."""

import itertools

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models.signals import pre_save

from initiatives import services
from initiatives.models import ActionPlan, Initiative, InitiativeActor, StatusChange
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)
from volunteer_portal.audit_log import audit_log_deletion

pytestmark = pytest.mark.django_db

S = Initiative.Status


def test_initiative_set_status_walks_the_whole_transition_table(staff_user):
    for old, new in itertools.product(S, S):
        initiative = InitiativeFactory()
        Initiative.objects.filter(pk=initiative.pk).update(status=old)
        initiative.refresh_from_db()
        if new in Initiative.ALLOWED_TRANSITIONS[old]:
            change = services.initiative_set_status(
                initiative=initiative, status=new, by=staff_user, comment="ok"
            )
            initiative.refresh_from_db()
            assert initiative.status == new, (old, new)
            assert (change.from_status, change.to_status) == (old, new)
            assert change.changed_by == staff_user
            assert initiative.status_changed_at == change.changed_at
        else:
            with pytest.raises(services.TransitionNotAllowed):
                services.initiative_set_status(initiative=initiative, status=new, by=staff_user)
            initiative.refresh_from_db()
            assert initiative.status == old, (old, new)
            assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_initiative_set_status_checks_the_stored_status_not_a_stale_copy(staff_user):
    initiative = InitiativeFactory()
    stale = Initiative.objects.get(pk=initiative.pk)
    services.initiative_set_status(initiative=initiative, status=S.CANCELLED, by=staff_user)
    # The stale copy still says "planned", but cancelled → in progress is not allowed.
    with pytest.raises(services.TransitionNotAllowed):
        services.initiative_set_status(initiative=stale, status=S.IN_PROGRESS, by=staff_user)


def test_plan_publish_records_who_and_when_and_refuses_twice(staff_user):
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    services.plan_publish(plan=plan, by=staff_user)
    plan.refresh_from_db()
    assert plan.is_published
    assert plan.published_by == staff_user
    assert plan.published_at is not None
    with pytest.raises(services.TransitionNotAllowed):
        services.plan_publish(plan=plan, by=staff_user)


def test_progress_note_add_stores_author_and_today(staff_user):
    initiative = InitiativeFactory()
    note = services.progress_note_add(
        initiative=initiative, text="Første møde holdt.", by=staff_user
    )
    assert note.author == staff_user
    assert note.date is not None
    assert list(initiative.progress_notes.all()) == [note]


def test_initiative_save_bumps_the_version(staff_user):
    initiative = InitiativeFactory()
    initiative.title = "Nyt navn"
    services.initiative_save(initiative=initiative, version=1, by=staff_user, goals=[], related=[])
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Nyt navn", 2)


def test_initiative_save_raises_conflict_when_someone_saved_in_between(staff_user, portal_admin):
    initiative = InitiativeFactory()
    first = Initiative.objects.get(pk=initiative.pk)
    second = Initiative.objects.get(pk=initiative.pk)
    first.title = "Fra den første"
    services.initiative_save(initiative=first, version=1, by=staff_user, goals=[], related=[])
    second.title = "Fra den anden"
    with pytest.raises(services.ConflictError) as error:
        services.initiative_save(
            initiative=second, version=1, by=portal_admin, goals=[], related=[]
        )
    assert error.value.current.title == "Fra den første"
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Fra den første", 2)


def test_initiative_save_never_writes_the_status(staff_user):
    initiative = InitiativeFactory()
    editor_copy = Initiative.objects.get(pk=initiative.pk)
    services.initiative_set_status(initiative=initiative, status=S.IN_PROGRESS, by=staff_user)
    editor_copy.title = "Ændret"
    # The editor's copy still says "planned"; saving it must not undo the status change.
    services.initiative_save(initiative=editor_copy, version=1, by=staff_user, goals=[], related=[])
    initiative.refresh_from_db()
    assert initiative.status == S.IN_PROGRESS


def test_initiatives_renumber_swaps_numbers_within_the_unique_constraint(staff_user):
    plan = ActionPlanFactory()
    a, b, c = (InitiativeFactory(plan=plan, number=n) for n in (1, 2, 3))
    services.initiatives_renumber(plan=plan, numbers={a.pk: 3, b.pk: 1, c.pk: 2}, by=staff_user)
    assert list(plan.initiatives.order_by("number").values_list("pk", flat=True)) == [
        b.pk,
        c.pk,
        a.pk,
    ]


@pytest.mark.parametrize(
    "numbers",
    [lambda a, b: {a: 1, b: 1}, lambda a, b: {a: 0, b: 2}, lambda a, b: {a: 2}],
    ids=["duplicate", "zero", "missing"],
)
def test_initiatives_renumber_refuses_bad_numbers_and_changes_nothing(numbers, staff_user):
    plan = ActionPlanFactory()
    a, b = InitiativeFactory(plan=plan, number=1), InitiativeFactory(plan=plan, number=2)
    with pytest.raises(services.NumberingError):
        services.initiatives_renumber(plan=plan, numbers=numbers(a.pk, b.pk), by=staff_user)
    assert list(plan.initiatives.order_by("pk").values_list("number", flat=True)) == [1, 2]


def test_plan_start_from_carries_over_unfinished_initiatives(staff_user):
    old = ActionPlanFactory(start_year=2020, end_year=2022, legal_basis="Serviceloven § 18")
    goal1, goal2 = (
        StrategicGoalFactory(plan=old, number=1),
        StrategicGoalFactory(plan=old, number=2),
    )
    done = InitiativeFactory(plan=old, number=1)
    running = InitiativeFactory(plan=old, number=2, start_year=2021, end_year=2022)
    dropped = InitiativeFactory(plan=old, number=3)
    planned = InitiativeFactory(plan=old, number=4)
    running.goals.set([goal2])
    running.related.set([planned, done])
    organisation = OrganisationFactory()
    InitiativeActor.objects.create(initiative=running, organisation=organisation, role="owner")
    InitiativeActor.objects.create(initiative=running, name="Lokale foreninger")
    for initiative, path in [
        (done, [S.IN_PROGRESS, S.COMPLETED]),
        (dropped, [S.CANCELLED]),
        (running, [S.IN_PROGRESS]),
    ]:
        for status in path:
            services.initiative_set_status(initiative=initiative, status=status, by=staff_user)

    new = services.plan_start_from(
        source=old, title="Ny plan", slug="ny-plan", start_year=2023, end_year=2025, by=staff_user
    )

    assert new.status == ActionPlan.Status.DRAFT
    assert new.previous_plan == old
    assert new.legal_basis == old.legal_basis
    assert list(new.goals.values_list("number", "title")) == [
        (goal1.number, goal1.title),
        (goal2.number, goal2.title),
    ]
    carried = list(new.initiatives.order_by("number"))
    assert [(i.number, i.carried_over_from) for i in carried] == [(1, running), (2, planned)]
    new_running, new_planned = carried
    assert new_running.status == S.IN_PROGRESS
    assert (new_running.start_year, new_running.end_year) == (2023, 2023)
    assert list(new_running.goals.all()) == [new.goals.get(number=goal2.number)]
    assert new_running.goals.get().plan == new
    assert list(new_running.related.all()) == [new_planned]
    assert list(new_planned.related.all()) == [new_running]
    assert [(a.organisation, a.name, a.role) for a in new_running.actors.all()] == [
        (organisation, "", "owner"),
        (None, "Lokale foreninger", "participant"),
    ]
    # The old plan is untouched.
    assert old.initiatives.count() == 4
    assert running.goals.get() == goal2


def test_plan_save_never_writes_status_or_publishing(staff_user):
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    editor_copy = ActionPlan.objects.get(pk=plan.pk)
    services.plan_publish(plan=plan, by=staff_user)
    editor_copy.title = "Ændret"
    # The editor's copy still says "draft"; saving it must not undo the publishing.
    services.plan_save(plan=editor_copy, version=1, by=staff_user)
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Ændret", 2)
    assert plan.is_published and plan.published_by == staff_user


def test_plan_save_raises_conflict_when_someone_saved_in_between(staff_user, portal_admin):
    plan = ActionPlanFactory()
    first, second = ActionPlan.objects.get(pk=plan.pk), ActionPlan.objects.get(pk=plan.pk)
    first.title = "Fra den første"
    services.plan_save(plan=first, version=1, by=staff_user)
    second.title = "Fra den anden"
    with pytest.raises(services.ConflictError) as error:
        services.plan_save(plan=second, version=1, by=portal_admin)
    assert error.value.current.title == "Fra den første"
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Fra den første", 2)


def test_initiative_save_turns_a_taken_number_into_a_domain_error(staff_user):
    plan = ActionPlanFactory()
    InitiativeFactory(plan=plan, number=1, title="Den første")
    new = Initiative(plan=plan, number=1, title="Ny", start_year=2020, end_year=2020)
    with pytest.raises(services.DuplicateError) as error:
        services.initiative_save(initiative=new, version=None, by=staff_user, goals=[], related=[])
    assert error.value.field == "number"
    assert new.pk is None  # shown again as a new initiative
    assert list(plan.initiatives.values_list("title", flat=True)) == ["Den første"]


def test_plan_save_and_start_from_turn_a_taken_short_name_into_a_domain_error(staff_user):
    taken = ActionPlanFactory(slug="taget")
    new = ActionPlan(title="Ny", slug="taget", start_year=2023, end_year=2025)
    with pytest.raises(services.DuplicateError) as error:
        services.plan_save(plan=new, version=None, by=staff_user)
    assert (error.value.field, new.pk) == ("slug", None)
    with pytest.raises(services.DuplicateError):
        services.plan_start_from(
            source=taken, title="Ny", slug="taget", start_year=2023, end_year=2025, by=staff_user
        )
    assert ActionPlan.objects.count() == 1


def _actors_of(model, pk):
    return set(
        LogEntry.objects.get_for_object(model.objects.get(pk=pk)).values_list("actor", flat=True)
    )


def test_services_record_by_as_the_audit_log_actor(staff_user):
    plan = ActionPlanFactory()
    a, b = InitiativeFactory(plan=plan, number=1), InitiativeFactory(plan=plan, number=2)
    with audit_log_deletion():  # the one sanctioned way (volunteer_portal.audit_log)
        LogEntry.objects.all().delete()
    a.title = "Nyt navn"
    services.initiative_save(initiative=a, version=1, by=staff_user, goals=[], related=[])
    plan.title = "Ny titel"
    services.plan_save(plan=plan, version=1, by=staff_user)
    services.initiatives_renumber(plan=plan, numbers={a.pk: 2, b.pk: 1}, by=staff_user)
    assert _actors_of(Initiative, a.pk) == {staff_user.pk}
    assert _actors_of(Initiative, b.pk) == {staff_user.pk}
    assert _actors_of(ActionPlan, plan.pk) == {staff_user.pk}


def test_acting_as_puts_the_callers_audit_context_back(staff_user, portal_admin):
    receivers = len(pre_save.receivers)
    plan = ActionPlanFactory()
    with set_actor(portal_admin):
        plan.title = "Af tjenesten"
        services.plan_save(plan=plan, version=1, by=staff_user)
        plan.title = "Bagefter"
        plan.save()  # after the service: the outer actor again
    entries = LogEntry.objects.get_for_object(plan).order_by("pk")
    assert list(entries.values_list("actor", flat=True))[-2:] == [staff_user.pk, portal_admin.pk]
    assert len(pre_save.receivers) == receivers  # no receiver left connected
