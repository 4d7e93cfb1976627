"""The history pages: which django-auditlog entries belong to a plan or an initiative, and
how their recorded changes read for a person.

Entries of child rows (goals, actors, milestones, progress notes) are found by the parent id
the models store with every entry (``get_additional_data``), so deletions show too. Reading
the changes costs one query per kind of related object on the page, never one per entry.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StrategicGoal,
)

# Bookkeeping that changes with every save and says nothing to the reader.
HIDDEN_FIELDS = {"id", "version", "position", "created_at", "updated_at"}
EMPTY = "—"
MAX_VALUE_LENGTH = 200


def _of_model(model):
    # Through the content type's natural key: joins the table the page loads anyway,
    # instead of a query (or a process-wide cache) per model.
    return Q(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )


def _children(model, parent_key, parent, current_rows):
    """Entries of ``model`` rows under ``parent``: by the parent id stored with the entry,
    which finds deleted rows too, or, for entries logged before that id was stored, by the
    rows that exist now."""
    return _of_model(model) & (
        Q(**{f"additional_data__{parent_key}": parent.pk})
        | Q(object_id__in=current_rows.values("pk"))
    )


def plan_entries(plan):
    """The plan, its goals, and the initiatives added to or deleted from it."""
    initiatives_added_or_deleted = _children(
        Initiative, "plan_id", plan, plan.initiatives.all()
    ) & Q(action__in=[LogEntry.Action.CREATE, LogEntry.Action.DELETE])
    return _entries(
        (_of_model(ActionPlan) & Q(object_id=plan.pk))
        | _children(StrategicGoal, "plan_id", plan, plan.goals.all())
        | initiatives_added_or_deleted
    )


def initiative_entries(initiative):
    """The initiative with its goals and related initiatives, actors, milestones and notes."""
    return _entries(
        (_of_model(Initiative) & Q(object_id=initiative.pk))
        | _children(InitiativeActor, "initiative_id", initiative, initiative.actors.all())
        | _children(Milestone, "initiative_id", initiative, initiative.milestones.all())
        | _children(ProgressNote, "initiative_id", initiative, initiative.progress_notes.all())
    )


def _entries(condition):
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


@dataclass(frozen=True)
class ChangeLine:
    """One line of an entry. ``kind`` is "changed" (old → new), "value" (the value of a
    created or deleted row, in ``new``), "added" or "removed" (many-to-many, objects in
    ``new``)."""

    kind: str
    field: str
    old: object = ""
    new: object = ""


ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("history action", "Created"),
    LogEntry.Action.UPDATE: pgettext_lazy("history action", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("history action", "Deleted"),
}


@dataclass(frozen=True)
class HistoryRow:
    entry: LogEntry
    lines: list[ChangeLine]

    @property
    def action(self):
        return ACTION_LABELS.get(self.entry.action, self.entry.get_action_display())


@dataclass(frozen=True)
class _Reference:
    """A foreign key value, named once all the page's references are loaded."""

    model: type
    pk: object


def history_rows(entries):
    """The entries of one page with their changes in words."""
    drafts = [(entry, list(_draft_lines(entry))) for entry in entries]
    # An update that touched only hidden fields (a version bump) says nothing to a reader.
    drafts = [(e, lines) for e, lines in drafts if lines or e.action != LogEntry.Action.UPDATE]
    wanted = defaultdict(set)
    for _entry, lines in drafts:
        for line in lines:
            for value in (line.old, line.new):
                if isinstance(value, _Reference):
                    wanted[value.model].add(value.pk)
    loaded = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}

    def name(value):
        if not isinstance(value, _Reference):
            return value
        obj = loaded[value.model].get(value.pk)
        if obj is None:
            return _("%(model)s %(id)s (deleted)") % {
                "model": value.model._meta.verbose_name,
                "id": value.pk,
            }
        return str(obj)

    return [
        HistoryRow(entry, [replace(line, old=name(line.old), new=name(line.new)) for line in lines])
        for entry, lines in drafts
    ]


def _draft_lines(entry):
    model = entry.content_type.model_class()
    for field_name, change in (entry.changes_dict or {}).items():
        if isinstance(change, dict):
            if change.get("type") == "m2m":
                label = _label(model, field_name)
                objects = ", ".join(str(o) for o in change.get("objects", []))
                kind = "added" if change.get("operation") == "add" else "removed"
                yield ChangeLine(kind, label, new=objects)
            continue
        try:
            field = model._meta.get_field(field_name) if model else None
        except FieldDoesNotExist:
            field = None  # a field removed since: shown under its name, values as stored
        if field_name in HIDDEN_FIELDS or (field is not None and not field.concrete):
            continue  # reverse relations were logged as "initiatives.ProgressNote.None"
        old, new = (_value(field, v) for v in change)
        label = _label(model, field_name)
        if entry.action == LogEntry.Action.UPDATE:
            yield ChangeLine("changed", label, old=old, new=new)
        elif entry.action in (LogEntry.Action.CREATE, LogEntry.Action.DELETE):
            value = new if entry.action == LogEntry.Action.CREATE else old
            if value != EMPTY:
                yield ChangeLine("value", label, new=value)


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return field_name


def _value(field, stored):
    """A stored value (auditlog keeps strings, "None" for none) as the reader should see it."""
    if stored is None or stored == "None" or stored == "":
        return EMPTY
    text = str(stored)
    if field is None:
        return Truncator(text).chars(MAX_VALUE_LENGTH)
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.ForeignKey):
        try:
            return _Reference(field.related_model, field.related_model._meta.pk.to_python(text))
        except ValidationError:
            return text  # stored as a name by an older auditlog setting
    if isinstance(field, models.BooleanField):
        return _("Yes") if text == "True" else _("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(text)
        if moment is not None:
            # auditlog stores naive UTC
            moment = timezone.localtime(moment.replace(tzinfo=moment.tzinfo or datetime.UTC))
            return formats.date_format(moment, "DATETIME_FORMAT")
    elif isinstance(field, models.DateField):
        day = parse_date(text)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return Truncator(text).chars(MAX_VALUE_LENGTH)
