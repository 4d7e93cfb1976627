"""Edit conflicts: someone else saved the plan or initiative while this editor had it open.

The services detect a conflict by the row's version and raise ``ConflictError``. The edit
page carries what the editor loaded, signed, in the form's hidden ``loaded`` field. On a
conflict the form comes back merged (initiatives.merge): for every field and formset row the
stored value where the editor changed nothing, the editor's where only they changed it, and
both side by side where both did. The form then holds the stored version and a new snapshot,
so that saving again goes through and reverts nothing the editor did not touch.

The work is bounded by the formsets' own caps (``absolute_max``): nothing here iterates over
counts taken from the request.
"""

import copy
import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.template.defaultfilters import capfirst, yesno
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from initiatives.merge import MergedRow, Row, RowNote, merge_fields, merge_rows

SNAPSHOT_SALT = "initiatives.conflicts.loaded"
# Hidden fields of the forms that are not the editor's content.
NOT_MERGED = {"version", "loaded", "base", "id", "DELETE", "ORDER"}

ROW_NOTES = {
    RowNote.ADDED_BY_OTHER: lambda: _("Someone else added this row."),
    RowNote.DELETED_BY_OTHER: lambda: _(
        "Someone else deleted this row. What you typed is kept here, ticked for deletion: "
        "untick “Delete” to add it again as a new row."
    ),
    RowNote.CHANGED_WHILE_DELETED: lambda: _(
        "Someone else changed this row, which you are deleting. Untick “Delete” to keep it."
    ),
}

SUMMARY_NOTES = {
    RowNote.DELETED_BY_OTHER: lambda: _("%(row)s: deleted by someone else"),
    RowNote.CHANGED_WHILE_DELETED: lambda: _("%(row)s: changed by someone else, deleted by you"),
}


# What forms show and send


def _sent(bound):
    """What a browser sends for ``bound`` as rendered (unbound): the values under its name."""
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    shown = widget.format_value(value)
    if shown is None:
        return []
    return [str(v) for v in shown] if isinstance(shown, (list, tuple)) else [str(shown)]


def _comparable(widget, values):
    """``values`` (a list of strings under one name) as the merge compares them: a bool for a
    checkbox, a set for a multiple choice, else one string without the browser's CRLFs."""
    raw = widget.value_from_datadict(MultiValueDict({"v": list(values)}), MultiValueDict(), "v")
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (list, tuple)):
        return frozenset(str(v) for v in raw)
    return ("" if raw is None else str(raw)).replace("\r\n", "\n").strip()


def _as_sent(value):
    """A merged value back as the list of strings a browser would send."""
    if isinstance(value, bool):
        return ["on"] if value else []
    if isinstance(value, frozenset):
        return sorted(value)
    return [value]


def _posted(data, key):
    return data.getlist(key) if hasattr(data, "getlist") else [data[key]] if key in data else []


def _names(form, formset=None):
    """The fields of ``form`` the editor edits (not its ids, version, snapshot or tick)."""
    skip = NOT_MERGED | ({formset.fk.name} if formset is not None else set())
    return [name for name in form.fields if name not in skip]


def _stored_values(form, names):
    return {name: _comparable(form.fields[name].widget, _sent(form[name])) for name in names}


def _posted_values(form, names):
    return {
        name: _comparable(form.fields[name].widget, _posted(form.data, form.add_prefix(name)))
        for name in names
    }


def _shown(bound):
    """The stored value of ``bound`` (an unbound field on the stored object) for a reader."""
    field_, value = bound.field, bound.initial
    if isinstance(field_.widget, forms.CheckboxInput):
        return yesno(bool(value))
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return formats.date_format(value)
    values = _sent(bound)
    if hasattr(field_, "choices"):
        labels = {str(key): label for key, label in field_.choices}
        values = [str(labels.get(v, v)) for v in values if v]
    return ", ".join(values) or _("(empty)")


# The snapshot of what the editor loaded


def snapshot(form, formsets):
    """A signed snapshot of the unbound ``form`` and ``formsets`` as the editor loads them:
    the merge's base if someone else saves before them. Signed so that a tampered one is
    refused rather than trusted."""
    obj = form.instance
    payload = {
        "object": [obj._meta.label, obj.pk],
        "fields": {name: _sent(form[name]) for name in _names(form)},
        "rows": {
            formset.prefix: {
                str(row.instance.pk): {name: _sent(row[name]) for name in _names(row, formset)}
                for row in formset.initial_forms
            }
            for formset in formsets
        },
    }
    return signing.dumps(payload, salt=SNAPSHOT_SALT, compress=True)


