"""The history pages: which django-auditlog entries belong to a plan or an initiative, and
how their recorded changes read for a person.

Entries of child rows (goals, actors, milestones, progress notes) are found by the parent id
the models store with every entry (``get_additional_data``), so deletions show too. A plan's
history holds its initiatives' whole history as well: their changes, status changes (an
initiative's entry that changes its status, with the comment of its StatusChange row) and
progress notes. Reading the changes costs one query per kind of related object on the page,
never one per entry.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)

# Bookkeeping that changes with every save and says nothing to the reader.
HIDDEN_FIELDS = {"id", "version", "position", "created_at", "updated_at"}
# Said elsewhere on the row: the plan or initiative in its own column or the page's heading
# (a row never moves to another), a note's author as who made the entry.
HIDDEN_PER_MODEL = {
    StrategicGoal: {"plan"},
    Initiative: {"plan"},
    InitiativeActor: {"initiative"},
    Milestone: {"initiative"},
    ProgressNote: {"initiative", "author"},
}
# The rows of an initiative that have entries of their own.
INITIATIVE_PARTS = (InitiativeActor, Milestone, ProgressNote)
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


class Kind(models.TextChoices):
    """What an entry is about, for the history's filter."""

    CHANGES = "changes", pgettext_lazy("history kind", "Changes")
    STATUS = "status", gettext_lazy("Status changes")
    NOTES = "notes", gettext_lazy("Progress notes")


def _status_changes():
    # A status moves only through initiative_set_status, whose save writes the status (and
    # its time stamp) alone; an initiative's creation is not a status change.
    return _of_model(Initiative) & Q(action=LogEntry.Action.UPDATE, changes__has_key="status")


def of_kind(entries, kind):
    """The entries of ``kind`` (a :class:`Kind`) only."""
    if kind == Kind.STATUS:
        return entries.filter(_status_changes())
    if kind == Kind.NOTES:
        return entries.filter(_of_model(ProgressNote))
    return entries.exclude(_status_changes()).exclude(_of_model(ProgressNote))


def plan_entries(plan):
    """The plan, its goals, its initiatives (also deleted ones) and everything of theirs."""
    # Initiatives the plan has had, deleted ones too: by the plan id their entries store.
    ever_in_plan = LogEntry.objects.filter(
        _of_model(Initiative), additional_data__plan_id=plan.pk
    ).values("object_id")
    parts = Q()
    for model in INITIATIVE_PARTS:
        parts |= _of_model(model) & (
            Q(initiative_ref__in=ever_in_plan)
            | Q(initiative_ref__in=plan.initiatives.values("pk"))
            | Q(object_id__in=model.objects.filter(initiative__plan=plan).values("pk"))
        )
    return _entries(
        (_of_model(ActionPlan) & Q(object_id=plan.pk))
        | _children(StrategicGoal, "plan_id", plan, plan.goals.all())
        | _children(Initiative, "plan_id", plan, plan.initiatives.all())
        | parts
    )


def initiative_condition(initiative):
    """The entries of the initiative with its actors, milestones and notes."""
    condition = _of_model(Initiative) & Q(object_id=initiative.pk)
    for model, rows in (
        (InitiativeActor, initiative.actors.all()),
        (Milestone, initiative.milestones.all()),
        (ProgressNote, initiative.progress_notes.all()),
    ):
        condition |= _children(model, "initiative_id", initiative, rows)
    return condition


def initiative_entries(initiative):
    """The initiative with its goals and related initiatives, actors, milestones and notes."""
    return _entries(initiative_condition(initiative))


def _entries(condition):
    return (
        LogEntry.objects.annotate(
            # The initiative a child row's entry names, as a number to compare with ids.
            initiative_ref=Cast(
                KeyTextTransform("initiative_id", "additional_data"), models.BigIntegerField()
            )
        )
        .filter(condition)
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


NOTE_SUMMARIES = {
    LogEntry.Action.CREATE: gettext_lazy("Progress note added"),
    LogEntry.Action.UPDATE: gettext_lazy("Progress note changed"),
    LogEntry.Action.DELETE: gettext_lazy("Progress note deleted"),
}


@dataclass(frozen=True)
class HistoryRow:
    """One entry as the page shows it. ``summary`` says in a sentence what happened, for
    status changes and progress notes (other entries read "Changed: actor “…”");
    ``initiative`` is the initiative the entry belongs to, on a plan's history: an
    Initiative, the name of a deleted one, or None for the plan's own entries."""

    entry: LogEntry
    lines: list[ChangeLine]
    summary: str = ""
    initiative: object = None

    @property
    def action(self):
        return ACTION_LABELS.get(self.entry.action, self.entry.get_action_display())

    @property
    def initiative_is_current(self):
        return isinstance(self.initiative, Initiative)


@dataclass(frozen=True)
class _Reference:
    """A foreign key value, named once all the page's references are loaded."""

    model: type
    pk: object


def history_rows(entries, *, initiatives=None):
    """The entries of one page with their changes in words. ``initiatives`` (pk → Initiative,
    the plan's, already loaded) names the initiative of each entry on a plan's history."""
    entries = list(entries)
    comments = _status_comments(entries)
    drafts = [(entry, list(_draft_lines(entry, comments))) for entry in entries]
    # An update that touched only hidden fields (a version bump) says nothing to a reader.
    drafts = [
        (e, lines)
        for e, lines in drafts
        if lines or e.action != LogEntry.Action.UPDATE or _is_status_change(e)
    ]
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
        HistoryRow(
            entry,
            [replace(line, old=name(line.old), new=name(line.new)) for line in lines],
            summary=_summary(entry),
            initiative=_initiative_of(entry, initiatives) if initiatives is not None else None,
        )
        for entry, lines in drafts
    ]


