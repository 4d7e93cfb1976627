import rules

from volunteer_portal.permissions import is_coordinator, is_municipal, is_portal_admin


@rules.predicate
def is_active_organisation(user, organisation):
    """Active organisations are public; inactive ones are kept for the record only."""
    return organisation is None or organisation.is_active


@rules.predicate
def coordinates_unit(user, organisation):
    """A coordinator acts only for the municipal units linked to them (and units below those)."""
    if organisation is None or not user.is_authenticated:
        return False
    unit_ids = {u.pk for u in user.units.all()}
    node = organisation
    for _depth in range(10):
        if node is None:
            return False
        if node.pk in unit_ids:
            return True
        node = node.parent
    return False


rules.add_perm("organisations.view_organisation", is_active_organisation | is_municipal)
rules.add_perm("organisations.change_organisation", is_portal_admin)
rules.add_perm("organisations.act_for_unit", is_portal_admin | (is_coordinator & coordinates_unit))
rules.add_perm("organisations.view_own_units", is_coordinator)
