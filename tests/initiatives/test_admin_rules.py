"""Django admin keeps the plan pages' rules: an edit there bumps the version, so that a plan
page loaded before it shows the conflict instead of overwriting it, and status stays with the
services (a posted status is ignored)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives.models import ActionPlan, Initiative, InitiativeActor, Milestone
from tests.factories import ActionPlanFactory, InitiativeFactory, StrategicGoalFactory
from tests.formdata import admin_change_data, form_data, formset_data

pytestmark = pytest.mark.django_db

PLAN_CONFLICT = "Someone else saved this action plan while you were editing it."
INITIATIVE_CONFLICT = "Someone else saved this initiative while you were editing it."


def danish(message):
    with translation.override("da"):
        return gettext(message)


@pytest.fixture
def plan():
    plan = ActionPlanFactory(slug="plan", status=ActionPlan.Status.DRAFT)
    StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    return plan


@pytest.fixture
def initiative(plan):
    initiative = InitiativeFactory(plan=plan, number=1, title="Flere med i foreningerne")
    InitiativeActor.objects.create(initiative=initiative, name="Ældresagen")
    Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 3, 1), title="Start")
    return initiative


def plan_admin_url(plan):
    return reverse("admin:initiatives_actionplan_change", args=[plan.pk])


def initiative_admin_url(initiative):
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def plan_edit_url(plan):
    return reverse("initiatives:plan-update", kwargs={"slug": plan.slug})


def initiative_edit_url(initiative):
    kwargs = {"slug": initiative.plan.slug, "number": initiative.number}
    return reverse("initiatives:initiative-update", kwargs=kwargs)


def loaded_plan_page(client, plan):
    """What the plan page's form posts back, as loaded now (GET)."""
    context = client.get(plan_edit_url(plan)).context
    return {**form_data(context["form"]), **formset_data(context["goal_formset"])}


def loaded_initiative_page(client, initiative):
    context = client.get(initiative_edit_url(initiative)).context
    data = form_data(context["form"])
    for formset in context["formsets"]:
        data.update(formset_data(formset))
    return data


def admin_post(client, url, **changes):
    """Load the admin change page, change ``changes`` and save; the admin redirects."""
    data = {**admin_change_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_an_admin_edit_of_a_plan_makes_an_older_plan_page_a_conflict(
    plan, staff_user, portal_admin, client_for
):
    portal = client_for(staff_user)
    loaded = loaded_plan_page(portal, plan)
    assert loaded["version"] == "1"
    admin_post(client_for(portal_admin), plan_admin_url(plan), title="Rettet i admin")
    plan.refresh_from_db()
    assert plan.version == 2

    response = portal.post(plan_edit_url(plan), {**loaded, "title": "Rettet i portalen"})
    assert response.status_code == 200
    assert danish(PLAN_CONFLICT) in response.text
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Rettet i admin", 2)


def test_a_goal_edited_in_the_plans_admin_page_bumps_the_plan(
    plan, staff_user, portal_admin, client_for
):
    portal = client_for(staff_user)
    loaded = loaded_plan_page(portal, plan)
    admin_post(client_for(portal_admin), plan_admin_url(plan), **{"goals-0-title": "Nye rammer"})
    plan.refresh_from_db()
    assert plan.version == 2

    response = portal.post(plan_edit_url(plan), {**loaded, "goals-0-title": "Portalens rammer"})
    assert danish(PLAN_CONFLICT) in response.text
    assert list(plan.goals.values_list("title", flat=True)) == ["Nye rammer"]


def test_an_unchanged_admin_save_keeps_the_version(plan, portal_admin, client_for):
    admin_post(client_for(portal_admin), plan_admin_url(plan))
    plan.refresh_from_db()
    assert plan.version == 1


def test_the_admin_writes_the_stored_version_not_the_one_it_loaded(plan, portal_admin, client_for):
    """A portal save between loading and saving the admin page is not undone by the admin's
    copy of the version: the plan page that saved would otherwise overwrite the admin next."""
    client = client_for(portal_admin)
    data = {**admin_change_data(client.get(plan_admin_url(plan))), "title": "Rettet i admin"}
    ActionPlan.objects.filter(pk=plan.pk).update(version=5)  # saved in the portal meanwhile
    assert client.post(plan_admin_url(plan), data).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 6


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Rettet i admin"},
        {"actors-0-name": "Røde Kors"},
        {"milestones-0-title": "Opstart"},
    ],
    ids=["initiative", "actor-inline", "milestone-inline"],
)
def test_an_admin_edit_of_an_initiative_makes_an_older_initiative_page_a_conflict(
    changes, initiative, staff_user, portal_admin, client_for
):
    portal = client_for(staff_user)
    loaded = loaded_initiative_page(portal, initiative)
    admin_post(client_for(portal_admin), initiative_admin_url(initiative), **changes)
    initiative.refresh_from_db()
    assert initiative.version == 2

    response = portal.post(initiative_edit_url(initiative), {**loaded, "title": "Portalens"})
    assert response.status_code == 200
    assert danish(INITIATIVE_CONFLICT) in response.text
    initiative.refresh_from_db()
    assert initiative.title != "Portalens"


