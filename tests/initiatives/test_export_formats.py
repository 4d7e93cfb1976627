"""The contents of the exports: CSV for Danish Excel, XLSX, JSON, iCalendar and Atom, each
parsed back, and their query counts pinned for 1 and 10 initiatives."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import icalendar
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import exports
from initiatives.models import InitiativeActor, Milestone, ProgressNote, StatusChange
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)
from tests.initiatives.reporting import make_full_plan
from tests.queries import assert_own_num_queries
from volunteer_portal import spreadsheets

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def export_url(name, plan):
    return reverse(f"initiatives:{name}", kwargs={"slug": plan.slug})


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(
        title="Handleplan for frivilligt socialt arbejde",
        slug="rodovre-2020-2022",
        vision="Sammen med borgeren.",
    )
    goal_1 = StrategicGoalFactory(plan=plan, number=1, title="Gode rammer")
    goal_2 = StrategicGoalFactory(plan=plan, number=2, title="Synlighed og netværk")
    first = InitiativeFactory(
        plan=plan,
        number=1,
        title="Vi vil have flere med i foreningerne",
        description="Vi vil have fokus på tilgængelighed.\n\nTemamøde med foreningerne.",
        purpose="At støtte foreningerne i at inkludere udsatte.",
        start_year=2020,
        end_year=2020,
    )
    fourth = InitiativeFactory(
        plan=plan,
        number=4,
        title="=Medborgerhus i Islev",  # a title a spreadsheet would read as a formula
        start_year=2020,
        end_year=2022,
        start_date=datetime.date(2020, 9, 1),
        status="in_progress",
    )
    first.goals.set([goal_2])
    fourth.goals.set([goal_1, goal_2])
    fourth.related.set([first])
    centre = OrganisationFactory(name="Rødovre Frivilligcenter", slug="rodovre-frivilligcenter")
    InitiativeActor.objects.create(initiative=first, organisation=centre, role="owner")
    InitiativeActor.objects.create(initiative=first, name="Lokale foreninger", position=1)
    Milestone.objects.create(initiative=fourth, date=datetime.date(2021, 4, 15), title="Åbning")
    Milestone.objects.create(initiative=first, date=datetime.date(2020, 3, 5), title="Temamøde")
    return plan


# CSV and XLSX: the same columns

COLUMNS = [
    "Number",
    "Title",
    "Status",
    "Description",
    "Purpose",
    "Strategic goals",
    "Actors",
    "Start year",
    "End year",
    "Start date",
    "End date",
    "Milestones",
    "Latest progress note, date",
    "Latest progress note",
]


@pytest.fixture
def sheet_plan(plan):
    """The plan with a reached milestone and two progress notes, the newer one written first."""
    first = plan.initiatives.get(number=1)
    Milestone.objects.create(
        initiative=first, date=datetime.date(2020, 6, 1), title="Kursus", is_reached=True
    )
    ProgressNote.objects.create(initiative=first, date=datetime.date(2021, 1, 10), text="Seneste.")
    ProgressNote.objects.create(initiative=first, date=datetime.date(2020, 5, 1), text="Første.")
    return plan


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def csv_records(response):
    header, *rows = read_csv(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_has_one_row_per_initiative_for_danish_excel(plan, client):
    response = client.get(export_url("plan-csv", plan))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rodovre-2020-2022.csv"'
    header, *rows = read_csv(response)
    assert len(header) == len(COLUMNS)  # the headings themselves are checked in English below
    assert [row[0] for row in rows] == ["1", "4"]
    first = rows[0]
    assert first[1] == "Vi vil have flere med i foreningerne"
    assert first[2] == "Planlagt"
    assert "Rødovre Frivilligcenter (Ejer)" in first[6]
    assert "Lokale foreninger (Deltager)" in first[6]
    assert "Mål 2: Synlighed og netværk" in first[5]


def test_csv_carries_description_purpose_goals_actors_milestones_and_latest_note(
    sheet_plan, client
):
    header, *rows = read_csv(client.get("/en" + export_url("plan-csv", sheet_plan)))
    assert header == COLUMNS
    first, fourth = (dict(zip(header, row, strict=True)) for row in rows)
    assert first == {
        "Number": "1",
        "Title": "Vi vil have flere med i foreningerne",
        "Status": "Planned",
        "Description": "Vi vil have fokus på tilgængelighed.\n\nTemamøde med foreningerne.",
        "Purpose": "At støtte foreningerne i at inkludere udsatte.",
        "Strategic goals": "Goal 2: Synlighed og netværk",
        "Actors": "Rødovre Frivilligcenter (Owner)\nLokale foreninger (Participant)",
        "Start year": "2020",
        "End year": "2020",
        "Start date": "",
        "End date": "",
        "Milestones": "2020-03-05 Temamøde\n2020-06-01 Kursus (reached)",
        "Latest progress note, date": "2021-01-10",
        "Latest progress note": "Seneste.",
    }
    assert fourth["Status"] == "In progress"
    assert (fourth["Start date"], fourth["End date"]) == ("2020-09-01", "")
    assert fourth["Strategic goals"] == "Goal 1: Gode rammer\nGoal 2: Synlighed og netværk"
    assert fourth["Milestones"] == "2021-04-15 Åbning"
    assert (fourth["Latest progress note, date"], fourth["Latest progress note"]) == ("", "")


def test_csv_keeps_spreadsheets_from_running_formulas(plan, client):
    _header, _first, fourth = read_csv(client.get(export_url("plan-csv", plan)))
    assert fourth[1] == "'=Medborgerhus i Islev"


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_xlsx_has_the_csv_columns_with_numbers_and_real_dates(sheet_plan, client):
    response = client.get("/en" + export_url("plan-xlsx", sheet_plan))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="rodovre-2020-2022.xlsx"'
    workbook = read_xlsx(response)
    assert workbook.sheetnames == ["Initiatives", "Milestones"]
    sheet = workbook["Initiatives"]
    header, first, fourth = ([cell.value for cell in row] for row in sheet.iter_rows())
    assert header == COLUMNS
    first, fourth = dict(zip(header, first, strict=True)), dict(zip(header, fourth, strict=True))
    assert first["Number"] == 1 and first["Start year"] == 2020
    assert first["Actors"] == "Rødovre Frivilligcenter (Owner)\nLokale foreninger (Participant)"
    assert first["Description"].startswith("Vi vil have fokus på tilgængelighed.")
    assert first["Milestones"] == "2020-03-05 Temamøde\n2020-06-01 Kursus (reached)"
    assert first["Latest progress note"] == "Seneste."
    assert first["Latest progress note, date"] == datetime.datetime(2021, 1, 10)
    assert first["Start date"] is None
    assert fourth["Start date"] == datetime.datetime(2020, 9, 1)
    date_cell = sheet.cell(row=3, column=COLUMNS.index("Start date") + 1)
    assert date_cell.is_date and date_cell.data_type == "d"


def test_xlsx_has_a_sheet_of_milestones_with_date_cells(sheet_plan, client):
    sheet = read_xlsx(client.get("/en" + export_url("plan-xlsx", sheet_plan)))["Milestones"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    first = "Vi vil have flere med i foreningerne"
    assert rows == [
        ["Number", "Initiative", "Date", "Milestone", "Reached"],
        [1, first, datetime.datetime(2020, 3, 5), "Temamøde", "No"],
        [1, first, datetime.datetime(2020, 6, 1), "Kursus", "Yes"],
        [4, "=Medborgerhus i Islev", datetime.datetime(2021, 4, 15), "Åbning", "No"],
    ]
    assert all(row[2].is_date for row in sheet.iter_rows(min_row=2))


def test_xlsx_stores_text_that_looks_like_a_formula_as_text(plan, client):
    response = client.get(export_url("plan-xlsx", plan))
    sheet = read_xlsx(response).worksheets[0]
    title = sheet.cell(row=3, column=2)
    # Shown as typed, with Excel's hidden quote prefix, never evaluated.
    assert (title.value, title.data_type, title.quotePrefix) == ("=Medborgerhus i Islev", "s", True)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert all(b"<f>" not in sheet_xml for sheet_xml in sheets), "no formula in any cell"


@pytest.mark.parametrize("text", ["=1+1", "+4536377000", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_in_both_spreadsheets(text):
    assert exports.spreadsheet_safe(text) == "'" + text
    cell = openpyxl.Workbook().active["A1"]
    spreadsheets.put_cell(cell, text)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_xlsx_leaves_out_characters_a_workbook_cannot_hold(plan, client):
    InitiativeFactory(plan=plan, number=9, title="Klokke\x07 og\x0b lodret tab")
    sheet = read_xlsx(client.get(export_url("plan-xlsx", plan))).worksheets[0]
    assert sheet.cell(row=4, column=2).value == "Klokke og lodret tab"


# JSON


def test_json_nests_goals_and_initiatives_under_stable_keys(plan, client):
    response = client.get(export_url("plan-json", plan))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert set(data) == {
        "title",
        "slug",
        "url",
        "status",
        "start_year",
        "end_year",
        "vision",
        "legal_basis",
        "introduction",
        "published_at",
        "updated_at",
        "goals",
        "initiatives",
    }
    assert data["slug"] == "rodovre-2020-2022"
    assert (data["start_year"], data["end_year"]) == (2020, 2022)
    assert data["url"].startswith("http://testserver/")
    assert [goal["number"] for goal in data["goals"]] == [1, 2]
    assert data["goals"][1]["title"] == "Synlighed og netværk"
    first, fourth = data["initiatives"]
    assert first["number"] == 1
    assert first["goals"] == [2]
    assert first["actors"] == [
        {
            "name": "Rødovre Frivilligcenter",
            "organisation": "rodovre-frivilligcenter",
            "role": "owner",
        },
        {"name": "Lokale foreninger", "organisation": None, "role": "participant"},
    ]
    assert first["milestones"] == [{"date": "2020-03-05", "title": "Temamøde", "is_reached": False}]
    assert fourth["status"] == "in_progress"
    assert fourth["start_date"] == "2020-09-01"
    assert fourth["end_date"] is None
    assert fourth["related"] == [1]
    assert first["related"] == [4]  # related initiatives go both ways
    assert fourth["url"].endswith("/4/")


def test_json_keeps_danish_letters_readable(plan, client):
    assert "Rødovre".encode() in client.get(export_url("plan-json", plan)).content


# iCalendar


def test_calendar_has_an_all_day_event_per_milestone_with_stable_uids(plan, client):
    response = client.get(export_url("plan-calendar", plan))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    assert [event.decoded("dtstart") for event in events] == [
        datetime.date(2020, 3, 5),
        datetime.date(2021, 4, 15),
    ]
    # All-day: dates, not datetimes, ending the day after.
    assert not isinstance(events[0].decoded("dtstart"), datetime.datetime)
    assert events[0].decoded("dtend") == datetime.date(2020, 3, 6)
    assert "Temamøde" in str(events[0]["summary"])
    assert str(events[1]["url"]).endswith("/4/")
    uids = [str(event["uid"]) for event in events]
    again = icalendar.Calendar.from_ical(client.get(export_url("plan-calendar", plan)).content)
    assert sorted(uids) == sorted(str(event["uid"]) for event in again.walk("VEVENT"))
    assert len(set(uids)) == 2


def test_calendar_uid_stays_when_a_milestone_moves(plan, client):
    milestone = Milestone.objects.get(title="Åbning")
    before = icalendar.Calendar.from_ical(client.get(export_url("plan-calendar", plan)).content)
    Milestone.objects.filter(pk=milestone.pk).update(date=datetime.date(2021, 6, 1))
    after = icalendar.Calendar.from_ical(client.get(export_url("plan-calendar", plan)).content)

    def uid_of(calendar):
        return {str(e["uid"]) for e in calendar.walk("VEVENT") if "Åbning" in str(e["summary"])}

    assert uid_of(before) == uid_of(after)


def test_calendar_leaves_out_other_plans_milestones(plan, client):
    other = InitiativeFactory(plan=ActionPlanFactory())
    Milestone.objects.create(initiative=other, date=datetime.date(2020, 1, 1), title="Fremmed")
    calendar = icalendar.Calendar.from_ical(client.get(export_url("plan-calendar", plan)).content)
    assert all("Fremmed" not in str(event["summary"]) for event in calendar.walk("VEVENT"))


# Atom


def test_feed_has_progress_notes_and_status_changes_newest_first(plan, client, staff_user):
    fourth = plan.initiatives.get(number=4)
    first = plan.initiatives.get(number=1)
    ProgressNote.objects.create(
        initiative=first, date=datetime.date(2021, 1, 10), author=staff_user, text="Temamøde holdt."
    )
    StatusChange.objects.create(
        initiative=fourth,
        from_status="planned",
        to_status="in_progress",
        changed_at=timezone.make_aware(datetime.datetime(2021, 2, 1, 10, 0)),
        changed_by=staff_user,
        comment="Byggeriet er gået i gang.",
    )
    ProgressNote.objects.create(
        initiative=fourth, date=datetime.date(2020, 11, 5), author=staff_user, text="Workshop."
    )
    response = client.get("/en" + export_url("plan-feed", plan))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == [
        "4. =Medborgerhus i Islev: Planned → In progress",
        "Progress in 1. Vi vil have flere med i foreningerne",
        "Progress in 4. =Medborgerhus i Islev",
    ]
    summaries = [entry.findtext(f"{ATOM}summary") for entry in entries]
    assert summaries == [
        "<p>Byggeriet er gået i gang.</p>",
        "<p>Temamøde holdt.</p>",
        "<p>Workshop.</p>",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links[0] == "http://testserver" + fourth.get_absolute_url()
    assert links[1] == "http://testserver" + first.get_absolute_url()
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3, "every entry needs its own id"
    assert all(entry_id.startswith("http://testserver/") for entry_id in ids)


def test_feed_sends_note_text_as_escaped_html(plan, client, staff_user):
    first = plan.initiatives.get(number=1)
    ProgressNote.objects.create(
        initiative=first,
        date=datetime.date(2021, 1, 10),
        text='<img src="x" onerror="alert(1)">\n\nAnden linje & mere',
    )
    root = ET.fromstring(client.get(export_url("plan-feed", plan)).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # What a reader renders as HTML: the tag arrives as text, the paragraphs as paragraphs.
    assert "<img" not in summary.text
    assert summary.text == (
        "<p>&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;</p>\n\n"
        "<p>Anden linje &amp; mere</p>"
    )


def test_feed_names_no_staff(plan, client, staff_user):
    first = plan.initiatives.get(number=1)
    ProgressNote.objects.create(
        initiative=first, date=datetime.date(2021, 1, 10), author=staff_user, text="Holdt."
    )
    content = client.get(export_url("plan-feed", plan)).content.decode()
    assert staff_user.email not in content
    assert staff_user.full_name not in content


def test_feed_of_an_empty_plan_is_valid_atom(client):
    plan = ActionPlanFactory()
    root = ET.fromstring(client.get(export_url("plan-feed", plan)).content)
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}title")


# Print page


def test_print_page_shows_every_initiative_written_out(plan, client):
    InitiativeFactory(plan=plan, number=7, description="Planlægges sammen med nr. 4.")
    response = client.get(export_url("plan-print", plan))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Vi vil have flere med i foreningerne" in html
    assert "At støtte foreningerne i at inkludere udsatte." in html
    assert "Planlægges sammen med nr. 4." in html
    assert "Temamøde" in html and "Åbning" in html
    assert "<details" not in html  # nothing to expand: everything is shown
    assert 'style="' not in html
    assert "<script>" not in html


# Query counts


EXPORT_QUERIES = {
    # plan, then per kind of related row one query, whatever the number of initiatives
    "plan-csv": 7,  # plan, initiatives, goals, actors, milestones, related, notes
    "plan-xlsx": 7,  # as CSV
    "plan-json": 8,  # plan, goals, initiatives, their goals, actors, milestones, related, notes
    "plan-calendar": 2,  # plan, milestones with initiative and plan
    "plan-feed": 3,  # plan, notes, status changes
    "plan-print": 8,  # as JSON
}


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize("name", sorted(EXPORT_QUERIES))
def test_export_query_count_does_not_grow_with_initiatives(
    name, count, client, django_assert_num_queries
):
    plan = make_full_plan(count)
    with assert_own_num_queries(EXPORT_QUERIES[name]):
        response = client.get(export_url(name, plan))
    assert response.status_code == 200


@pytest.mark.parametrize(("prefix", "language"), [("", "da"), ("/en", "en")])
def test_feed_states_the_language_of_its_address(plan, client, prefix, language):
    response = client.get(prefix + export_url("plan-feed", plan))
    root = ET.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
