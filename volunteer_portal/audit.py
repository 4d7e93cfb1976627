"""Naming who made a change in the audit log (django-auditlog), from services."""

import contextlib

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