def _model(entry):
    return entry.content_type.model_class()


def _is_status_change(entry):
    return (
        _model(entry) is Initiative
        and entry.action == LogEntry.Action.UPDATE
        and "status" in (entry.changes_dict or {})
    )


def _status_label(value):
    try:
        return Initiative.Status(value).label
    except ValueError:
        return value


def _summary(entry):
    if _is_status_change(entry):
        old, new = entry.changes_dict["status"]
        return _("Status changed from %(old)s to %(new)s") % {
            "old": _status_label(old),
            "new": _status_label(new),
        }
    if _model(entry) is ProgressNote:
        return str(NOTE_SUMMARIES.get(entry.action, ""))
    return ""


def _initiative_of(entry, initiatives):
    """The initiative of ``entry`` among the plan's, the name of a deleted one, or None."""
    model = _model(entry)
    if model is Initiative:
        pk = entry.object_id
    elif model in INITIATIVE_PARTS:
        pk = (entry.additional_data or {}).get("initiative_id")
    else:
        return None
    if pk in initiatives:
        return initiatives[pk]
    if model is Initiative:
        return entry.object_repr
    return _("a deleted initiative")


def _status_comments(entries):
    """{entry pk: comment} for the status changes among ``entries``, from their StatusChange
    rows (one query): the row stamped at the moment the entry set as the status's time."""
    moments = {}
    for entry in entries:
        if _is_status_change(entry):
            stamp = entry.changes_dict.get("status_changed_at")
            moment = _moment(stamp[1]) if isinstance(stamp, list) and len(stamp) == 2 else None
            if moment is not None:
                moments[entry.pk] = (entry.object_id, moment)
    if not moments:
        return {}
    rows = StatusChange.objects.filter(
        initiative_id__in={pk for pk, _when in moments.values()},
        changed_at__in={when for _pk, when in moments.values()},
    ).values_list("initiative_id", "changed_at", "comment")
    comments = {(pk, moment): comment for pk, moment, comment in rows}
    return {entry_pk: comments.get(key, "") for entry_pk, key in moments.items()}


def _moment(stored):
    """A date and time as auditlog stores it (naive UTC), aware; None if it is none."""
    moment = parse_datetime(stored) if isinstance(stored, str) else None
    if moment is None:
        return None
    return moment.replace(tzinfo=moment.tzinfo or datetime.UTC)


def _draft_lines(entry, comments):
    model = _model(entry)
    if _is_status_change(entry):
        # The summary says from what to what, the columns when and by whom.
        if comments.get(entry.pk):
            yield ChangeLine("value", _("Comment"), new=comments[entry.pk])
        return
    hidden = HIDDEN_FIELDS | HIDDEN_PER_MODEL.get(model, set())
    for field_name, change in _in_form_order(model, entry.changes_dict or {}):
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
        if field_name in hidden or (field is not None and not field.concrete):
            continue  # reverse relations were logged as "initiatives.ProgressNote.None"
        old, new = (_value(field, v) for v in change)
        label = _label(model, field_name)
        if entry.action == LogEntry.Action.UPDATE:
            yield ChangeLine("changed", label, old=old, new=new)
        elif entry.action in (LogEntry.Action.CREATE, LogEntry.Action.DELETE):
            value = new if entry.action == LogEntry.Action.CREATE else old
            if value != EMPTY:
                yield ChangeLine("value", label, new=value)


def _in_form_order(model, changes):
    """The changes in the order of the model's fields (as the forms show them), not in the
    order auditlog happened to store them; fields removed since come last."""
    order = {f.name: n for n, f in enumerate(model._meta.get_fields())} if model else {}
    return sorted(changes.items(), key=lambda item: order.get(item[0], len(order)))


def _label(model, field_name):
    """The field's name as the forms show it; a field removed since by its name in words."""
    try:
        return capfirst(str(model._meta.get_field(field_name).verbose_name))
    except (AttributeError, FieldDoesNotExist):
        return capfirst(field_name.replace("_", " "))


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