def test_an_initiative_edited_in_its_plans_admin_page_bumps_both(
    initiative, staff_user, portal_admin, client_for
):
    portal = client_for(staff_user)
    loaded = loaded_initiative_page(portal, initiative)
    admin_post(
        client_for(portal_admin),
        plan_admin_url(initiative.plan),
        **{"initiatives-0-title": "Rettet i planens admin"},
    )
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version, initiative.plan.version) == (
        "Rettet i planens admin",
        2,
        2,
    )
    response = portal.post(initiative_edit_url(initiative), loaded)
    assert danish(INITIATIVE_CONFLICT) in response.text


@pytest.mark.parametrize(
    ("model_admin", "obj", "changes"),
    [
        ("strategicgoal", "goal", {"title": "Nye rammer"}),
        ("initiativeactor", "actor", {"name": "Røde Kors"}),
        ("milestone", "milestone", {"title": "Opstart"}),
    ],
)
def test_a_part_edited_in_its_own_admin_page_bumps_what_it_belongs_to(
    model_admin, obj, changes, initiative, portal_admin, client_for
):
    plan = initiative.plan
    parts = {
        "goal": (plan.goals.get(), plan),
        "actor": (initiative.actors.get(), initiative),
        "milestone": (initiative.milestones.get(), initiative),
    }
    part, parent = parts[obj]
    client = client_for(portal_admin)
    url = reverse(f"admin:initiatives_{model_admin}_change", args=[part.pk])
    admin_post(client, url, **changes)
    parent.refresh_from_db()
    assert parent.version == 2
    delete = reverse(f"admin:initiatives_{model_admin}_delete", args=[part.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    parent.refresh_from_db()
    assert parent.version == 3


# Status: only the services change it ---------------------------------------------------------


def test_a_posted_plan_status_is_ignored_by_the_admin(plan, portal_admin, client_for):
    admin_post(
        client_for(portal_admin),
        plan_admin_url(plan),
        title="Rettet i admin",
        status=ActionPlan.Status.PUBLISHED,
        published_at="2026-01-01 10:00",
    )
    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.published_at) == (
        "Rettet i admin",
        ActionPlan.Status.DRAFT,
        None,
    )


def test_a_posted_initiative_status_is_ignored_by_the_admin(initiative, portal_admin, client_for):
    admin_post(
        client_for(portal_admin),
        initiative_admin_url(initiative),
        title="Rettet i admin",
        status=Initiative.Status.COMPLETED,
    )
    initiative.refresh_from_db()
    assert (initiative.title, initiative.status) == ("Rettet i admin", Initiative.Status.PLANNED)
    assert not initiative.status_changes.exists()


def test_a_posted_status_in_the_plans_initiative_inline_is_ignored(
    initiative, portal_admin, client_for
):
    admin_post(
        client_for(portal_admin),
        plan_admin_url(initiative.plan),
        **{"initiatives-0-title": "Rettet", "initiatives-0-status": Initiative.Status.COMPLETED},
    )
    initiative.refresh_from_db()
    assert (initiative.title, initiative.status) == ("Rettet", Initiative.Status.PLANNED)
