"""What the editing links on an organisation's or activity's page may offer the reader, as
booleans from the rules: the templates never ask about roles. An anonymous reader costs no
query; a logged-in one the memberships (loaded once per request) and, for an organisation's
editors, its unpublished activities."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_edit_actions(context, organisation):
    """``{% organisation_edit_actions object as actions %}`` on the organisation's page."""
    user = context["request"].user
    if not user.is_authenticated:
        return {}
    can_edit_details = user.has_perm("organisations.edit_public_details", organisation)
    can_add_activity = user.has_perm("organisations.create_activity", organisation)
    unpublished = []
    if can_add_activity:
        unpublished = list(organisation.activities.filter(is_published=False))
    return {
        "any": can_edit_details or can_add_activity,
        "can_edit_details": can_edit_details,
        "can_edit_all": user.has_perm("organisations.edit_organisation", organisation),
        "can_add_activity": can_add_activity,
        "can_confirm": user.has_perm("organisations.confirm_activities", organisation),
        "unpublished": unpublished,
    }


@register.simple_tag(takes_context=True)
def activity_edit_actions(context, activity):
    """``{% activity_edit_actions activity as actions %}`` on the activity's page."""
    user = context["request"].user
    if not user.is_authenticated:
        return {}
    return {"can_edit": user.has_perm("organisations.edit_activity", activity)}


@register.simple_tag(takes_context=True)
def organisation_list_actions(context):
    """``{% organisation_list_actions as actions %}`` above the directory, for staff."""
    user = context["request"].user
    if not user.is_authenticated:
        return {}
    return {
        "can_create": user.has_perm("organisations.create_organisation"),
        "can_check": user.has_perm("organisations.view_activities_to_check"),
    }
