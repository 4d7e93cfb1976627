"""Who may open the print page, the follow page and the exports: a published plan is public,
a draft is read only by municipal users and is a 404 for everyone else (not a 403: drafts are
hidden). The overview's exports are for municipal users, like the overview."""

import pytest
from django.urls import reverse

from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

EXPORTS = [
    "plan-print",
    "plan-follow",
    "plan-csv",
    "plan-xlsx",
    "plan-json",
    "plan-calendar",
    "plan-feed",
]
OVERVIEW_EXPORTS = ["overview-csv", "overview-xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
        ("plan-follow", "text/html"),
        ("plan-csv", "text/csv"),
        ("plan-xlsx", XLSX),
        ("plan-json", "application/json"),
        ("plan-calendar", "text/calendar"),
        ("plan-feed", "application/atom+xml"),
    ],
)
def test_export_answers_with_its_content_type(name, content_type, client):
    plan = ActionPlanFactory()
    response = client.get(export_url(name, plan))
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize("name", OVERVIEW_EXPORTS)
def test_overview_export_sends_anonymous_visitors_to_log_in(name, client):
    plan = ActionPlanFactory(status="published")
    response = client.get(export_url(name, plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", OVERVIEW_EXPORTS)
@pytest.mark.parametrize("status", ["published", "draft"])
@pytest.mark.parametrize("role", ["volunteer", "staff", "coordinator", "admin"])
def test_overview_export_is_for_municipal_users_only(name, status, role, users_by_role, client_for):
    plan = ActionPlanFactory(status=status)
    InitiativeFactory(plan=plan)
    # A volunteer is refused before the plan is looked at, as on the overview page.
    expected = 200 if role in MUNICIPAL else 403
    assert client_for(users_by_role[role]).get(export_url(name, plan)).status_code == expected


@pytest.mark.parametrize("name", OVERVIEW_EXPORTS)
def test_overview_export_of_an_unknown_plan_is_404(name, client_for, staff_user):
    url = reverse(f"initiatives:{name}", kwargs={"slug": "no-such-plan"})
    assert client_for(staff_user).get(url).status_code == 404
