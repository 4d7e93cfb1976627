"""The history pages: every change to a plan or an initiative, deletions of their rows
included, in words a person reads, with a query count that does not grow with the entries."""

import datetime
import html
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from initiatives.models import InitiativeActor, Milestone, ProgressNote
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db


def initiative_history_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return "/en" + reverse("initiatives:initiative-history", kwargs=kwargs)


def plan_history_url(plan):
    return "/en" + reverse("initiatives:plan-history", kwargs={"slug": plan.slug})


def table_body(response):
    """The rows of the history table, unescaped: the heading names the subject anyway."""
    assert response.status_code == 200
    match = re.search(r"<tbody>(.*)</tbody>", response.content.decode(), re.DOTALL)
    return html.unescape(match.group(1)) if match else ""


def change_lines(response):
    """Every change line of the table, whitespace squeezed."""
    items = re.findall(r"<li>(.*?)</li>", table_body(response), re.DOTALL)
    return [" ".join(item.split()) for item in items]


@pytest.fixture
def plan():
    return ActionPlanFactory(slug="plan")


@pytest.fixture
def initiative(plan):
    return InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")


def test_initiative_history_shows_deleted_milestones_actors_and_notes(
    initiative, staff_user, client_for
):
    with set_actor(staff_user):
        milestone = Milestone.objects.create(
            initiative=initiative, date=datetime.date(2020, 3, 5), title="Temamøde"
        )
        actor = InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
        note = ProgressNote.objects.create(
            initiative=initiative, date=datetime.date(2020, 5, 1), text="Godt i gang."
        )
        for row in (milestone, actor, note):
            row.delete()
    body = table_body(client_for(staff_user).get(initiative_history_url(initiative)))
    assert body.count("Deleted: ") == 3
    assert "Deleted: milestone “2020-03-05 Temamøde”" in body
    assert "Deleted: actor “Lokale foreninger”" in body
    assert "Godt i gang." in body


def test_initiative_history_leaves_out_other_initiatives_rows(
    plan, initiative, staff_user, client_for
):
    other = InitiativeFactory(plan=plan, number=2)
    milestone = Milestone.objects.create(
        initiative=other, date=datetime.date(2020, 3, 5), title="Fremmed milepæl"
    )
    milestone.delete()
    body = table_body(client_for(staff_user).get(initiative_history_url(initiative)))
    assert "Fremmed milepæl" not in body


def test_initiative_history_still_finds_rows_logged_before_entries_named_their_initiative(
    initiative, staff_user, client_for
):
    Milestone.objects.create(initiative=initiative, date=datetime.date(2020, 3, 5), title="Gammel")
    LogEntry.objects.update(additional_data=None)
    body = table_body(client_for(staff_user).get(initiative_history_url(initiative)))
    assert "Created: milestone “2020-03-05 Gammel”" in body


def test_audit_entries_store_the_parent_id_of_their_row(plan, initiative):
    goal = StrategicGoalFactory(plan=plan, number=3)
    actor = InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
    milestone = Milestone.objects.create(
        initiative=initiative, date=datetime.date(2020, 3, 5), title="Temamøde"
    )
    note = ProgressNote.objects.create(
        initiative=initiative, date=datetime.date(2020, 5, 1), text="Godt i gang."
    )
    stored = {
        row: LogEntry.objects.get_for_object(row).get().additional_data
        for row in (goal, initiative, actor, milestone, note)
    }
    assert stored == {
        goal: {"plan_id": plan.pk},
        initiative: {"plan_id": plan.pk},
        actor: {"initiative_id": initiative.pk},
        milestone: {"initiative_id": initiative.pk},
        note: {"initiative_id": initiative.pk},
    }


def test_plan_history_shows_deleted_goals_and_initiatives(plan, staff_user, client_for):
    goal = StrategicGoalFactory(plan=plan, number=3, title="Synlighed og netværk")
    initiative = InitiativeFactory(plan=plan, number=7, title="Nedlagt indsats")
    logged_name = str(goal)  # the name as logged, in the language active then (Danish)
    goal.delete()
    initiative.delete()
    body = table_body(client_for(staff_user).get(plan_history_url(plan)))
    assert f"Deleted: strategic goal “{logged_name}”" in body
    assert "Deleted: initiative “7. Nedlagt indsats”" in body


def test_history_reads_goal_changes_as_added_and_removed(plan, initiative, staff_user, client_for):
    first = StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    second = StrategicGoalFactory(plan=plan, number=2, title="Synlighed")
    logged_names = str(first), str(second)  # as logged, in the language active then
    initiative.goals.set([first, second])
    initiative.goals.set([second])
    lines = change_lines(client_for(staff_user).get(initiative_history_url(initiative)))
    assert f"strategic goals: removed {logged_names[0]}" in lines
    assert f"strategic goals: added {logged_names[0]}, {logged_names[1]}" in lines
    assert not any("type" in line or "operation" in line for line in lines)


