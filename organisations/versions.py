"""Optimistic locking for the organisation and activity edit pages: the form carries the
``updated_at`` of the row as the editor loaded it, and the save is refused when the stored row
has changed since, so that a stale save never silently undoes someone else's change."""

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
