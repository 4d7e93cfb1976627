"""The demo action plan: Rødovre 2020-2022, complete, and the same on every load."""

import pytest
from django.core.management import call_command

from initiatives.models import ActionPlan

pytestmark = pytest.mark.django_db


def test_demo_has_the_roedovre_plan_with_seven_initiatives(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    plan = ActionPlan.objects.get(slug="roedovre-2020-2022")
    assert plan.is_published and plan.period == "2020-2022"
    assert "§ 18" in plan.legal_basis
    assert list(plan.goals.values_list("number", flat=True)) == [1, 2]
    initiatives = {i.number: i for i in plan.initiatives.all()}
    assert sorted(initiatives) == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.purpose and i.description for i in initiatives.values())
    assert set(initiatives[4].goals.values_list("number", flat=True)) == {1, 2}
    owner = initiatives[4].actors.get(role="owner")
    assert owner.organisation.slug == "kultur-og-fritidsforvaltningen"
    assert list(initiatives[4].related.all()) == [initiatives[7]]
    assert initiatives[4].actors.filter(name="Borgere og lokale foreninger").exists()
    assert len({i.status for i in initiatives.values()}) >= 4
    # Each status other than "planned" was reached through recorded changes.
    for initiative in initiatives.values():
        changes = list(initiative.status_changes.order_by("changed_at"))
        if initiative.status != "planned":
            assert changes[-1].to_status == initiative.status
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(initiatives[7].get_absolute_url()).status_code == 200
