"""Years and dates stay within 1900-2100: plans, initiatives, milestones and progress notes
refuse anything else with a Danish message, and the calendar survives a stored outlier."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives.forms import (
    InitiativeForm,
    MilestoneForm,
    PlanForm,
    ProgressNoteForm,
    StartFromForm,
)
from initiatives.models import Milestone
from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

YEAR_ERROR = "Enter a year from %(first)s to %(last)s."
DATE_ERROR = "Enter a date in the years %(first)s to %(last)s."


def danish(message):
    with translation.override("da"):
        return gettext(message) % {"first": 1900, "last": 2100}


def plan_data(**overrides):
    return {"title": "Plan", "slug": "ny-plan", "start_year": 2020, "end_year": 2022} | overrides


@pytest.mark.parametrize("form_class", [PlanForm, StartFromForm])
@pytest.mark.parametrize(("field", "year"), [("start_year", 0), ("end_year", 20201)])
def test_plan_year_outside_1900_to_2100_is_refused_in_danish(form_class, field, year):
    with translation.override("da"):
        form = form_class(data=plan_data(**{field: year}))
        assert not form.is_valid()
        assert form.errors[field] == [danish(YEAR_ERROR)]


@pytest.mark.parametrize("year", [1900, 2100])
def test_plan_years_at_the_edges_are_accepted(year):
    assert PlanForm(data=plan_data(start_year=year, end_year=year)).is_valid()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("start_year", 1899, YEAR_ERROR),
        ("end_year", 2101, YEAR_ERROR),
        ("start_date", "0001-01-01", DATE_ERROR),
        ("end_date", "9999-12-31", DATE_ERROR),
    ],
)
def test_initiative_years_and_dates_outside_the_range_are_refused_in_danish(field, value, error):
    plan = ActionPlanFactory()
    data = {"number": 1, "title": "Indsats", "start_year": 2020, "end_year": 2021, field: value}
    with translation.override("da"):
        form = InitiativeForm(data=data, plan=plan)
        assert not form.is_valid()
        assert form.errors[field] == [danish(error)]


@pytest.mark.parametrize("form_class", [MilestoneForm, ProgressNoteForm])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_milestone_and_note_dates_outside_the_range_are_refused_in_danish(form_class, value):
    with translation.override("da"):
        form = form_class(data={"date": value, "title": "Temamøde", "text": "Holdt."})
        assert not form.is_valid()
        assert form.errors["date"] == [danish(DATE_ERROR)]


def test_progress_note_with_a_far_future_date_keeps_the_text_and_saves_nothing(
    staff_user, client_for
):
    initiative = InitiativeFactory()
    url = reverse(
        "initiatives:progress-note-create",
        kwargs={"slug": initiative.plan.slug, "number": initiative.number},
    )
    response = client_for(staff_user).post(url, {"date": "9999-12-31", "text": "Næste skridt."})
    assert response.status_code == 200
    assert danish(DATE_ERROR) in response.content.decode()
    assert "Næste skridt." in response.content.decode()
    assert not initiative.progress_notes.exists()


def test_calendar_survives_a_milestone_on_the_last_day_there_is(client):
    initiative = InitiativeFactory()
    # Stored past validation (an import, the shell): the export must still answer.
    Milestone.objects.create(initiative=initiative, date=datetime.date.max, title="Langt ude")
    url = reverse("initiatives:plan-calendar", kwargs={"slug": initiative.plan.slug})
    response = client.get(url)
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date.max


def test_year_inputs_tell_the_browser_the_range():
    html = str(PlanForm()["start_year"])
    assert 'min="1900"' in html and 'max="2100"' in html