def _loaded(token, obj):
    """The snapshot in ``token`` if it is genuine and of ``obj``, else None (no base)."""
    try:
        payload = signing.loads(token or "", salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None
    if payload.get("object") != [obj._meta.label, obj.pk]:
        return None
    return payload


def _base_values(loaded, form, names):
    if loaded is None:
        return None
    return {
        name: _comparable(form.fields[name].widget, values)
        for name, values in loaded.items()
        if name in names
    }


# The merge of a whole edit page


@dataclass
class FormsetMerge:
    rows: list  # MergedRow for each row of the merged formset, in order
    shown: dict  # row id -> {field: the stored value as shown}, for the conflicts


@dataclass
class EditMerge:
    """The merged page: ``data`` to bind the forms to, what conflicts, and per row its note."""

    data: QueryDict
    conflicts: dict  # field name -> the stored value as shown
    formsets: list  # FormsetMerge for each formset

    def mark(self, form, formsets):
        """Mark the conflicting fields and rows of the forms bound to :attr:`data`."""
        _mark(form, self.conflicts)
        for formset, merged in zip(formsets, self.formsets, strict=True):
            for row_form, row in zip(formset.forms, merged.rows, strict=False):
                shown = merged.shown.get(row.pk, {})
                _mark(row_form, {name: shown[name] for name in row.conflicts})
                row_form.conflict_note = ROW_NOTES[row.note]() if row.note else ""

    def summary(self, form, formsets):
        """Links to what needs the editor's decision, for the box at the top of the page: each
        field both editors changed, and each row one deleted and the other changed."""
        links = [(form[name].label, _target(form[name])) for name in self.conflicts]
        for formset, merged in zip(formsets, self.formsets, strict=True):
            kind = capfirst(str(formset.model._meta.verbose_name))
            for number, (row_form, row) in enumerate(
                zip(formset.forms, merged.rows, strict=False), start=1
            ):
                # The row as its fieldset's legend names it: "Milestone 2".
                name = _("%(name)s %(number)s") % {"name": kind, "number": number}
                for field_name in sorted(row.conflicts):
                    bound = row_form[field_name]
                    text = _("%(row)s, %(field)s") % {"row": name, "field": bound.label}
                    links.append((text, _target(bound)))
                if row.note in SUMMARY_NOTES:
                    links.append((SUMMARY_NOTES[row.note]() % {"row": name}, row_form.prefix))
        return [{"text": text, "target": target} for text, target in links]


def _target(bound):
    """The id a link to ``bound`` focuses: its input, or the first of a group of boxes."""
    return bound.id_for_label or bound.field.widget.id_for_label(bound.auto_id, "0")


def merge_form(posted_form, stored_form, token):
    """Merge one form: ``posted_form`` (bound to the editor's POST) with ``stored_form``
    (unbound, on the object stored now), the base taken from the snapshot ``token``.
    Returns ``(data, conflicts, loaded)``: the merged values as a browser would send them,
    the fields both sides changed (name to the stored value as shown), and the snapshot."""
    loaded = _loaded(token, stored_form.instance)
    names = _names(stored_form)
    values, conflicts = merge_fields(
        _base_values(loaded and loaded["fields"], stored_form, names),
        _posted_values(posted_form, names),
        _stored_values(stored_form, names),
    )
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, _as_sent(value))
    return data, {name: _shown(stored_form[name]) for name in conflicts}, loaded


def merge_edit(posted_form, posted_formsets, stored_form, stored_formsets):
    """Merge the editor's ``posted_form`` and ``posted_formsets`` (bound to their POST) with
    ``stored_form`` and ``stored_formsets`` (unbound, on the object stored now), taking the
    base from the posted snapshot."""
    stored = stored_form.instance
    data, shown, loaded = merge_form(posted_form, stored_form, posted_form.data.get("loaded"))
    data["version"] = str(stored.version)
    data["loaded"] = snapshot(stored_form, stored_formsets)
    merges = [
        _merge_formset(posted, fresh, loaded and loaded["rows"].get(fresh.prefix, {}), data)
        for posted, fresh in zip(posted_formsets, stored_formsets, strict=True)
    ]
    return EditMerge(data=data, conflicts=shown, formsets=merges)


def _merge_formset(posted, fresh, loaded_rows, data):
    """Merge one formset's rows into ``data``; ``loaded_rows`` is None without a base."""
    stored_rows = {str(f.instance.pk): f for f in fresh.initial_forms}
    names = _names(fresh.empty_form, fresh)
    widgets = {name: fresh.empty_form.fields[name].widget for name in names}
    base = None
    if loaded_rows is not None:
        base = {
            pk: {n: _comparable(widgets[n], v) for n, v in row.items() if n in widgets}
            for pk, row in loaded_rows.items()
        }
    mine = [
        Row(pk=pk, values=_posted_values(f, names), is_deleted=_is_ticked(f))
        for f in posted.initial_forms
        if (pk := str((_posted(f.data, f.add_prefix("id")) or [""])[0]))
    ]
    rows = merge_rows(base, mine, {pk: _stored_values(f, names) for pk, f in stored_rows.items()})
    # The editor's new rows stay new; blank ones are laid out afresh, as on a loaded page
    # (a row none of whose fields was sent counts as blank: TOTAL_FORMS is the client's).
    blank = _stored_values(fresh.empty_form, names)
    for form in posted.extra_forms:
        values = _posted_values(form, names)
        sent = any(form.add_prefix(name) in form.data for name in names)
        if sent and values != blank:
            rows.append(MergedRow(None, values, is_deleted=_is_ticked(form)))
    rows += [MergedRow(None, blank)] * fresh.extra
    _write_rows(data, fresh, rows)
    shown = {
        row.pk: {name: _shown(stored_rows[row.pk][name]) for name in row.conflicts}
        for row in rows
        if row.conflicts
    }
    return FormsetMerge(rows=rows, shown=shown)


def _is_ticked(form):
    widget = forms.CheckboxInput()
    return widget.value_from_datadict(form.data, form.files, form.add_prefix("DELETE"))


def _write_rows(data, formset, rows):
    prefix, parent = formset.prefix, str(formset.instance.pk)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(row.pk is not None for row in rows))
    for index, row in enumerate(rows):
        head = f"{prefix}-{index}-"
        if row.pk is not None:
            data[head + "id"] = row.pk
        data[head + formset.fk.name] = parent
        for name, value in row.values.items():
            data.setlist(head + name, _as_sent(value))
        if row.is_deleted:
            data[head + "DELETE"] = "on"


# Marking the conflicts on the page


class ConflictBoundField(BoundField):
    """A field both editors changed: the stored value is shown under the editor's own, as
    part of the help text (so that the input is described by it), and the field is marked."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.theirs = form.conflicts.get(name)
        if self.theirs is not None:
            context = {"theirs": self.theirs, "help_text": self.help_text}
            self.help_text = render_to_string("initiatives/partials/_theirs.html", context)

    def css_classes(self, extra_classes=None):
        classes = super().css_classes(extra_classes)
        return f"{classes} has-conflict".strip() if self.theirs is not None else classes


def _mark(form, conflicts):
    form.conflicts = conflicts
    form.bound_field_class = ConflictBoundField


class ConflictMixin:
    """For an edit view with inline formsets. The view names its formsets in
    ``edit_formsets``, builds them with :meth:`build_formsets`, lays its forms out in the
    context with :meth:`forms_context`, and answers a ``ConflictError`` with
    :meth:`render_conflict`."""

    # (formset class, prefix) of each inline formset, in the order of the page.
    edit_formsets = ()

    def build_formsets(self, instance, data):
        return [cls(data, instance=instance, prefix=prefix) for cls, prefix in self.edit_formsets]

    def forms_context(self, form, formsets):
        """The form and formsets as the template's context entries."""
        raise NotImplementedError

    def remember_loaded(self, form, formsets):
        """On a freshly loaded edit page: sign what the editor sees into the form."""
        if not form.is_bound and form.instance.pk is not None:
            form.initial["loaded"] = snapshot(form, formsets)

    def edit_form(self, instance, data=None):
        """The view's form on ``instance``, bound to ``data`` (unbound without)."""
        kwargs = {**self.get_form_kwargs(), "instance": instance, "data": data}
        kwargs.pop("files", None)
        return self.get_form_class()(**kwargs)

    def render_conflict(self, conflict, form, formsets):
        """The conflict page: the editor's input merged with what is stored now."""
        stored = conflict.current
        messages.error(self.request, str(conflict))
        merge = merge_edit(
            form, formsets, self.edit_form(stored), self.build_formsets(stored, None)
        )
        # The form edits a copy: validating it must not change the stored object shown beside.
        form = self.edit_form(copy.copy(stored), merge.data)
        formsets = self.build_formsets(stored, merge.data)
        merge.mark(form, formsets)
        context = self.get_context_data(
            stored=stored,
            conflict_links=merge.summary(form, formsets),
            **self.forms_context(form, formsets),
        )
        return self.render_to_response(context)
