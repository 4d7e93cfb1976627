"""Two editors on one plan or initiative: the second one's form comes back merged with what
the first saved (initiatives.conflicts), and saving it again loses no one's edit. Tampered form
data answers with a form error, never a 500, and costs no more than an honest conflict."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives.models import InitiativeActor, Milestone
from tests.factories import (
    InitiativeFactory,
    make_initiative_with_rows,
    make_plan_with_goals,
)
from tests.formdata import form_data, formset_data

pytestmark = pytest.mark.django_db


def danish(message):
    with translation.override("da"):
        return gettext(message)


@pytest.fixture
def plan():
    return make_plan_with_goals("plan")


@pytest.fixture
def initiative(plan):
    return make_initiative_with_rows(plan)


@pytest.fixture
def first(staff_user, client_for):
    return client_for(staff_user)


@pytest.fixture
def second(portal_admin, client_for):
    return client_for(portal_admin)


def plan_url(plan):
    return reverse("initiatives:plan-update", kwargs={"slug": plan.slug})


def initiative_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return reverse("initiatives:initiative-update", kwargs=kwargs)


def page_data(context):
    """What the page's form posts as shown: loaded (GET) or the conflict page."""
    data = form_data(context["form"])
    for formset in context.get("formsets") or [context["goal_formset"]]:
        data.update(formset_data(formset))
    return data


def load(client, url):
    return page_data(client.get(url).context)


