"""The action plan in other formats: CSV rows, a JSON document and an iCalendar of milestones.

Pure functions over loaded objects: the views load the plan with a fixed number of queries
and pass what they loaded; nothing here queries the database.
"""

import datetime

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

# Cells that a spreadsheet would run as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text, never evaluates as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def actor_label(actor):
    return _("%(actor)s (%(role)s)") % {
        "actor": actor.display_name,
        "role": actor.get_role_display(),
    }


def csv_header():
    return [
        _("Number"),
        _("Title"),
        _("Status"),
        _("Strategic goals"),
        _("Actors"),
        _("Start year"),
        _("End year"),
        _("Start date"),
        _("End date"),
        _("Purpose"),
    ]


def csv_rows(initiatives):
    """One row per initiative, in the order of :func:`csv_header`."""
    for initiative in initiatives:
        yield [
            initiative.number,
            spreadsheet_safe(initiative.title),
            initiative.get_status_display(),
            spreadsheet_safe(", ".join(str(goal) for goal in initiative.goals.all())),
            spreadsheet_safe(", ".join(actor_label(actor) for actor in initiative.actors.all())),
            initiative.start_year,
            initiative.end_year,
            initiative.start_date.isoformat() if initiative.start_date else "",
            initiative.end_date.isoformat() if initiative.end_date else "",
            spreadsheet_safe(initiative.purpose),
        ]


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
    calendar = Calendar()
    calendar.add("prodid", "-//Frivilligportalen//Action plan milestones//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(plan))
    stamp = plan.updated_at or datetime.datetime.now(datetime.UTC)
    for milestone in milestones:
        initiative = milestone.initiative
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.date)
        if milestone.date < datetime.date.max:
            event.add("dtend", milestone.date + datetime.timedelta(days=1))
        # else: the last day there is (only stored by bypassing validation); without DTEND
        # a date event lasts that one day (RFC 5545), so the feed still works.
        event.add("summary", f"{initiative}: {milestone.title}")
        event.add(
            "description",
            _("Milestone of initiative %(initiative)s in %(plan)s")
            % {
                "initiative": initiative,
                "plan": plan,
            },
        )
        event.add("url", absolute_url(initiative.get_absolute_url()))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar
