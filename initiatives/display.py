"""What the plan page shows of each of its 40 or so initiatives, made once per row in Python:
the status badge and progress figure appear three times per initiative, and an include or a
``get_status_display`` per appearance was most of the page's rendering time."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext


def status_badge(status, label):
    """The status as a badge (initiatives/partials/_status.html, as HTML)."""
    return format_html('<span class="badge status-badge status-{}">{}</span>', status, label)


def progress_figure(value):
    """The progress bar and figure (initiatives/partials/_progress.html), or "" without one."""
    if value is None:
        return ""
    return format_html(
        '<span class="progress-figure"><span class="progress-track" aria-hidden="true">'
        '<span class="bar d-block pct-{}"></span></span> {}</span>',
        value,
        gettext("%(value)s %% done") % {"value": value},
    )


def add_row_display(plan, initiatives):
    """Give each of ``plan``'s loaded ``initiatives`` its ``url``, ``status_label``,
    ``badge`` and ``progress_figure`` (and each actor its ``role_label``), with one URL
    reversal for them all."""
    # The detail address differs only in the number, which is its last segment.
    sample = reverse("initiatives:initiative-detail", kwargs={"slug": plan.slug, "number": 1})
    prefix = sample[: -len("1/")]
    for initiative in initiatives:
        initiative.url = f"{prefix}{initiative.number}/"
        initiative.status_label = initiative.get_status_display()
        initiative.badge = status_badge(initiative.status, initiative.status_label)
        initiative.progress_figure = progress_figure(initiative.current_progress)
        for actor in initiative.actors.all():
            actor.role_label = actor.get_role_display().lower()