def test_history_of_a_new_initiative_lists_its_values_not_its_reverse_relations(
    initiative, staff_user, client_for
):
    response = client_for(staff_user).get(initiative_history_url(initiative))
    body, lines = table_body(response), change_lines(response)
    assert "title: Flere med i foreningerne" in lines
    assert "status: Planned" in lines
    assert "action plan: " + str(initiative.plan) in lines
    assert "None" not in body
    assert "initiatives." not in body


def test_reverse_relations_are_not_logged_at_all(initiative):
    changes = LogEntry.objects.get_for_object(initiative).get().changes_dict
    assert "title" in changes
    assert not {"actors", "milestones", "progress_notes", "status_changes"} & changes.keys()


def test_history_names_related_objects_and_shows_updates_as_old_to_new(
    initiative, staff_user, client_for
):
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    actor = InitiativeActor.objects.create(initiative=initiative, organisation=centre)
    actor.role = "owner"
    actor.save()
    milestone = Milestone.objects.create(
        initiative=initiative, date=datetime.date(2020, 3, 5), title="Temamøde"
    )
    milestone.is_reached = True
    milestone.save()
    lines = change_lines(client_for(staff_user).get(initiative_history_url(initiative)))
    assert "organisation or unit: Rødovre Frivilligcenter" in lines
    assert "role: Participant → Owner" in lines
    assert "reached: No → Yes" in lines
    assert "date: March 5, 2020" in lines


def test_history_names_a_deleted_related_object(initiative, staff_user, client_for):
    centre = OrganisationFactory(name="Lukket forening")
    actor = InitiativeActor.objects.create(initiative=initiative, organisation=centre)
    centre_pk = centre.pk
    actor.delete()
    centre.delete()
    lines = change_lines(client_for(staff_user).get(initiative_history_url(initiative)))
    assert f"organisation or unit: organisation {centre_pk} (deleted)" in lines


def add_logged_children(initiative, count):
    """``count`` actors and milestones: four entries each (actor created and changed,
    milestone created and deleted), so that 10 fit on one page with the initiative's own."""
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    for n in range(count):
        actor = InitiativeActor.objects.create(initiative=initiative, organisation=centre)
        actor.role = "owner"
        actor.save()
        milestone = Milestone.objects.create(
            initiative=initiative, date=datetime.date(2020, 3, n + 1), title=f"Møde {n}"
        )
        milestone.delete()


@pytest.mark.parametrize("count", [1, 10])
def test_initiative_history_query_count_does_not_grow_with_entries(
    count, plan, initiative, staff_user, client_for, django_assert_num_queries
):
    goal = StrategicGoalFactory(plan=plan, number=1)
    with set_actor(staff_user):
        add_logged_children(initiative, count)
        initiative.goals.set([goal])
    client = client_for(staff_user)
    url = initiative_history_url(initiative)
    client.get(url)  # caches (content types, translations) are not what is counted here
    # session, user, initiative with plan, page count, page of entries, then the names of
    # related objects: one query per kind (action plan, initiative, organisation)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == 1 + 4 * count + 1


@pytest.mark.parametrize("count", [1, 10])
def test_plan_history_query_count_does_not_grow_with_entries(
    count, plan, staff_user, client_for, django_assert_num_queries
):
    with set_actor(staff_user):
        for n in range(count):
            goal = StrategicGoalFactory(plan=plan, number=n + 1)
            goal.title = f"Omdøbt {n}"
            goal.save()
            InitiativeFactory(plan=plan, number=n + 1).delete()
        plan.published_by = staff_user
        plan.save()
    client = client_for(staff_user)
    url = plan_history_url(plan)
    client.get(url)
    # session, user, plan, page count, page of entries, then the names of related objects:
    # one query per kind (action plan, user)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == 1 + 4 * count + 1


def test_history_speaks_danish_and_hides_bare_version_bumps(initiative, staff_user, client_for):
    with set_actor(staff_user):
        Milestone.objects.create(
            initiative=initiative, date=datetime.date(2020, 3, 5), title="Møde"
        )
        initiative.version += 1
        initiative.save(update_fields=["version"])
    url = initiative_history_url(initiative).removeprefix("/en")
    body = table_body(client_for(staff_user).get(url))
    assert "Oprettet: milepæl “2020-03-05 Møde”" in body
    assert "Ændret" not in body  # the version bump alone is not a change a reader can see
