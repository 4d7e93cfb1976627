"""Staff editing: who may edit (redirect, 404, 403, 200), and what each form says about bad
input. Requests without the /en/ prefix are served in Danish."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives import services
from initiatives.forms import InitiativeForm, StartFromForm
from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    ProgressNote,
    StatusChange,
)
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db

EDITORS = {"staff", "admin"}


def danish(message, **params):
    with translation.override("da"):
        text = gettext(message)
    return text % params if params else text


@pytest.fixture
def plan():
    plan = ActionPlanFactory(slug="plan", start_year=2020, end_year=2022)
    StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    StrategicGoalFactory(plan=plan, number=2, title="Synlighed og netværk")
    return plan


@pytest.fixture
def initiative(plan):
    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    initiative.goals.set([plan.goals.get(number=2)])
    return initiative


def edit_urls(plan, initiative):
    plan_kwargs = {"slug": plan.slug}
    kwargs = {"slug": plan.slug, "number": initiative.number}
    return [
        reverse("initiatives:plan-update", kwargs=plan_kwargs),
        reverse("initiatives:plan-publish", kwargs=plan_kwargs),
        reverse("initiatives:plan-renumber", kwargs=plan_kwargs),
        reverse("initiatives:plan-start-from", kwargs=plan_kwargs),
        reverse("initiatives:plan-history", kwargs=plan_kwargs),
        reverse("initiatives:initiative-create", kwargs=plan_kwargs),
        reverse("initiatives:initiative-update", kwargs=kwargs),
        reverse("initiatives:progress-note-create", kwargs=kwargs),
        reverse("initiatives:initiative-history", kwargs=kwargs),
    ]


def expected_status(role, *, is_draft, url):
    if role is None:
        return 302
    if role == "volunteer":
        return 404 if is_draft else 403
    if role == "coordinator":
        return 200 if "/history/" in url else 403
    return 200


@pytest.mark.parametrize("is_draft", [False, True], ids=["published", "draft"])
@pytest.mark.parametrize("role", [None, "volunteer", "staff", "coordinator", "admin"])
def test_edit_pages_answer_each_role(role, is_draft, plan, initiative, users_by_role, client_for):
    if is_draft:
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
    client = client_for(users_by_role[role] if role else None)
    for url in edit_urls(plan, initiative):
        response = client.get(url)
        assert response.status_code == expected_status(role, is_draft=is_draft, url=url), url
        if role is None:
            assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", [None, "volunteer", "staff", "coordinator", "admin"])
def test_new_plan_page_is_for_editors_only(role, users_by_role, client_for):
    response = client_for(users_by_role[role] if role else None).get(
        reverse("initiatives:plan-create")
    )
    expected = {None: 302, "volunteer": 403, "coordinator": 403}.get(role, 200)
    assert response.status_code == expected


@pytest.mark.parametrize("role", [None, "volunteer", "coordinator"])
def test_status_change_is_refused_to_non_editors(role, initiative, users_by_role, client_for):
    url = reverse("initiatives:initiative-status", kwargs={"slug": "plan", "number": 1})
    response = client_for(users_by_role[role] if role else None).post(
        url, {"status": "in_progress"}
    )
    assert response.status_code == {None: 302, "volunteer": 403, "coordinator": 403}[role]
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PLANNED


def test_status_change_goes_through_the_service(initiative, staff_user, client_for):
    client = client_for(staff_user)
    url = reverse("initiatives:initiative-status", kwargs={"slug": "plan", "number": 1})
    response = client.get(url)  # a reload after a refused change: back to the initiative
    assert response["Location"] == initiative.get_absolute_url()
    assert not StatusChange.objects.exists()
    response = client.post(url, {"status": "in_progress", "comment": "I gang"}, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.IN_PROGRESS
    change = StatusChange.objects.get()
    assert (change.changed_by, change.comment) == (staff_user, "I gang")
    assert "I gang" in response.text


def test_status_change_not_in_the_table_is_an_error_message(initiative, staff_user, client_for):
    url = reverse("initiatives:initiative-status", kwargs={"slug": "plan", "number": 1})
    response = client_for(staff_user).post(url, {"status": "completed"}, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PLANNED
    old, new = Initiative.Status.PLANNED, Initiative.Status.COMPLETED
    with translation.override("da"):
        expected = gettext("An initiative cannot go from “%(old)s” to “%(new)s”.") % {
            "old": old.label,
            "new": new.label,
        }
    assert expected in response.text
    assert "data-error-summary" in response.text


@pytest.mark.parametrize("status", ["completed", "no-such-status"])
def test_refused_status_change_shows_the_page_again_with_the_comment_kept(
    status, initiative, staff_user, client_for
):
    url = reverse("initiatives:initiative-status", kwargs={"slug": "plan", "number": 1})
    comment = "En lang begrundelse, som ikke må gå tabt"
    response = client_for(staff_user).post(url, {"status": status, "comment": comment})
    assert response.status_code == 200
    assert comment in response.text
    assert response.context["status_form"].errors["status"]
    assert 'href="#id_status"' in response.text  # the error summary leads to the field
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PLANNED
    assert not StatusChange.objects.exists()


def initiative_data(initiative, **overrides):
    data = {
        "number": initiative.number,
        "title": initiative.title,
        "description": initiative.description,
        "purpose": initiative.purpose,
        "goals": [g.pk for g in initiative.goals.all()],
        "start_year": initiative.start_year,
        "end_year": initiative.end_year,
        "start_date": "",
        "end_date": "",
        "version": initiative.version,
        "actors-TOTAL_FORMS": 0,
        "actors-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def update_url(initiative):
    return reverse(
        "initiatives:initiative-update",
        kwargs={"slug": initiative.plan.slug, "number": initiative.number},
    )


def test_staff_edit_an_initiative_with_actors_and_milestones(initiative, staff_user, client_for):
    data = initiative_data(
        initiative,
        title="Flere med i foreningslivet",
        **{
            "actors-TOTAL_FORMS": 1,
            "actors-0-name": "Lokale foreninger",
            "actors-0-role": "participant",
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-date": "2020-05-01",
            "milestones-0-title": "Temamøde",
        },
    )
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Flere med i foreningslivet"
    assert initiative.version == 2
    assert [a.name for a in initiative.actors.all()] == ["Lokale foreninger"]
    assert [m.title for m in initiative.milestones.all()] == ["Temamøde"]


def test_end_before_start_is_refused_and_input_kept(initiative, staff_user, client_for):
    data = initiative_data(initiative, title="Mit nye navn", start_year=2022, end_year=2021)
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 200
    assert danish("The end cannot be before the start.") in response.text
    assert 'value="Mit nye navn"' in response.text
    initiative.refresh_from_db()
    assert initiative.title == "Flere med i foreningerne"


def test_duplicate_number_is_a_form_error_not_a_crash(plan, initiative, staff_user, client_for):
    other = InitiativeFactory(plan=plan, number=2)
    response = client_for(staff_user).post(update_url(other), initiative_data(other, number=1))
    assert response.status_code == 200
    assert danish("Another initiative of this plan already has number %(number)s.", number=1) in (
        response.text
    )


def test_goal_of_another_plan_is_refused(initiative, staff_user, client_for):
    foreign_goal = StrategicGoalFactory(number=9)
    data = initiative_data(initiative, goals=[foreign_goal.pk])
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 200
    expected = danish(
        "Choose only strategic goals of this action plan: %(value)s is not one of them.",
        value=foreign_goal.pk,
    )
    assert expected in response.text
    assert list(initiative.goals.all()) == [initiative.plan.goals.get(number=2)]


def test_timeline_outside_the_plan_is_saved_with_a_warning(initiative, staff_user, client_for):
    data = initiative_data(initiative, end_year=2024)
    response = client_for(staff_user).post(update_url(initiative), data, follow=True)
    initiative.refresh_from_db()
    assert initiative.end_year == 2024
    assert 'alert-warning" role="status"' in response.text
    assert "2020-2022" in response.text


def test_actor_needs_an_organisation_or_a_name(initiative, staff_user, client_for):
    data = initiative_data(
        initiative, **{"actors-TOTAL_FORMS": 1, "actors-0-role": "owner", "actors-0-name": ""}
    )
    response = client_for(staff_user).post(update_url(initiative), data)
    # An untouched extra form is skipped; a changed role without an actor is an error.
    assert response.status_code == 200
    assert danish("Choose an organisation or write the name of another actor.") in response.text


def test_second_editor_gets_a_conflict_and_keeps_their_input(
    initiative, staff_user, portal_admin, client_for
):
    loaded = initiative_data(initiative)
    first = client_for(staff_user).post(update_url(initiative), {**loaded, "title": "Første"})
    assert first.status_code == 302
    response = client_for(portal_admin).post(
        update_url(initiative), {**loaded, "title": "Anden", "purpose": "Mit lange formål"}
    )
    assert response.status_code == 200
    assert danish("Someone else saved this initiative while you were editing it.") in response.text
    assert 'value="Anden"' in response.text  # what they typed
    assert "Mit lange formål" in response.text
    assert '<dd class="col-sm-9">Første</dd>' in response.text  # what is stored now
    assert 'name="version" value="2"' in response.text
    initiative.refresh_from_db()
    assert initiative.title == "Første"
    # Saving again, knowingly, now goes through.
    again = client_for(portal_admin).post(
        update_url(initiative), {**loaded, "title": "Anden", "version": 2}
    )
    assert again.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Anden", 3)


def test_new_initiative_gets_the_next_number(plan, initiative, staff_user, client_for):
    url = reverse("initiatives:initiative-create", kwargs={"slug": plan.slug})
    client = client_for(staff_user)
    assert 'name="number" value="2"' in client.get(url).text
    data = initiative_data(initiative, number=2, title="Ny indsats", version="")
    response = client.post(url, data)
    created = plan.initiatives.get(number=2)
    assert response["Location"] == created.get_absolute_url()
    assert created.title == "Ny indsats"


def test_plan_create_with_goals_and_error_for_end_before_start(staff_user, client_for):
    url = reverse("initiatives:plan-create")
    data = {
        "title": "Handleplan",
        "slug": "handleplan-2023",
        "start_year": 2023,
        "end_year": 2022,
        "legal_basis": "Serviceloven § 18",
        "goals-TOTAL_FORMS": 1,
        "goals-INITIAL_FORMS": 0,
        "goals-0-number": 1,
        "goals-0-title": "Gode rammer",
    }
    client = client_for(staff_user)
    response = client.post(url, data)
    assert response.status_code == 200
    assert danish("The end cannot be before the start.") in response.text
    assert 'value="Gode rammer"' in response.text
    response = client.post(url, {**data, "end_year": 2025})
    plan = ActionPlan.objects.get(slug="handleplan-2023")
    assert response["Location"] == plan.get_absolute_url()
    assert plan.status == ActionPlan.Status.DRAFT
    assert list(plan.goals.values_list("title", flat=True)) == ["Gode rammer"]


@pytest.mark.parametrize("slug", ["new", "overview"])
def test_plan_address_cannot_take_a_fixed_address_of_the_portal(slug, staff_user, client_for):
    data = {"title": "Handleplan", "slug": slug, "start_year": 2023, "end_year": 2025}
    data |= {"legal_basis": "Serviceloven § 18", "goals-TOTAL_FORMS": 0, "goals-INITIAL_FORMS": 0}
    response = client_for(staff_user).post(reverse("initiatives:plan-create"), data)
    assert response.status_code == 200
    assert "bruges allerede af portalen" in response.text
    assert not ActionPlan.objects.filter(slug=slug).exists()


def test_publish_confirms_on_get_and_publishes_on_post(staff_user, client_for):
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    url = reverse("initiatives:plan-publish", kwargs={"slug": plan.slug})
    client = client_for(staff_user)
    assert client.get(url).status_code == 200
    plan.refresh_from_db()
    assert not plan.is_published
    client.post(url)
    plan.refresh_from_db()
    assert plan.is_published and plan.published_by == staff_user


def test_renumber_swaps_and_refuses_duplicates(plan, initiative, staff_user, client_for):
    other = InitiativeFactory(plan=plan, number=2)
    url = reverse("initiatives:plan-renumber", kwargs={"slug": plan.slug})
    client = client_for(staff_user)
    response = client.post(url, {f"number_{initiative.pk}": 2, f"number_{other.pk}": 2})
    assert response.status_code == 200
    assert danish("Two initiatives cannot have the same number.") in response.text
    response = client.post(url, {f"number_{initiative.pk}": 2, f"number_{other.pk}": 1})
    assert response.status_code == 302
    initiative.refresh_from_db()
    other.refresh_from_db()
    assert (initiative.number, other.number) == (2, 1)


def test_start_from_creates_a_draft_with_carried_over_initiatives(
    plan, initiative, staff_user, client_for
):
    url = reverse("initiatives:plan-start-from", kwargs={"slug": plan.slug})
    client = client_for(staff_user)
    assert 'name="start_year" value="2023"' in client.get(url).text
    data = {"title": "Ny plan", "slug": "ny-plan", "start_year": 2023, "end_year": 2025}
    response = client.post(url, data)
    new = ActionPlan.objects.get(slug="ny-plan")
    assert response["Location"] == new.get_absolute_url()
    carried = new.initiatives.get()
    assert carried.carried_over_from == initiative
    page = client.get(carried.get_absolute_url())
    assert initiative.get_absolute_url() in page.text


def test_progress_note_add(initiative, staff_user, client_for):
    url = reverse("initiatives:progress-note-create", kwargs={"slug": "plan", "number": 1})
    client = client_for(staff_user)
    response = client.post(url, {"date": "2020-06-01", "text": "Temamødet er holdt."})
    assert response["Location"] == initiative.get_absolute_url()
    note = initiative.progress_notes.get()
    assert note.author == staff_user
    response = client.post(url, {"date": "", "text": ""})
    assert response.status_code == 200
    assert initiative.progress_notes.count() == 1


def test_history_shows_who_changed_what(initiative, staff_user, client_for):
    client = client_for(staff_user)
    client.post(update_url(initiative), initiative_data(initiative, title="Nyt navn"))
    url = reverse("initiatives:initiative-history", kwargs={"slug": "plan", "number": 1})
    response = client.get(url)
    assert response.status_code == 200
    assert str(staff_user) in response.text
    assert "Nyt navn" in response.text


def test_staff_status_form_offers_only_allowed_statuses(initiative, staff_user, client_for):
    services.initiative_set_status(initiative=initiative, status="cancelled", by=staff_user)
    response = client_for(staff_user).get(initiative.get_absolute_url())
    with translation.override("da"):
        current = gettext("%(status)s (current)") % {"status": Initiative.Status.CANCELLED.label}
    assert response.context["status_form"].fields["status"].widget.choices == [
        ("cancelled", current),
        ("planned", Initiative.Status.PLANNED.label),
    ]


def test_plan_history_lists_goal_and_plan_changes(plan, staff_user, client_for):
    client = client_for(staff_user)
    goal = plan.goals.get(number=1)
    data = {
        "title": "Omdøbt plan",
        "slug": plan.slug,
        "version": plan.version,
        "start_year": 2020,
        "end_year": 2022,
        "legal_basis": plan.legal_basis,
        "goals-TOTAL_FORMS": 2,
        "goals-INITIAL_FORMS": 2,
        "goals-0-id": goal.pk,
        "goals-0-number": 1,
        "goals-0-title": "Bedre rammer",
        "goals-1-id": plan.goals.get(number=2).pk,
        "goals-1-number": 2,
        "goals-1-title": "Synlighed og netværk",
    }
    assert (
        client.post(reverse("initiatives:plan-update", kwargs={"slug": plan.slug}), data)[
            "Location"
        ]
        == plan.get_absolute_url()
    )
    response = client.get(reverse("initiatives:plan-history", kwargs={"slug": plan.slug}))
    assert "Omdøbt plan" in response.text
    assert "Bedre rammer" in response.text
    assert str(staff_user) in response.text


def test_initiative_with_a_deactivated_organisation_can_still_be_saved(
    initiative, staff_user, client_for
):
    closed = OrganisationFactory(name="Lukket forening", is_active=False)
    actor = InitiativeActor.objects.create(initiative=initiative, organisation=closed)
    client = client_for(staff_user)
    assert "Lukket forening" in client.get(update_url(initiative)).text
    data = initiative_data(
        initiative,
        title="Stadig redigerbar",
        **{
            "actors-TOTAL_FORMS": 1,
            "actors-INITIAL_FORMS": 1,
            "actors-0-id": actor.pk,
            "actors-0-initiative": initiative.pk,
            "actors-0-organisation": closed.pk,
            "actors-0-role": "owner",
        },
    )
    assert client.post(update_url(initiative), data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Stadig redigerbar"
    assert [(a.organisation, a.role) for a in initiative.actors.all()] == [(closed, "owner")]


def test_a_deactivated_organisation_cannot_be_chosen_for_a_new_actor(
    initiative, staff_user, client_for
):
    closed = OrganisationFactory(name="Lukket forening", is_active=False)
    data = initiative_data(
        initiative,
        **{"actors-TOTAL_FORMS": 1, "actors-0-organisation": closed.pk, "actors-0-role": "owner"},
    )
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 200
    assert not initiative.actors.exists()


# The edit page's queries: session, user, initiative, goals and related initiatives (those
# offered and those chosen), actors, milestones and the organisations offered, once for all
# actor rows.
@pytest.mark.parametrize("n", [1, 10])
def test_edit_page_queries_do_not_grow_with_actor_rows(
    n, initiative, staff_user, client_for, django_assert_num_queries
):
    for _ in range(n):
        InitiativeActor.objects.create(initiative=initiative, organisation=OrganisationFactory())
    client = client_for(staff_user)
    with django_assert_num_queries(11):
        response = client.get(update_url(initiative))
    assert response.status_code == 200
    assert len(response.context["formsets"][0].forms) == n + 2


def _with_rows(initiative, **overrides):
    """The edit form as loaded now: the initiative with its actor and milestone rows."""
    data = initiative_data(initiative)
    for prefix, rows in (
        ("actors", initiative.actors.all()),
        ("milestones", initiative.milestones.all()),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-initiative"] = initiative.pk
            if prefix == "actors":
                data[f"{prefix}-{index}-name"] = row.name
                data[f"{prefix}-{index}-role"] = row.role
            else:
                data[f"{prefix}-{index}-date"] = row.date.isoformat()
                data[f"{prefix}-{index}-title"] = row.title
    return {**data, **overrides}


def test_second_editor_gets_the_conflict_page_when_the_first_deleted_a_row(
    initiative, staff_user, portal_admin, client_for
):
    InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
    initiative.milestones.create(date=datetime.date(2020, 5, 1), title="Temamøde")
    loaded = _with_rows(initiative)
    deleting = {**loaded, "actors-0-DELETE": "on", "milestones-0-DELETE": "on"}
    assert client_for(staff_user).post(update_url(initiative), deleting).status_code == 302
    assert not initiative.actors.exists() and not initiative.milestones.exists()

    second = client_for(portal_admin)
    typed = {**loaded, "title": "Anden", "milestones-0-title": "Temamøde flyttet"}
    response = second.post(update_url(initiative), typed)
    assert response.status_code == 200
    assert danish("Someone else saved this initiative while you were editing it.") in response.text
    assert 'value="Temamøde flyttet"' in response.text
    assert 'value="Lokale foreninger"' in response.text
    # What is stored now says the rows are gone, so saving again is a knowing choice.
    stored = response.text.split('id="stored-heading"')[1].split("</section>")[0]
    assert "Temamøde" not in stored and "Lokale foreninger" not in stored
    assert stored.count('<dd class="col-sm-9">–</dd>') >= 2
    # The rows the first editor deleted are shown ticked for deletion: unticked, a row is
    # saved again as a new one (tests/initiatives/test_edit_conflicts.py has the merge).
    data = response.context["form"].data.copy()
    assert data.pop("actors-0-DELETE") == data.pop("milestones-0-DELETE") == ["on"]
    data["actors-0-DELETE"] = "on"
    again = second.post(update_url(initiative), data)
    assert again.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Anden", 3)
    assert not initiative.actors.exists()
    assert [m.title for m in initiative.milestones.all()] == ["Temamøde flyttet"]


def test_an_error_on_a_rows_hidden_id_is_shown(initiative, staff_user, client_for):
    actor = InitiativeActor.objects.create(initiative=initiative, name="Lokale foreninger")
    data = _with_rows(initiative)
    actor.delete()  # gone without a new version, as by a direct change in the database
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 200
    assert danish("Select a valid choice. That choice is not one of the available choices.") in (
        response.text
    )


def test_a_number_taken_at_the_same_moment_is_a_form_error(
    plan, initiative, staff_user, client_for, monkeypatch
):
    # The form's own check passed; someone took the number before the save.
    monkeypatch.setattr(InitiativeForm, "clean_number", lambda form: form.cleaned_data["number"])
    url = reverse("initiatives:initiative-create", kwargs={"slug": plan.slug})
    data = initiative_data(initiative, number=1, title="Ny indsats", version="")
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 200
    expected = danish("Another initiative of this plan already has number %(number)s.", number=1)
    assert expected in response.text
    assert 'value="Ny indsats"' in response.text
    assert list(plan.initiatives.values_list("title", flat=True)) == [initiative.title]


def test_a_short_name_taken_at_the_same_moment_is_a_form_error(
    plan, staff_user, client_for, monkeypatch
):
    ActionPlanFactory(slug="ny-plan")
    monkeypatch.setattr(StartFromForm, "validate_unique", lambda form: None)
    url = reverse("initiatives:plan-start-from", kwargs={"slug": plan.slug})
    data = {"title": "Ny plan", "slug": "ny-plan", "start_year": 2023, "end_year": 2025}
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 200
    expected = danish("Another action plan already has the short name “%(slug)s”.", slug="ny-plan")
    assert expected in response.text
    assert not ActionPlan.objects.filter(title="Ny plan").exists()


def plan_data(plan, **overrides):
    goals = list(plan.goals.all())
    data = {
        "title": plan.title,
        "slug": plan.slug,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "legal_basis": plan.legal_basis,
        "vision": plan.vision,
        "introduction": plan.introduction,
        "version": plan.version,
        "goals-TOTAL_FORMS": len(goals),
        "goals-INITIAL_FORMS": len(goals),
    }
    for index, goal in enumerate(goals):
        data |= {
            f"goals-{index}-id": goal.pk,
            f"goals-{index}-plan": plan.pk,
            f"goals-{index}-number": goal.number,
            f"goals-{index}-title": goal.title,
        }
    return {**data, **overrides}


def test_second_plan_editor_gets_a_conflict_and_keeps_their_input(
    plan, staff_user, portal_admin, client_for
):
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    loaded = plan_data(plan)
    deleting = {**loaded, "title": "Første", "goals-1-DELETE": "on"}
    assert client_for(staff_user).post(url, deleting).status_code == 302
    second = client_for(portal_admin)
    typed = {**loaded, "vision": "Min nye vision", "goals-1-title": "Synlighed for alle"}
    response = second.post(url, typed)
    assert response.status_code == 200
    assert danish("Someone else saved this action plan while you were editing it.") in (
        response.text
    )
    assert "Min nye vision" in response.text
    assert 'value="Synlighed for alle"' in response.text
    assert '<dd class="col-sm-9">Første</dd>' in response.text  # what is stored now
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Første", 2)
    data = response.context["form"].data.copy()
    assert data.pop("goals-1-DELETE") == ["on"]  # deleted by the first: untick to add it again
    assert second.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.vision, plan.version) == ("Min nye vision", 3)
    assert list(plan.goals.values_list("title", flat=True)) == ["Gode rammer", "Synlighed for alle"]


def test_saving_a_plan_form_loaded_before_publishing_keeps_it_published(staff_user, client_for):
    plan = ActionPlanFactory(status=ActionPlan.Status.DRAFT, slug="kladde")
    loaded = plan_data(plan, title="Rettet titel")
    services.plan_publish(plan=plan, by=staff_user)
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    assert client_for(staff_user).post(url, loaded).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Rettet titel"
    assert plan.is_published and plan.published_by == staff_user


POST_ACTIONS = [
    "plan-update",
    "plan-publish",
    "plan-renumber",
    "plan-start-from",
    "initiative-create",
    "initiative-update",
    "progress-note-create",
]


def post_request(action, plan, initiative):
    """URL and valid form data for each editing action."""
    on_plan = {"slug": plan.slug}
    on_initiative = {"slug": plan.slug, "number": initiative.number}
    data = {
        "plan-update": plan_data(plan, title="Ændret plan"),
        "plan-publish": {},
        "plan-renumber": {f"number_{initiative.pk}": 5},
        "plan-start-from": {"title": "Ny", "slug": "ny-plan", "start_year": 2023, "end_year": 2025},
        "initiative-create": initiative_data(initiative, number=2, title="Ny", version=""),
        "initiative-update": initiative_data(initiative, title="Ændret indsats"),
        "progress-note-create": {"date": "2020-06-01", "text": "Ny note"},
    }[action]
    kwargs = on_initiative if action in ("initiative-update", "progress-note-create") else on_plan
    return reverse(f"initiatives:{action}", kwargs=kwargs), data


def stored_state():
    return (
        list(ActionPlan.objects.order_by("pk").values_list("title", "status", "version")),
        list(Initiative.objects.order_by("pk").values_list("number", "title", "version")),
        ProgressNote.objects.count(),
    )


@pytest.mark.parametrize("action", POST_ACTIONS)
@pytest.mark.parametrize("is_draft", [False, True], ids=["published", "draft"])
@pytest.mark.parametrize("role", [None, "volunteer", "staff", "coordinator", "admin"])
def test_edit_actions_by_post_answer_each_role(
    role, is_draft, action, plan, initiative, users_by_role, client_for
):
    if is_draft:
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.DRAFT)
        plan.refresh_from_db()
    url, data = post_request(action, plan, initiative)
    before = stored_state()
    response = client_for(users_by_role[role] if role else None).post(url, data)
    if role in EDITORS:
        assert response.status_code == 302, response.context and response.context.get("form")
        assert not response["Location"].startswith(reverse("account_login"))
        if action != "plan-publish" or is_draft:
            assert stored_state() != before
        return
    expected = {None: 302, "volunteer": 404 if is_draft else 403, "coordinator": 403}[role]
    assert response.status_code == expected
    if role is None:
        assert response["Location"].startswith(reverse("account_login"))
    assert stored_state() == before


def test_a_goal_served_by_initiatives_is_not_deleted_silently(
    plan, initiative, staff_user, client_for
):
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    # Goal 2 is served by the initiative; goal 1 is not.
    response = client_for(staff_user).post(url, plan_data(plan, **{"goals-1-DELETE": "on"}))
    assert response.status_code == 200
    assert "Strategimål 2 understøttes af indsatser" in response.text
    assert plan.goals.filter(number=2).exists()
    response = client_for(staff_user).post(url, plan_data(plan, **{"goals-0-DELETE": "on"}))
    assert response.status_code == 302
    assert not plan.goals.filter(number=1).exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [("Rødovre 2023", "roedovre-2023"), ("ny-plan", "ny-plan")]
)
def test_plan_short_name_is_made_into_an_address(typed, stored, plan, staff_user, client_for):
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    response = client_for(staff_user).post(url, plan_data(plan, slug=typed))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.slug == stored


def test_plan_short_name_needs_a_letter_or_digit(plan, staff_user, client_for):
    url = reverse("initiatives:plan-update", kwargs={"slug": plan.slug})
    response = client_for(staff_user).post(url, plan_data(plan, slug="!!!"))
    assert response.status_code == 200
    assert "Brug mindst ét bogstav eller ét tal." in response.text


def test_failed_save_keeps_the_stored_title_in_the_heading(
    plan, initiative, staff_user, client_for
):
    url = reverse("initiatives:initiative-update", kwargs={"slug": plan.slug, "number": 1})
    data = {"number": 1, "title": "Utrykt titel", "start_year": 2021, "end_year": 2020}
    data |= {
        f"{p}-{k}": 0 for p in ("actors", "milestones") for k in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data["version"] = initiative.version
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 200
    heading = response.text.split("<h1>")[1].split("</h1>")[0]
    assert "Flere med i foreningerne" in heading
    assert 'value="Utrykt titel"' in response.text


def test_milestone_outside_the_initiative_is_saved_with_a_warning(
    initiative, staff_user, client_for
):
    data = initiative_data(
        initiative,
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-0-date": "2030-01-01",
            "milestones-0-title": "Sent",
        },
    )
    response = client_for(staff_user).post(update_url(initiative), data, follow=True)
    assert initiative.milestones.get().title == "Sent"
    assert "En milepæl ligger uden for indsatsens år 2020-2021" in response.text


def test_start_date_must_fall_in_the_start_year(initiative, staff_user, client_for):
    data = initiative_data(initiative, start_date="2019-06-01")
    response = client_for(staff_user).post(update_url(initiative), data)
    assert response.status_code == 200
    assert "Datoen skal ligge i året ovenfor (2020)." in response.text
    assert 'value="2019-06-01"' in response.text
