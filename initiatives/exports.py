"""The action plan in other formats: spreadsheets (CSV and XLSX), a JSON document and an
iCalendar of milestones.

Pure functions over loaded objects: the views load the plan with a fixed number of queries
and pass what they loaded; nothing here queries the database.
"""

import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from volunteer_portal.ical import DayCalendar
from volunteer_portal.spreadsheets import (  # noqa: F401  (FORMULA_PREFIXES: re-exported)
    FORMULA_PREFIXES,
    csv_cell,
    sheet_title,
    spreadsheet_safe,
    write_table,
)


def actor_label(actor):
    return _("%(actor)s (%(role)s)") % {
        "actor": actor.display_name,
        "role": actor.get_role_display(),
    }


def milestone_label(milestone):
    values = {"date": milestone.date.isoformat(), "title": milestone.title}
    if milestone.is_reached:
        return _("%(date)s %(title)s (reached)") % values
    return _("%(date)s %(title)s") % values


def latest_note(initiative):
    """The newest progress note; the loader orders them newest first."""
    return next(iter(initiative.progress_notes.all()), None)


def initiative_columns():
    """(heading, width in characters) of each column of the CSV and the XLSX."""
    return [
        (_("Number"), 8),
        (_("Title"), 40),
        (_("Status"), 14),
        (_("Description"), 60),
        (_("Purpose"), 50),
        (_("Strategic goals"), 40),
        (_("Actors"), 45),
        (_("Start year"), 10),
        (_("End year"), 10),
        (_("Start date"), 12),
        (_("End date"), 12),
        (_("Milestones"), 45),
        (_("Latest progress note, date"), 12),
        (_("Latest progress note"), 60),
    ]


def spreadsheet_header():
    return [heading for heading, _width in initiative_columns()]


def initiative_values(initiative):
    """One initiative in the order of :func:`spreadsheet_header`, as numbers, dates and text.
    Lists (goals, actors, milestones) are one item a line."""
    note = latest_note(initiative)
    return [
        initiative.number,
        initiative.title,
        str(initiative.get_status_display()),
        initiative.description,
        initiative.purpose,
        "\n".join(str(goal) for goal in initiative.goals.all()),
        "\n".join(actor_label(actor) for actor in initiative.actors.all()),
        initiative.start_year,
        initiative.end_year,
        initiative.start_date,
        initiative.end_date,
        "\n".join(milestone_label(m) for m in initiative.milestones.all()),
        note.date if note else None,
        note.text if note else "",
    ]


def csv_rows(initiatives):
    """One row per initiative, in the order of :func:`spreadsheet_header`; dates as ISO text."""
    for initiative in initiatives:
        yield [csv_cell(value) for value in initiative_values(initiative)]


def milestone_columns():
    return [
        (_("Number"), 8),
        (_("Initiative"), 40),
        (_("Date"), 12),
        (_("Milestone"), 45),
        (_("Reached"), 8),
    ]


def milestone_values(initiatives):
    for initiative in initiatives:
        for milestone in initiative.milestones.all():
            yield [
                initiative.number,
                initiative.title,
                milestone.date,
                milestone.title,
                _("Yes") if milestone.is_reached else _("No"),
            ]


def plan_workbook(plan, initiatives):
    """The initiatives as an XLSX workbook: one sheet with the columns of the CSV, one with a
    row per milestone. Years are numbers and dates are date cells, so they sort and filter.

    Text is always stored as text: openpyxl would store "=..." as a formula. Text that starts
    like a formula also gets Excel's quote prefix, so that editing the cell keeps it text;
    unlike the CSV it needs no visible apostrophe.
    """
    initiatives = list(initiatives)
    workbook = Workbook()
    workbook.properties.title = str(plan)
    workbook.properties.creator = "Frivilligportalen"
    sheet = workbook.active
    sheet.title = sheet_title(_("Initiatives"))
    write_table(sheet, initiative_columns(), map(initiative_values, initiatives))
    milestones = workbook.create_sheet(sheet_title(_("Milestones")))
    write_table(milestones, milestone_columns(), milestone_values(initiatives))
    return workbook


def _iso(value):
    return value.isoformat() if value else None


def plan_data(plan, goals, initiatives, absolute_url):
    """The plan as a JSON-ready dict with its goals and initiatives nested.

    The keys are English and stable; values in the plan's own language (titles, texts) are
    as written, and statuses are given as their code (``in_progress``) and label.
    """
    return {
        "title": plan.title,
        "slug": plan.slug,
        "url": absolute_url(plan.get_absolute_url()),
        "status": plan.status,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "vision": plan.vision,
        "legal_basis": plan.legal_basis,
        "introduction": plan.introduction,
        "published_at": _iso(plan.published_at),
        "updated_at": _iso(plan.updated_at),
        "goals": [
            {"number": goal.number, "title": goal.title, "description": goal.description}
            for goal in goals
        ],
        "initiatives": [_initiative_data(i, absolute_url) for i in initiatives],
    }


def _initiative_data(initiative, absolute_url):
    return {
        "number": initiative.number,
        "title": initiative.title,
        "url": absolute_url(initiative.get_absolute_url()),
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "description": initiative.description,
        "purpose": initiative.purpose,
        "goals": [goal.number for goal in initiative.goals.all()],
        "actors": [
            {
                "name": actor.display_name,
                "organisation": actor.organisation.slug if actor.organisation_id else None,
                "role": actor.role,
            }
            for actor in initiative.actors.all()
        ],
        "start_year": initiative.start_year,
        "end_year": initiative.end_year,
        "start_date": _iso(initiative.start_date),
        "end_date": _iso(initiative.end_date),
        "milestones": [
            {"date": _iso(m.date), "title": m.title, "is_reached": m.is_reached}
            for m in initiative.milestones.all()
        ],
        "progress_notes": [
            {"date": _iso(note.date), "text": note.text} for note in initiative.progress_notes.all()
        ],
        "related": sorted(other.number for other in initiative.related.all()),
        "is_carried_over": initiative.is_carried_over,
    }


def milestone_calendar(plan, milestones, absolute_url, domain):
    """An iCalendar with one all-day event per milestone.

    UIDs are built from the milestone's id and the site's domain, so a calendar that
    subscribes sees an edited milestone move instead of a new one appearing.
    """
    calendar = DayCalendar(prodid="-//Frivilligportalen//Action plan milestones//EN", name=plan)
    stamp = plan.updated_at or datetime.datetime.now(datetime.UTC)
    for milestone in milestones:
        initiative = milestone.initiative
        calendar.add_event(
            uid=f"milestone-{milestone.pk}@{domain}",
            day=milestone.date,
            summary=f"{initiative}: {milestone.title}",
            description=_("Milestone of initiative %(initiative)s in %(plan)s")
            % {"initiative": initiative, "plan": plan},
            url=absolute_url(initiative.get_absolute_url()),
            stamp=stamp,
        )
    return calendar
