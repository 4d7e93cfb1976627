"""One way to change a status, for every status field of the portal.

A model declares its state machine beside its ``Status`` choices::

    STATUS_MACHINE = StateMachine(
        field="status",
        choices=Status,
        transitions={Status.DRAFT: {Status.PUBLISHED}},
        changed_at="published_at",
        changed_by="published_by",
        refused=_("An action plan cannot go from “%(old)s” to “%(new)s”."),
    )

and its services call :func:`transition`, which inside one transaction locks the row, checks
the move against the table, saves with ``update_fields``, stamps who and when and names the
actor in the audit log. Nothing else writes a status.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteer_portal.audit import acting_as


class DomainError(Exception):
    """A change the portal's rules refuse. Its message is meant for the person who tried."""


class TransitionNotAllowed(DomainError):
    """A status change the state table does not allow, or a status that does not exist."""


@dataclass(frozen=True)
class StateMachine:
    field: str
    choices: type[models.TextChoices]
    transitions: Mapping[str, frozenset]
    changed_at: str | None = None
    changed_by: str | None = None
    refused: str = ""
    # Other fields a move writes besides the status and its stamps (e.g. "updated_at").
    also_save: tuple[str, ...] = field(default=("updated_at",))

    def __post_init__(self):
        unknown = {
            str(s)
            for s in (*self.transitions, *(t for ts in self.transitions.values() for t in ts))
        } - set(self.choices.values)
        if unknown:
            raise ValueError(f"{self.field}: the table names unknown statuses {sorted(unknown)}")

    def status(self, value):
        """``value`` as a member of the choices, or TransitionNotAllowed if it is none."""
        try:
            return self.choices(value)
        except ValueError:
            raise TransitionNotAllowed(
                _("“%(value)s” is not a status.") % {"value": value}
            ) from None

    def allowed_from(self, value):
        """The statuses that may follow ``value``, in the order of the choices."""
        allowed = self.transitions.get(self.status(value), frozenset())
        return [s for s in self.choices if s in allowed]

    def check(self, old, new):
        old, new = self.status(old), self.status(new)
        if old == new:  # a second click, or two people doing the same at once
            raise TransitionNotAllowed(
                _("That has already been done: the status is “%(status)s”.") % {"status": new.label}
            )
        if new not in self.transitions.get(old, frozenset()):
            message = self.refused or _("The status cannot go from “%(old)s” to “%(new)s”.")
            raise TransitionNotAllowed(message % {"old": old.label, "new": new.label})
        return old, new


def transition(instance, to, *, by, machine):
    """Move ``instance`` to status ``to`` as ``machine`` allows, judged from the stored row.

    Returns ``(stored, old)``: the locked and saved row, and the status it had. ``instance``
    is brought up to date too. Callers that record more (a history row) call this inside
    their own ``transaction.atomic()`` so that both are written or neither.
    """
    model = type(instance)
    with acting_as(by), transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=instance.pk)
        old, new = machine.check(getattr(stored, machine.field), to)
        changed = {machine.field: new}
        if machine.changed_at:
            changed[machine.changed_at] = timezone.now()
        if machine.changed_by:
            changed[machine.changed_by] = by
        for name, value in changed.items():
            setattr(stored, name, value)
        present = {f.name for f in model._meta.concrete_fields}
        stored.save(update_fields=[*changed, *(f for f in machine.also_save if f in present)])
    for name in changed:
        setattr(instance, name, getattr(stored, name))
    return stored, old
