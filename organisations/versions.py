"""Optimistic locking for the organisation and activity edit pages: the form carries the
``updated_at`` of the row as the editor loaded it, and the save is refused when the stored row
has changed since, so that a stale save never silently undoes someone else's change."""

import copy

from volunteer_portal.transitions import DomainError


class EditConflict(DomainError):
    """Someone else saved the row after the editor loaded it; ``current`` is what is stored."""

    def __init__(self, message, *, current):
        super().__init__(message)
        self.current = current


def version_of(obj):
    """What an edit form carries to say which state of the row the editor loaded."""
    return obj.updated_at.isoformat() if obj.updated_at else ""


def stored_if_unchanged(obj, loaded, message):
    """The stored row of ``obj``, locked, or :class:`EditConflict` when it is no longer the
    state ``loaded`` (see :func:`version_of`). Call inside a transaction."""
    stored = type(obj).objects.select_for_update().get(pk=obj.pk)
    if version_of(stored) != loaded:
        raise EditConflict(message, current=stored)
    return stored


def merged_after_conflict(form_class, form, conflict):
    """The edit form again after ``conflict``, merged three ways with the row stored now
    (initiatives.conflicts.merge_form): the other person's changes where the editor changed
    nothing, the editor's where only they changed a field, the editor's where both did. It
    holds the stored state, so saving once more goes through and undoes nothing the editor
    did not touch. Returns the form and (label, stored value) of each field both changed."""
    from initiatives.conflicts import merge_form, snapshot

    stored_form = form_class(instance=copy.copy(conflict.current))
    data, conflicts, _loaded = merge_form(form, stored_form, form.data.get("base"))
    data["loaded"] = version_of(conflict.current)
    data["base"] = snapshot(stored_form, [])
    fresh = form_class(data=data, instance=copy.copy(conflict.current))
    fresh.is_valid()
    fresh.add_error(None, str(conflict))
    return fresh, [(fresh.fields[name].label, shown) for name, shown in conflicts.items()]
