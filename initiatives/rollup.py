"""What serves an initiative: a small registry the initiative page reads.

Later parts of the portal (cooperation agreements, grants, activities, volunteer
opportunities) only link their model to ``initiatives.Initiative`` and register a section in
their app config's ``ready()``::

    from initiatives import rollup

    rollup.register(
        key="agreements",
        label=_("Cooperation agreements"),
        queryset_for=lambda initiative: initiative.agreements.active(),
    )

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
    template: str = DEFAULT_TEMPLATE


_registry: dict[str, RollupSection] = {}


def register(*, key, label, queryset_for, template=DEFAULT_TEMPLATE):
    """Add (or replace) the section ``key``; ``queryset_for(initiative)`` gives its items."""
    _registry[key] = RollupSection(key, label, queryset_for, template)


def unregister(key):
    _registry.pop(key, None)


def registered():
    return list(_registry.values())


def sections_for(initiative):
    """The registered sections with their items for ``initiative``, in registration order."""
    return [
        {
            "key": s.key,
            "label": s.label,
            "template": s.template,
            "items": list(s.queryset_for(initiative)),
        }
        for s in _registry.values()
    ]
