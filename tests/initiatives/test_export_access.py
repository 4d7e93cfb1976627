"""Who may open the print page and the exports: a published plan is public, a draft is
read only by municipal users and is a 404 for everyone else (not a 403: drafts are hidden)."""

import pytest
from django.urls import reverse

from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["plan-print", "plan-csv", "plan-json", "plan-calendar", "plan-feed"]
ROLES = [None, "volunteer", "staff", "coordinator", "admin"]
MUNICIPAL = {"staff", "coordinator", "admin"}


def export_url(name, plan):
    return reverse(f"initiatives:{name}", kwargs={"slug": plan.slug})


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_export_of_a_published_plan_is_open_to_everyone(name, role, users_by_role, client_for):
    plan = ActionPlanFactory(status="published")
    InitiativeFactory(plan=plan)
    user = users_by_role[role] if role else None
    assert client_for(user).get(export_url(name, plan)).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_export_of_a_draft_is_hidden_from_all_but_municipal_users(
    name, role, users_by_role, client_for
):
    plan = ActionPlanFactory(status="draft")
    InitiativeFactory(plan=plan)
    user = users_by_role[role] if role else None
    expected = 200 if role in MUNICIPAL else 404
    assert client_for(user).get(export_url(name, plan)).status_code == expected


@pytest.mark.parametrize("name", EXPORTS)
def test_export_of_an_unknown_plan_is_404(name, client_for, staff_user):
    url = reverse(f"initiatives:{name}", kwargs={"slug": "no-such-plan"})
    assert client_for(staff_user).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("plan-print", "text/html"),
        ("plan-csv", "text/csv"),
        ("plan-json", "application/json"),
        ("plan-calendar", "text/calendar"),
        ("plan-feed", "application/atom+xml"),
    ],
)
def test_export_answers_with_its_content_type(name, content_type, client):
    plan = ActionPlanFactory()
    response = client.get(export_url(name, plan))
    assert response["Content-Type"].startswith(content_type)
