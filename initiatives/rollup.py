"""What serves an initiative: a small registry the initiative page reads.

Later parts of the portal (cooperation agreements, grants, activities, volunteer
opportunities) only link their model to ``initiatives.Initiative`` and register a section in
their app config's ``ready()``::

    from initiatives import rollup

    rollup.register(
        key="agreements",
        label=_("Cooperation agreements"),
        queryset_for=lambda initiative, user: initiative.agreements.visible_to(user),
        permission="<app>.view_<entity>",  # asked with each item
        section_permission="<app>.view_<entities>",  # optional, asked once
    )

The initiative page is public, so each section knows its reader: ``queryset_for`` narrows
to what the user may see, and every item is checked once more against ``permission``, so a
draft agreement or a grant amount cannot reach a visitor through a provider that forgot to
narrow. A section with a ``section_permission`` is left out for readers without it.

Each item is shown with ``str(item)`` and linked to ``item.get_absolute_url()`` when the
model has one. A section may name its own template for richer rows (e.g. active volunteers).
"""

from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_TEMPLATE = "initiatives/partials/_rollup_items.html"


@dataclass(frozen=True)
class RollupSection:
    key: str
    label: str
    queryset_for: Callable
    permission: str
    section_permission: str | None = None
    template: str = DEFAULT_TEMPLATE

    def items_for(self, initiative, user):
        items = self.queryset_for(initiative, user)
        return [item for item in items if user.has_perm(self.permission, item)]


_registry: dict[str, RollupSection] = {}


def register(
    *, key, label, queryset_for, permission, section_permission=None, template=DEFAULT_TEMPLATE
):
    """Add (or replace) the section ``key``; ``queryset_for(initiative, user)`` gives its
    items and ``permission`` (a rule name, asked with each item) decides which are shown."""
    _registry[key] = RollupSection(
        key, label, queryset_for, permission, section_permission, template
    )


def unregister(key):
    _registry.pop(key, None)


def registered():
    return list(_registry.values())


def sections_for(initiative, user):
    """The registered sections ``user`` may see, each with the items they may see, for
    ``initiative``, in registration order."""
    return [
        {
            "key": s.key,
            "label": s.label,
            "template": s.template,
            "items": s.items_for(initiative, user),
        }
        for s in _registry.values()
        if s.section_permission is None or user.has_perm(s.section_permission)
    ]
