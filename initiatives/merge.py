"""A three-way merge of an edit form, as a version-control system merges lines.

Three versions of every field meet when someone else saved while an editor had the form open:
what the editor loaded (the base), what they send (mine) and what is stored now (theirs). A
change made on one side only wins; where both sides changed a field differently, the editor's
value stays and the field is a conflict for them to decide. So saving the merged form again
never reverts a field the editor did not touch.

Values are plain and comparable: a string, a bool (a checkbox) or a frozenset of strings (a
multiple choice, merged as a set: the editor's additions and removals are applied to what is
stored). Rows of a formset are merged by their id. Without a base (a page loaded before the
portal kept one, or a snapshot that failed its signature) every difference is a conflict and
the editor's value stays: nothing is lost, nothing is decided for them.
"""

import enum
from dataclasses import dataclass, field


def merge_value(base, mine, theirs):
    """``(value, is_conflict)`` for one field; ``base`` is None when unknown."""
    if isinstance(mine, frozenset) and base is not None:
        return (theirs - (base - mine)) | (mine - base), False
    if mine == theirs:
        return mine, False
    if base is not None:
        if mine == base:
            return theirs, False
        if theirs == base:
            return mine, False
    return mine, True


def merge_fields(base, mine, theirs):
    """``(values, conflicts)``: the merged values of every field in ``mine`` and the names of
    those both sides changed differently. ``base`` (a dict, or None) may lack fields."""
    values, conflicts = {}, set()
    for name, value in mine.items():
        loaded = None if base is None else base.get(name)
        values[name], is_conflict = merge_value(loaded, value, theirs.get(name, value))
        if is_conflict:
            conflicts.add(name)
    return values, frozenset(conflicts)


class RowNote(enum.Enum):
    """What happened to a row beside the editor's own changes."""

    ADDED_BY_OTHER = "added"
    DELETED_BY_OTHER = "deleted"  # the editor changed it: kept as a new row, ticked for deletion
    CHANGED_WHILE_DELETED = "changed"  # the editor deletes it, the other changed it


@dataclass(frozen=True)
class Row:
    """A row as the editor sends it back: its id, its values and the tick in "Delete"."""

    pk: str
    values: dict
    is_deleted: bool = False


@dataclass(frozen=True)
class MergedRow:
    """A row of the merged form. ``pk`` is None for a row that will be saved as a new one."""

    pk: str | None
    values: dict
    conflicts: frozenset = field(default_factory=frozenset)
    is_deleted: bool = False
    note: RowNote | None = None


def merge_rows(base, mine, theirs):
    """The merged rows of one formset: the stored rows (``theirs``, id to values, in their
    order) with the editor's changes to them, then the rows the editor changed that someone
    else deleted. ``base`` maps id to values as loaded, or is None; ``mine`` lists the loaded
    rows as the editor sends them back (rows they added are not merged: they stay new)."""
    mine_by_pk = {row.pk: row for row in mine}
    merged = []
    for pk, stored in theirs.items():
        loaded = None if base is None else base.get(pk)
        row = mine_by_pk.get(pk)
        if row is None:
            note = RowNote.ADDED_BY_OTHER if loaded is None else None
            merged.append(MergedRow(pk, dict(stored), note=note))
            continue
        values, conflicts = merge_fields(loaded, row.values, stored)
        if row.is_deleted:
            changed = stored != (row.values if loaded is None else loaded)
            note = RowNote.CHANGED_WHILE_DELETED if changed else None
            merged.append(MergedRow(pk, values, is_deleted=True, note=note))
        else:
            merged.append(MergedRow(pk, values, conflicts))
    for pk, row in mine_by_pk.items():
        loaded = None if base is None else base.get(pk)
        if pk in theirs or row.is_deleted or row.values == loaded:
            continue  # an untouched row someone else deleted stays deleted
        merged.append(
            MergedRow(None, dict(row.values), is_deleted=True, note=RowNote.DELETED_BY_OTHER)
        )
    return merged
