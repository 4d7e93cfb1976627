"""The error summary at the top of a form page (GOV.UK Design System's pattern): every error
of the page's forms and formsets, each linking to its field, and "Error: " before the title.

``partials/_error_summary.html`` is included ``with`` the page's forms and formsets (any
names, lists of formsets too) ``only``; base.html prefixes the title from the page's whole
context, so a page with a form needs nothing more for it.
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    """One error: ``label`` names the field (empty for an error of the whole form), and
    ``target`` is the id of the element the link leads to (empty: no link)."""

    message: str
    label: str = ""
    target: str = ""


def _forms_in(values):
    """The forms and formsets among ``values``, lists and tuples opened. By the type, not
    isinstance: that would evaluate lazy values of the context (the CSRF token, whose
    evaluation sets a cookie on every page)."""
    for value in values:
        kind = type(value)
        if issubclass(kind, (forms.BaseForm, BaseFormSet)):
            yield value
        elif kind in (list, tuple):
            yield from _forms_in(value)


def _field_target(bound_field):
    """The id of the input a field's link focuses: the first box of a group of checkboxes
    or radio buttons, whose label has no single input to point at."""
    target = bound_field.id_for_label
    if not target and bound_field.auto_id:
        target = bound_field.field.widget.id_for_label(bound_field.auto_id, "0")
    return target or ""


def _first_target(form):
    visible = form.visible_fields()
    return _field_target(visible[0]) if visible else ""


def form_items(form, row=""):
    """The errors of one form, in the order of its fields; ``row`` names a formset's row."""
    if not form.is_bound:
        return []
    items = [
        SummaryItem(str(message), label=row, target=_first_target(form))
        for message in form.non_field_errors()
    ]
    for bound_field in form:
        if not bound_field.errors:
            continue
        if bound_field.is_hidden:  # e.g. the row id of a stale formset row
            label, target = row, _first_target(form)
        else:
            label = capfirst(str(bound_field.label or bound_field.name))
            target = _field_target(bound_field)
            if row:
                label = _("%(row)s, %(field)s") % {"row": row, "field": label}
        items += [SummaryItem(str(m), label=label, target=target) for m in bound_field.errors]
    return items


def formset_items(formset):
    if not formset.is_bound:
        return []
    # Errors of the formset as a whole lead to its section (see initiatives/_formset.html).
    items = [
        SummaryItem(str(message), target=f"{formset.prefix}-heading")
        for message in formset.non_form_errors()
    ]
    model = getattr(getattr(formset.form, "_meta", None), "model", None)
    name = capfirst(str(model._meta.verbose_name)) if model else ""
    for number, form in enumerate(formset.forms, start=1):
        # The row as its fieldset's legend names it: "Actor 2".
        row = _("%(name)s %(number)s") % {"name": name, "number": number} if name else ""
        items += form_items(form, row=row)
    return items


def summary_items(values):
    items = []
    for obj in _forms_in(values):
        if isinstance(obj, BaseFormSet):
            items += formset_items(obj)
        else:
            items += form_items(obj)
            # Its general errors are said here; crispy's alert above the form (our
            # bootstrap5/errors.html) leaves them out rather than say them twice.
            obj.non_field_errors_in_summary = True
    return items


def has_errors(values):
    """Whether any bound form or formset among ``values`` has an error."""
    for obj in _forms_in(values):
        if not obj.is_bound:
            continue
        if isinstance(obj, BaseFormSet):
            if obj.total_error_count():
                return True
        elif obj.errors:
            return True
    return False


@register.simple_tag(takes_context=True)
def error_summary_items(context):
    """The errors of the forms and formsets the summary was included with."""
    return summary_items(context.flatten().values())


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Error: " when the page shows a form with errors, so that a screen reader hears it
    first (GOV.UK's advice); nothing otherwise."""
    if has_errors(context.flatten().values()):
        return pgettext("page title", "Error:") + " "
    return ""
