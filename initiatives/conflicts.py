"""Edit conflicts: someone else saved the plan or initiative while this editor had it open.

The services detect a conflict by the row's version and raise ``ConflictError``. The form comes
back with the editor's input fitted to the rows stored now, the stored object beside it, and
the stored version in the form, so that saving again overwrites, knowingly.
"""

from django.contrib import messages


def formset_data_after_conflict(data, *, prefix, stored_pks):
    """An inline formset's POST data, fitted to the rows stored now, for a conflict page.

    Someone else may have deleted rows the editor still has in the form. Their ids would fail
    validation (on a hidden field), so such rows become new rows: what was typed is kept and
    saved again with the editor's version. Rows the editor deleted that are gone already are
    dropped.
    """
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
    kept, moved = [], []
    for index in range(total):
        head = f"{prefix}-{index}-"
        row = {key[len(head) :]: data.getlist(key) for key in data if key.startswith(head)}
        for key in [key for key in data if key.startswith(head)]:
            del data[key]
        row_id = (row.get("id") or [""])[0]
        if index >= initial or not (row_id.isdigit() and int(row_id) in stored_pks):
            if index < initial and row.get("DELETE"):
                continue
            row.pop("id", None)
            moved.append(row)
        else:
            kept.append(row)
    for index, row in enumerate(kept + moved):
        for name, values in row.items():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    data[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + len(moved))
    return data


class ConflictMixin:
    """For an edit view with inline formsets: :meth:`render_conflict` answers a
    ``ConflictError`` with the conflict page. The view names its formsets in
    ``conflict_formsets`` and builds its forms from the fitted data in ``forms_after_conflict``.
    """

    # (formset prefix, the stored object's related name) for each inline formset.
    conflict_formsets = ()

    def forms_after_conflict(self, stored, data):
        """The form and formsets, bound to ``data`` and ``stored``, as context entries."""
        raise NotImplementedError

    def render_conflict(self, conflict):
        stored = conflict.current
        messages.error(self.request, str(conflict))
        data = self.request.POST.copy()
        for prefix, related_name in self.conflict_formsets:
            pks = set(getattr(stored, related_name).values_list("pk", flat=True))
            data = formset_data_after_conflict(data, prefix=prefix, stored_pks=pks)
        data["version"] = stored.version  # saving again now overwrites, knowingly
        context = self.get_context_data(stored=stored, **self.forms_after_conflict(stored, data))
        return self.render_to_response(context)
