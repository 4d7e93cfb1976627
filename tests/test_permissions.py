"""The permission rules: one place answers "may this user do this to this object"."""

import pytest
from django.utils import translation

from tests.factories import UnitFactory
from volunteer_portal.menu import menu_for

pytestmark = pytest.mark.django_db


def test_coordinator_acts_only_for_own_units_and_the_units_below(coordinator, unit, other_unit):
    sub_unit = UnitFactory(parent=unit, kind="unit")
    assert coordinator.has_perm("organisations.act_for_unit", unit)
    assert coordinator.has_perm("organisations.act_for_unit", sub_unit)
    assert not coordinator.has_perm("organisations.act_for_unit", other_unit)
    assert not coordinator.has_perm("organisations.act_for_unit", unit.parent)


@pytest.mark.parametrize(
    ("role", "allowed"), [("volunteer", False), ("staff", False), ("admin", True)]
)
def test_only_coordinators_of_the_unit_and_admins_act_for_it(role, allowed, users_by_role, unit):
    assert users_by_role[role].has_perm("organisations.act_for_unit", unit) is allowed


def test_anonymous_may_not_act_for_a_unit(unit):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("organisations.act_for_unit", unit)


def menu_labels(user):
    with translation.override("en"):
        return [str(entry["label"]) for entry in menu_for(user, "/")]


def test_menu_follows_the_role(users_by_role):
    from django.contrib.auth.models import AnonymousUser

    anonymous = menu_labels(AnonymousUser())
    volunteer = menu_labels(users_by_role["volunteer"])
    coordinator = menu_labels(users_by_role["coordinator"])
    assert "My units" not in anonymous and "My units" not in volunteer
    assert "My units" in coordinator
    assert "Home" in anonymous


def test_a_plans_overview_marks_the_overview_entry_not_the_plans_entry(staff_user):
    with translation.override("en"):
        entries = menu_for(staff_user, "/plans/some-plan/overview/", "initiatives:overview")
        current = [str(e["label"]) for e in entries if e["is_current"]]
    assert current == ["Plan overview"]


def test_administrators_get_no_blanket_yes(portal_admin, staff_user):
    """A misspelt or undeclared name is refused to an administrator as to anyone."""
    assert not portal_admin.has_perm("initiatives.chnage_plan")
    assert not portal_admin.has_perm("organisations.no_such_rule")
    # A coordinator-only page is coordinators' only: an admin without memberships is not one.
    assert not portal_admin.has_perm("organisations.view_own_units")
    assert portal_admin.is_superuser  # the flag stays, for createsuperuser and the admin


def test_django_admin_permissions_stay_the_administrators(portal_admin, staff_user):
    """Model permissions no rule declares are Django admin's, for administrators only."""
    for name in ("initiatives.delete_milestone", "organisations.add_membership"):
        assert portal_admin.has_perm(name)
        assert not staff_user.has_perm(name)
    assert portal_admin.has_module_perms("initiatives")
    assert not staff_user.has_module_perms("initiatives")
