"""The audit log (django-auditlog): naming who made a change, from services, and what each
entry stores to find it again."""

import contextlib
import functools

from auditlog.context import auditlog_value, set_extra_data


@contextlib.contextmanager
def acting_as(user):
    """Name ``user`` as the actor of every audit-log entry written inside the block.

    Services take ``by`` and must record it even outside a request (commands, the shell,
    tests), where no middleware names anyone. Inside a request the audit-log middleware has
    already set a context; auditlog's own context managers overwrite it without putting it
    back, so the outer context is restored here (keeping the caller's address for the
    entries written afterwards, and letting the middleware disconnect its own receiver).
    """
    outer = auditlog_value.get(None)
    token = auditlog_value.set(outer)
    extra = {key: value for key, value in (outer or {}).items() if key != "signal_duid"}
    try:
        with set_extra_data({**extra, "actor": user}):
            yield
    finally:
        auditlog_value.reset(token)


def records_actor(service):
    """Wrap a service function so that every audit-log entry it writes names its ``by``.

    Services take the acting person as the keyword ``by``; a test checks that every public
    function of every app's services carries this decorator.
    """

    @functools.wraps(service)
    def wrapper(*args, by, **kwargs):
        with acting_as(by):
            return service(*args, by=by, **kwargs)

    wrapper.records_actor = True
    return wrapper


def audit_parent(field):
    """A model's ``get_additional_data`` that stores the id of its ``field`` (e.g. ``"plan"``
    as ``{"plan_id": 7}``) with every audit-log entry of the row.

    django-auditlog calls it on each save and delete, so the parent's history page finds its
    children's entries by that id even after a child is deleted.
    """
    attname = f"{field}_id"

    def get_additional_data(self):
        return {attname: getattr(self, attname)}

    return get_additional_data
