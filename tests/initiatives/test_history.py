"""The history pages: every change to a plan or an initiative, deletions of their rows
included, in words a person reads, with a query count that does not grow with the entries."""

import datetime
import html
import re

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from initiatives import services
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
    """The rows of the history table, unescaped and without the spans that mark Danish
    content (lang="da"): the heading names the subject anyway."""
    assert response.status_code == 200
    match = re.search(r"<tbody>(.*)</tbody>", response.content.decode(), re.DOTALL)
    return html.unescape(re.sub(r"</?span[^>]*>", "", match.group(1))) if match else ""


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
    assert body.count("Deleted: ") == 2
    assert "Deleted: milestone “2020-03-05 Temamøde”" in body
    assert "Deleted: actor “Lokale foreninger”" in body
    assert "Progress note deleted" in body
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
    assert f"Strategic goals: removed {logged_names[0]}" in lines
    assert f"Strategic goals: added {logged_names[0]}, {logged_names[1]}" in lines
    assert not any("type" in line or "operation" in line for line in lines)


def test_history_of_a_new_initiative_lists_its_values_not_its_reverse_relations(
    initiative, staff_user, client_for
):
    response = client_for(staff_user).get(initiative_history_url(initiative))
    body, lines = table_body(response), change_lines(response)
    assert lines[:3] == [
        "Number: 1",
        "Title: Flere med i foreningerne",
        "Description: " + initiative.description,
    ]
    assert "Status: Planned" in lines
    assert not any(line.startswith("Action plan: ") for line in lines)  # the page's own plan
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
    assert "Organisation or unit: Rødovre Frivilligcenter" in lines
    assert "Role: Participant → Owner" in lines
    assert "Reached: No → Yes" in lines
    assert "Date: March 5, 2020" in lines


def test_history_names_a_deleted_related_object(initiative, staff_user, client_for):
    centre = OrganisationFactory(name="Lukket forening")
    actor = InitiativeActor.objects.create(initiative=initiative, organisation=centre)
    centre_pk = centre.pk
    actor.delete()
    centre.delete()
    lines = change_lines(client_for(staff_user).get(initiative_history_url(initiative)))
    assert f"Organisation or unit: organisation {centre_pk} (deleted)" in lines


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
    # related objects: one query per kind (organisation)
    with django_assert_num_queries(7):
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
    # session, user, plan, the plan's initiatives (for the filter and the initiative column),
    # page count, page of entries, then the names of related objects: one query per kind
    # (user)
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


# The plan's history tells the whole story: its initiatives' changes, status changes and
# progress notes, made through the services as the pages make them.


def rename(initiative, title, by):
    initiative.title = title
    return services.initiative_save(
        initiative=initiative, version=initiative.version, by=by, goals=[], related=[]
    )


def test_plan_history_includes_the_initiatives_changes_status_changes_and_notes(
    plan, initiative, staff_user, client_for
):
    rename(initiative, "Flere med i foreningslivet", staff_user)
    services.initiative_set_status(
        initiative=initiative, status="in_progress", by=staff_user, comment="Vi er gået i gang."
    )
    services.progress_note_add(
        initiative=initiative,
        text="Temamødet samlede 14 foreninger.",
        date=datetime.date(2020, 5, 1),
        by=staff_user,
    )
    response = client_for(staff_user).get(plan_history_url(plan))
    body, lines = table_body(response), change_lines(response)
    assert "Title: Flere med i foreningerne → Flere med i foreningslivet" in lines
    assert "Status changed from Planned to In progress" in body
    assert "Comment: Vi er gået i gang." in lines
    assert "Progress note added" in body
    assert "Text: Temamødet samlede 14 foreninger." in lines
    assert "Date: May 1, 2020" in lines
    # Every row written by a service names its actor and, on the plan's history, its
    # initiative (the factory's rows were written by no one).
    rows = response.context["rows"]
    assert {row.entry.actor for row in rows if row.entry.action != LogEntry.Action.CREATE} == {
        staff_user
    }
    assert {row.initiative for row in rows} == {initiative, None}  # None: the plan's own
    assert initiative.get_absolute_url() in response.text


def test_a_status_change_reads_as_one_sentence_without_its_bookkeeping(
    initiative, staff_user, client_for
):
    services.initiative_set_status(initiative=initiative, status="postponed", by=staff_user)
    response = client_for(staff_user).get(initiative_history_url(initiative))
    (row,) = [r for r in response.context["rows"] if r.summary.startswith("Status")]
    assert row.summary == "Status changed from Planned to Postponed"
    assert row.lines == []  # no comment given; the time stamp is the row's own time
    assert "status_changed_at" not in response.text
    assert "Status changed:" not in table_body(response)


def test_plan_history_keeps_the_story_of_a_deleted_initiative(plan, staff_user, client_for):
    gone = InitiativeFactory(plan=plan, number=5, title="Nedlagt indsats")
    services.progress_note_add(initiative=gone, text="Sidste note.", by=staff_user)
    gone.delete()
    response = client_for(staff_user).get(plan_history_url(plan))
    body = table_body(response)
    assert "Deleted: initiative “5. Nedlagt indsats”" in body
    assert "Sidste note." in body
    assert "Progress note deleted" in body  # with its initiative, by the cascade


@pytest.fixture
def two_initiatives_with_history(plan, initiative, staff_user):
    other = InitiativeFactory(plan=plan, number=2, title="Besøgsvenner")
    for each, note in ((initiative, "Note om foreninger."), (other, "Note om besøgsvenner.")):
        rename(each, f"{each.title} (ny)", staff_user)
        services.initiative_set_status(initiative=each, status="in_progress", by=staff_user)
        services.progress_note_add(initiative=each, text=note, by=staff_user)
    return initiative, other


