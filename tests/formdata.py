"""POST data that resubmits a page's forms as loaded, for tests that change one value and save:
what a browser would send for Django admin's change form or the plan pages' composite forms."""

import datetime

from django import forms


def form_data(form):
    """The fields of ``form`` with their current values, named as the page names them."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        elif value is not None:
            data[bound.html_name] = str(getattr(value, "pk", value))
    return data


def formset_data(formset):
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def admin_change_data(response):
    """Everything Django admin's change (or add) page would post back unchanged."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(formset_data(inline.formset))
    return data