def save(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


def conflict(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["stored"] is not None
    return response


def rendered(response, name):
    return response.context["form"][name].value()


def test_a_second_save_keeps_the_first_editors_title(initiative, first, second):
    url = initiative_url(initiative)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    save(first, url, {**loaded_by_first, "title": "Førstes titel"})

    typed = {**loaded_by_second, "description": "Andens beskrivelse"}
    typed["milestones-1-title"] = "Andens evaluering"
    response = conflict(second, url, typed)
    assert rendered(response, "title") == "Førstes titel"  # not the stale one
    assert rendered(response, "description") == "Andens beskrivelse"
    milestones = response.context["formsets"][1]
    assert milestones.forms[1]["title"].value() == "Andens evaluering"
    assert "has-conflict" not in response.text  # nothing to choose
    assert response.context["conflict_links"] == []

    save(second, url, page_data(response.context))
    initiative.refresh_from_db()
    assert (initiative.title, initiative.description) == ("Førstes titel", "Andens beskrivelse")
    assert list(initiative.milestones.values_list("title", flat=True)) == [
        "Temamøde",
        "Andens evaluering",
    ]
    assert initiative.version == 3


def test_a_field_both_changed_shows_both_values_and_keeps_the_second_editors(
    initiative, first, second
):
    url = initiative_url(initiative)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    changed = {"title": "Førstes titel", "milestones-0-title": "Førstes temamøde"}
    save(first, url, {**loaded_by_first, **changed})

    typed = {"title": "Andens titel", "milestones-0-title": "Andens temamøde"}
    response = conflict(second, url, {**loaded_by_second, **typed})
    assert rendered(response, "title") == "Andens titel"
    title = response.text.split('id="div_id_title"')[1].split("</div> </div>")[0]
    assert "has-conflict" in response.text
    assert f"<strong>{danish('Saved by someone else:')}</strong> Førstes titel" in title
    assert 'aria-describedby="id_title_helptext"' in title
    assert [link["target"] for link in response.context["conflict_links"]] == [
        "id_title",
        "id_milestones-0-title",
    ]
    assert "Førstes temamøde" in response.text and 'value="Andens temamøde"' in response.text

    save(second, url, page_data(response.context))
    initiative.refresh_from_db()
    assert initiative.title == "Andens titel"
    assert initiative.milestones.filter(title="Andens temamøde").exists()


def test_goals_merge_as_a_set(initiative, first, second):
    url = initiative_url(initiative)
    goal_1, goal_2 = initiative.plan.goals.order_by("number")
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    save(first, url, {**loaded_by_first, "goals": [goal_1.pk, goal_2.pk]})  # adds goal 1
    response = conflict(second, url, {**loaded_by_second, "goals": [], "title": "Ny"})
    save(second, url, page_data(response.context))  # removed goal 2
    assert list(initiative.goals.all()) == [goal_1]


def test_a_row_the_other_deleted_is_shown_deleted_with_what_was_typed(initiative, first, second):
    url = initiative_url(initiative)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    deleting = {"milestones-0-DELETE": "on", "milestones-1-DELETE": "on", "actors-0-DELETE": "on"}
    save(first, url, {**loaded_by_first, **deleting})

    response = conflict(second, url, {**loaded_by_second, "milestones-0-title": "Flyttet"})
    rows = response.context["formsets"][1].forms
    moved = [row for row in rows if row["title"].value() == "Flyttet"]
    assert len(moved) == 1 and moved[0]["DELETE"].value() and moved[0].conflict_note
    assert "Evaluering" not in [row["title"].value() for row in rows]  # untouched: gone
    assert not any(row["name"].value() for row in response.context["formsets"][0].forms)
    assert [link["target"] for link in response.context["conflict_links"]] == [moved[0].prefix]

    data = page_data(response.context)
    save(second, url, data)  # as shown: the deletions stand
    assert not initiative.milestones.exists() and not initiative.actors.exists()

    # Unticked, the row is added again as a new one.
    response = conflict(second, url, {**loaded_by_second, "milestones-0-title": "Flyttet"})
    data = page_data(response.context)
    del data[f"{moved[0].prefix}-DELETE"]
    save(second, url, data)
    assert list(initiative.milestones.values_list("title", flat=True)) == ["Flyttet"]


def test_a_row_the_other_added_appears(initiative, first, second):
    url = initiative_url(initiative)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    added = {"milestones-2-date": "2021-01-10", "milestones-2-title": "Ny milepæl"}
    save(first, url, {**loaded_by_first, **added})
    response = conflict(second, url, {**loaded_by_second, "purpose": "Andens formål"})
    rows = response.context["formsets"][1].forms
    assert [row["title"].value() for row in rows[:3]] == ["Temamøde", "Evaluering", "Ny milepæl"]
    assert rows[2].conflict_note
    save(second, url, page_data(response.context))
    assert initiative.milestones.count() == 3


def test_a_row_deleted_here_and_changed_there_stays_deleted_with_a_note(initiative, first, second):
    url = initiative_url(initiative)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    save(first, url, {**loaded_by_first, "milestones-0-title": "Ændret"})
    response = conflict(second, url, {**loaded_by_second, "milestones-0-DELETE": "on"})
    row = response.context["formsets"][1].forms[0]
    assert (row["title"].value(), row["DELETE"].value()) == ("Ændret", True)
    assert row.conflict_note
    save(second, url, page_data(response.context))
    assert list(initiative.milestones.values_list("title", flat=True)) == ["Evaluering"]


def test_the_plan_form_merges_fields_and_goal_rows(plan, first, second):
    url = plan_url(plan)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    save(first, url, {**loaded_by_first, "title": "Førstes plan", "goals-0-title": "Førstes mål"})
    typed = {"vision": "Andens vision", "goals-1-description": "Andens beskrivelse"}
    response = conflict(second, url, {**loaded_by_second, **typed})
    assert rendered(response, "title") == "Førstes plan"
    save(second, url, page_data(response.context))
    plan.refresh_from_db()
    assert (plan.title, plan.vision, plan.version) == ("Førstes plan", "Andens vision", 3)
    goals = list(plan.goals.order_by("number").values_list("title", "description"))
    assert goals == [("Førstes mål", ""), ("Synlighed og netværk", "Andens beskrivelse")]


def test_a_conflict_page_conflicts_again_when_someone_saves_once_more(plan, first, second):
    url = plan_url(plan)
    loaded_by_first, loaded_by_second = load(first, url), load(second, url)
    save(first, url, {**loaded_by_first, "title": "Første gang"})
    response = conflict(second, url, {**loaded_by_second, "vision": "Andens vision"})
    save(first, url, {**load(first, url), "introduction": "Anden gang"})
    response = conflict(second, url, page_data(response.context))
    save(second, url, page_data(response.context))
    plan.refresh_from_db()
    assert (plan.title, plan.vision, plan.introduction) == (
        "Første gang",
        "Andens vision",
        "Anden gang",
    )


@pytest.mark.parametrize("loaded", ["", "garbage", "tampered", "other"])
def test_without_a_genuine_snapshot_every_difference_is_a_conflict(
    loaded, plan, initiative, first, second
):
    """A snapshot that is missing, altered or another initiative's is refused: the merge then
    keeps all the editor's values and marks every field that differs from what is stored."""
    url = initiative_url(initiative)
    loaded_by_second = load(second, url)
    other = InitiativeFactory(plan=plan, number=2)
    snapshots = {
        "tampered": loaded_by_second["loaded"][:-3] + "abc",
        "other": load(second, initiative_url(other))["loaded"],
    }
    save(first, url, {**load(first, url), "title": "Førstes titel"})
    typed = {**loaded_by_second, "loaded": snapshots.get(loaded, loaded), "purpose": "Andens"}
    response = conflict(second, url, typed)
    assert rendered(response, "title") == "Flere med i foreningerne"  # theirs is shown beside
    assert {link["target"] for link in response.context["conflict_links"]} == {
        "id_title",
        "id_purpose",
    }


# Tampered form data


def plan_stale(plan, first, second, **changes):
    """The second editor's plan form after the first saved, with ``changes``."""
    url = plan_url(plan)
    loaded_by_second = load(second, url)
    save(first, url, {**load(first, url), "title": "Førstes plan"})
    return {**loaded_by_second, **changes}


def queries_of(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    return response, len(queries)


@pytest.mark.parametrize("counts", [["TOTAL_FORMS"], ["TOTAL_FORMS", "INITIAL_FORMS"]])
def test_a_huge_total_forms_with_a_stale_version_costs_no_more_than_an_honest_conflict(
    counts, plan, first, second, django_assert_max_num_queries
):
    url = plan_url(plan)
    honest = plan_stale(plan, first, second, vision="Andens vision")
    _, honest_queries = queries_of(second, url, honest)
    tampered = {**honest, **{f"goals-{count}": "9" * 20 for count in counts}}
    with django_assert_max_num_queries(25):
        response, tampered_queries = queries_of(second, url, tampered)
    assert response.status_code == 200
    assert tampered_queries <= honest_queries
    assert len(response.context["goal_formset"].forms) == 3  # the two goals and a blank row


@pytest.mark.parametrize("prefix", ["actors", "milestones"])
def test_a_huge_total_forms_on_an_initiative_is_bounded(
    prefix, initiative, first, second, django_assert_max_num_queries
):
    url = initiative_url(initiative)
    loaded_by_second = load(second, url)
    save(first, url, {**load(first, url), "title": "Første"})
    _, honest_queries = queries_of(second, url, loaded_by_second)
    tampered = {**loaded_by_second, f"{prefix}-TOTAL_FORMS": "99999999999999999999"}
    with django_assert_max_num_queries(40):
        response, tampered_queries = queries_of(second, url, tampered)
    assert response.status_code == 200
    assert tampered_queries <= honest_queries
    assert all(len(f.forms) < 5 for f in response.context["formsets"])


def test_more_rows_than_the_cap_is_a_form_error(plan, first):
    data = {**load(first, plan_url(plan)), "goals-TOTAL_FORMS": "51"}
    response = first.post(plan_url(plan), data)
    assert response.status_code == 200
    assert response.context["goal_formset"].non_form_errors()
    assert len(response.context["goal_formset"].forms) == 50


@pytest.mark.parametrize("stale", [False, True], ids=["current", "stale"])
def test_a_total_forms_that_is_no_number_is_a_form_error(stale, plan, first, second):
    url = plan_url(plan)
    changes = {"goals-TOTAL_FORMS": "abc", "vision": "Ny vision"}
    data = plan_stale(plan, first, second, **changes) if stale else {**load(first, url), **changes}
    response = (second if stale else first).post(url, data)
    assert response.status_code == 200
    if not stale:
        assert response.context["goal_formset"].non_form_errors()
    plan.refresh_from_db()
    assert plan.vision != "Ny vision"


@pytest.mark.parametrize("stale", [False, True], ids=["current", "stale"])
def test_a_goal_row_id_of_20_digits_is_a_form_error(stale, plan, first, second):
    url = plan_url(plan)
    changes = {"goals-0-id": "9" * 20, "goals-0-title": "Skjult"}
    data = plan_stale(plan, first, second, **changes) if stale else {**load(first, url), **changes}
    response = (second if stale else first).post(url, data)
    assert response.status_code == 200
    if stale:  # the row is not one of the plan's: kept as typed, as a row to add again
        assert "Skjult" in [f["title"].value() for f in response.context["goal_formset"].forms]
    else:
        assert response.context["goal_formset"].forms[0].errors["id"]
    assert not plan.goals.filter(title="Skjult").exists()


@pytest.mark.parametrize("stale", [False, True], ids=["current", "stale"])
@pytest.mark.parametrize("field", ["goals", "related"])
def test_a_chosen_goal_or_initiative_of_20_digits_is_a_form_error(
    field, stale, initiative, first, second
):
    url = initiative_url(initiative)
    loaded_by_second = load(second, url)
    if stale:
        save(first, url, {**load(first, url), "title": "Første"})
    client = second if stale else first
    response = client.post(url, {**loaded_by_second, field: ["9" * 20]})
    assert response.status_code == 200
    if not stale:
        assert response.context["form"].errors[field]


def test_an_actor_of_another_initiative_is_a_form_error(plan, initiative, first):
    other = InitiativeFactory(plan=plan, number=2)
    foreign = InitiativeActor.objects.create(initiative=other, name="Andres aktør")
    data = {**load(first, initiative_url(initiative)), "actors-0-id": foreign.pk}
    data["actors-0-name"] = "Overtaget"
    response = first.post(initiative_url(initiative), data)
    assert response.status_code == 200
    assert response.context["formsets"][0].forms[0].errors["id"]
    foreign.refresh_from_db()
    assert (foreign.name, foreign.initiative) == ("Andres aktør", other)
    assert initiative.actors.get().name == "Lokale foreninger"


def test_row_ids_cost_no_query_per_row(initiative, first):
    url = initiative_url(initiative)
    _, two_rows = queries_of(first, url, load(first, url))
    for day in range(2, 30):
        Milestone.objects.create(initiative=initiative, date=datetime.date(2020, 6, day), title="M")
    response, thirty_rows = queries_of(first, url, load(first, url))
    assert response.status_code == 302
    assert thirty_rows == two_rows