def test_plan_history_filters_by_initiative(
    plan, two_initiatives_with_history, staff_user, client_for
):
    initiative, other = two_initiatives_with_history
    response = client_for(staff_user).get(plan_history_url(plan), {"initiative": other.pk})
    body = table_body(response)
    assert "Note om besøgsvenner." in body
    assert "Note om foreninger." not in body
    assert {row.initiative for row in response.context["rows"]} == {other}
    # The filter offers the plan's initiatives, the chosen one selected.
    assert f'<option value="{other.pk}" selected>2. Besøgsvenner (ny)</option>' in response.text


@pytest.mark.parametrize(
    ("kind", "wanted", "unwanted"),
    [
        ("status", "Status changed from Planned to In progress", "Progress note added"),
        ("notes", "Progress note added", "Status changed"),
        ("changes", "Title: ", "Progress note added"),
    ],
)
def test_plan_history_filters_by_kind(
    kind, wanted, unwanted, plan, two_initiatives_with_history, staff_user, client_for
):
    response = client_for(staff_user).get(plan_history_url(plan), {"kind": kind})
    body = table_body(response)
    assert wanted in body
    assert unwanted not in body
    if kind == "changes":
        assert "Status changed" not in body


def test_plan_history_filters_by_initiative_and_kind_together(
    plan, two_initiatives_with_history, staff_user, client_for
):
    initiative, _other = two_initiatives_with_history
    url = plan_history_url(plan)
    response = client_for(staff_user).get(url, {"initiative": initiative.pk, "kind": "notes"})
    rows = response.context["rows"]
    assert [row.summary for row in rows] == ["Progress note added"]
    assert rows[0].initiative == initiative


def test_initiative_history_filters_by_kind_but_offers_no_initiative(
    two_initiatives_with_history, staff_user, client_for
):
    initiative, _other = two_initiatives_with_history
    response = client_for(staff_user).get(initiative_history_url(initiative), {"kind": "status"})
    assert [row.summary for row in response.context["rows"]] == [
        "Status changed from Planned to In progress"
    ]
    assert "initiative" not in response.context["filter"].form.fields


@pytest.mark.parametrize("query", [{"initiative": "abc"}, {"initiative": "99999"}, {"kind": "x"}])
def test_history_ignores_a_filter_it_does_not_know(query, plan, initiative, staff_user, client_for):
    response = client_for(staff_user).get(plan_history_url(plan), query)
    assert response.status_code == 200
    assert response.context["rows"]


def test_history_speaks_in_field_labels_not_field_names(plan, initiative, staff_user, client_for):
    initiative.start_year, initiative.end_year = 2021, 2022
    services.initiative_save(
        initiative=initiative, version=initiative.version, by=staff_user, goals=[], related=[]
    )
    response = client_for(staff_user).get(plan_history_url(plan))
    lines = change_lines(response)
    assert "Start year: 2020 → 2021" in lines
    assert "End year: 2021 → 2022" in lines
    for name in ("start_year", "end_year", "status_changed_at", "plan_id", "initiative_id"):
        assert name not in table_body(response)


def test_history_dates_are_in_the_readers_language(plan, initiative, staff_user, client_for):
    moment = datetime.datetime(2021, 3, 2, 9, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        services.progress_note_add(
            initiative=initiative,
            text="Godt i gang.",
            date=datetime.date(2021, 5, 1),
            by=staff_user,
        )
    client = client_for(staff_user)
    danish_page = table_body(client.get(plan_history_url(plan).removeprefix("/en")))
    assert "Dato: 1. maj 2021" in danish_page
    assert "2. marts 2021 10:30" in danish_page  # Copenhagen time
    english_page = table_body(client.get(plan_history_url(plan)))
    assert "Date: May 1, 2021" in english_page
    assert "March 2, 2021, 10:30 a.m." in english_page


def add_initiatives_with_history(plan, count, by):
    """``count`` initiatives, each renamed, moved on in status with a comment, with a
    progress note and an actor: five entries each."""
    centre = OrganisationFactory(name="Rødovre Frivilligcenter")
    for n in range(count):
        each = InitiativeFactory(plan=plan, number=n + 10)
        rename(each, f"Indsats {n} (ny)", by)
        services.initiative_set_status(
            initiative=each, status="in_progress", by=by, comment=f"Kommentar {n}"
        )
        services.progress_note_add(initiative=each, text=f"Note {n}", by=by)
        with set_actor(by):
            InitiativeActor.objects.create(initiative=each, organisation=centre)


@pytest.mark.parametrize("count", [1, 8])
@pytest.mark.parametrize("query", [{}, {"kind": "status"}, {"kind": "notes"}])
def test_plan_history_query_count_does_not_grow_with_initiatives_and_entries(
    count, query, plan, staff_user, client_for, django_assert_num_queries
):
    add_initiatives_with_history(plan, count, staff_user)
    client = client_for(staff_user)
    url = plan_history_url(plan)
    client.get(url, query)
    # session, user, plan, the plan's initiatives, page count, page of entries, the user's
    # memberships (the menu); then the status comments (StatusChange) if the page has status
    # changes, and one query per kind of object named (organisation)
    expected = {"": 9, "status": 8, "notes": 7}[query.get("kind", "")]
    with django_assert_num_queries(expected):
        response = client.get(url, query)
    # five entries of each initiative and the plan's own creation; one of each filtered
    plan_rows, per_initiative = {"": (1, 5), "status": (0, 1), "notes": (0, 1)}[
        query.get("kind", "")
    ]
    assert len(response.context["rows"]) == plan_rows + per_initiative * count
