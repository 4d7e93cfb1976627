"""Progress in public: the count by status, progress percentages per initiative and for the
plan, overdue milestones, and the rules for a percentage (0-100, a drop needs a reason)."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives import services
from initiatives.forms import ProgressNoteForm
from initiatives.models import Initiative, Milestone, ProgressNote
from initiatives.progress import plan_standing
from tests.factories import ActionPlanFactory, InitiativeFactory, StrategicGoalFactory

pytestmark = pytest.mark.django_db

# The plan runs 2020-2022; its readers look at it in the middle of 2021.
MID_2021 = datetime.datetime(2021, 6, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def plan():
    plan = ActionPlanFactory(slug="plan", start_year=2020, end_year=2022)
    statuses = ["completed", "completed", "in_progress", "in_progress", "planned", "planned"]
    for number, status in enumerate([*statuses, "cancelled"], start=1):
        InitiativeFactory(plan=plan, number=number, title=f"Indsats {number}", status=status)
    return plan


def note(initiative, day, progress=None, text=""):
    return ProgressNote.objects.create(
        initiative=initiative, date=datetime.date(2021, 1, day), progress=progress, text=text
    )


def english(client, obj):
    """The page of ``obj`` in English (under /en/, whatever language the thread has left)."""
    with translation.override("en"):
        return client.get(obj.get_absolute_url()).text


@time_machine.travel(MID_2021, tick=False)
def test_plan_page_shows_the_count_by_status_to_everyone(plan, client):
    text = english(client, plan)
    assert "2 of 7 initiatives completed" in text
    table = text[text.index('id="status-count-heading"') :]
    assert "<caption>The plan's initiatives by status</caption>" in table
    # The overview's table, reused: the share of each status.
    assert "29&nbsp;%" in table  # 2 of 7 completed


@time_machine.travel(MID_2021, tick=False)
def test_current_progress_is_the_latest_note_that_has_a_figure(plan, client):
    first, second, third = (plan.initiatives.get(number=n) for n in (1, 2, 3))
    note(first, 1, progress=40)
    note(first, 5, progress=60)
    note(first, 9, text="Bare en note uden tal")  # does not reset the figure
    note(second, 3, progress=30)
    initiatives = list(plan.initiatives.with_progress().order_by("number"))
    assert [i.current_progress for i in initiatives[:3]] == [60, 30, None]
    assert third.progress_notes.count() == 0

    text = english(client, plan)
    assert "60 % done" in text and "30 % done" in text
    # The overall figure is the mean of the initiatives with a figure, and says which.
    assert "Overall progress 45 %: the average of initiatives 1 and 2, the 2 with a" in text


@time_machine.travel(MID_2021, tick=False)
def test_overall_progress_names_a_single_initiative(plan, client):
    note(plan.initiatives.get(number=3), 1, progress=25)
    text = english(client, plan)
    assert "Overall progress 25 %: the progress of initiative 3, the only one" in text


@time_machine.travel(MID_2021, tick=False)
def test_plan_without_progress_figures_says_so(plan, client):
    assert "No initiative has a progress figure yet." in english(client, plan)


def test_plan_standing_counts_only_initiatives_with_a_figure(plan):
    note(plan.initiatives.get(number=1), 1, progress=100)
    note(plan.initiatives.get(number=2), 1, progress=50)
    note(plan.initiatives.get(number=3), 1, progress=0)
    initiatives = list(plan.initiatives.with_progress().prefetch_related("milestones"))
    standing = plan_standing(initiatives, datetime.date(2021, 6, 15))
    assert standing.overall_progress == 50
    assert [i.number for i in standing.counted] == [1, 2, 3]
    assert (standing.total, standing.completed) == (7, 2)


@time_machine.travel(MID_2021, tick=False)
def test_a_milestone_past_its_date_and_not_reached_is_overdue_in_words(plan, client):
    initiative = plan.initiatives.get(number=3)
    Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 3, 1), title="Sent")
    Milestone.objects.create(
        initiative=initiative, date=datetime.date(2021, 2, 1), title="Nået", is_reached=True
    )
    Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 9, 1), title="Snart")
    Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 6, 15), title="I dag")

    page = english(client, initiative)
    rows = {
        title: page[page.index(f">{title}<") :].split("</tr>")[0]
        for title in ("Sent", "Nået", "Snart", "I dag")
    }
    assert "Overdue" in rows["Sent"]
    assert "Overdue" not in rows["Nået"] and "Yes" in rows["Nået"]
    assert "Overdue" not in rows["Snart"] and "Not yet" in rows["Snart"]
    assert "Overdue" not in rows["I dag"]  # due today is not overdue yet
    assert page.count('class="milestone-overdue"') == 1

    plan_page = english(client, plan)
    assert "1 of 4 milestones reached." in plan_page
    assert "1 milestone has passed its date without being reached." in plan_page
    assert plan_page.count('class="milestone-overdue"') == 1


def test_the_same_milestone_is_not_overdue_before_its_date(plan, client):
    initiative = plan.initiatives.get(number=3)
    Milestone.objects.create(initiative=initiative, date=datetime.date(2021, 3, 1), title="Sent")
    with time_machine.travel(datetime.datetime(2021, 2, 1, tzinfo=datetime.UTC), tick=False):
        page = english(client, initiative)
    assert "Overdue" not in page


@time_machine.travel(MID_2021, tick=False)
def test_initiative_page_shows_its_progress_and_each_notes_figure(plan, client):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=20, text="I gang")
    note(initiative, 2, progress=35)
    page = english(client, initiative)
    assert "35 % done" in page
    assert "Progress: 20 %" in page and "Progress: 35 %" in page


# The rules for a percentage, in the form and in the service (messages checked in English,
# the msgids; the page test below shows them in Danish)


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def form(initiative, **data):
    data = {"date": "2021-02-01", "progress": "", "text": "", **data}
    return ProgressNoteForm(data, instance=ProgressNote(initiative=initiative))


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("value", ["-1", "101", "250"])
def test_form_refuses_a_percentage_outside_0_to_100(plan, value):
    f = form(plan.initiatives.get(number=3), progress=value, text="Noget")
    assert not f.is_valid()
    assert f.errors["progress"] == ["Enter the progress as a percentage from 0 to 100."]


@pytest.mark.parametrize("value", ["0", "100"])
def test_form_accepts_the_ends_of_the_range(plan, value):
    assert form(plan.initiatives.get(number=3), progress=value).is_valid()


@pytest.mark.usefixtures("in_english")
def test_form_needs_text_or_a_percentage(plan):
    f = form(plan.initiatives.get(number=3))
    assert not f.is_valid()
    assert f.errors["text"] == ["Write what has happened, or give the progress in per cent."]


def test_form_accepts_a_percentage_without_text_when_it_goes_up(plan):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=40)
    assert form(initiative, progress="50").is_valid()
    assert form(initiative, progress="40").is_valid()  # unchanged is not a drop


@pytest.mark.usefixtures("in_english")
def test_form_wants_to_know_why_progress_goes_down(plan):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=40)
    f = form(initiative, progress="30")
    assert not f.is_valid()
    assert f.errors["text"] == ["The progress goes down from 40 % to 30 %: write why in the text."]
    assert form(initiative, progress="30", text="Frivillige er stoppet.").is_valid()


def test_a_backdated_note_is_compared_with_the_note_before_it(plan):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=20)
    note(initiative, 20, progress=80)
    # Dated 10 January: it follows the 20 % of 1 January, not the 80 % written later.
    assert form(initiative, date="2021-01-10", progress="50").is_valid()


def test_service_adds_a_note_with_only_a_percentage(plan, staff_user):
    initiative = plan.initiatives.get(number=3)
    added = services.progress_note_add(initiative=initiative, text="", progress=70, by=staff_user)
    assert (added.progress, added.text, added.author) == (70, "", staff_user)


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("progress", "text", "message"),
    [
        (101, "Noget", "Enter the progress as a percentage from 0 to 100."),
        (-5, "Noget", "Enter the progress as a percentage from 0 to 100."),
        (None, "  ", "Write what has happened, or give the progress in per cent."),
        (10, "", "The progress goes down from 40 % to 10 %: write why in the text."),
    ],
)
def test_service_refuses_what_the_form_refuses(plan, staff_user, progress, text, message):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=40)
    with pytest.raises(services.ProgressError) as error:
        services.progress_note_add(
            initiative=initiative,
            text=text,
            progress=progress,
            by=staff_user,
            date=datetime.date(2021, 2, 1),
        )
    assert str(error.value) == message
    assert initiative.progress_notes.count() == 1


def test_service_accepts_a_drop_that_says_why(plan, staff_user):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=40)
    services.progress_note_add(
        initiative=initiative, text="Lokalet lukkede.", progress=10, by=staff_user
    )
    assert initiative.progress_notes.count() == 2


@pytest.mark.parametrize(("progress", "text"), [(101, "x"), (None, "")])
def test_database_refuses_what_the_rules_refuse(plan, progress, text):
    with pytest.raises(IntegrityError), transaction.atomic():
        note(plan.initiatives.get(number=3), 1, progress=progress, text=text)


def test_progress_note_page_shows_the_error_in_danish(plan, staff_user, client_for):
    initiative = plan.initiatives.get(number=3)
    note(initiative, 1, progress=40)
    url = reverse(
        "initiatives:progress-note-create", kwargs={"slug": plan.slug, "number": initiative.number}
    )
    client = client_for(staff_user)
    page = client.get("/en" + url).text
    assert "The progress is now 40 %." in page
    assert "Required when the progress goes down: say why." in page
    response = client.post(url, {"date": "2021-02-01", "progress": "30", "text": ""})
    assert response.status_code == 200
    with translation.override("da"):
        danish = gettext(
            "The progress goes down from %(previous)s %% to %(progress)s %%: write why in the text."
        ) % {"previous": 40, "progress": 30}
    assert danish.startswith("Fremdriften")  # translated, not the English msgid
    assert danish in response.text
    assert initiative.progress_notes.count() == 1

    response = client.post(url, {"date": "2021-02-01", "progress": "55", "text": ""})
    assert response.status_code == 302
    assert initiative.progress_notes.latest("pk").progress == 55


# Goals name the initiatives that serve them instead of listing them again


def test_goals_name_the_initiatives_serving_them_by_number(plan, client):
    goal = StrategicGoalFactory(plan=plan, number=1, title="Fællesskab")
    lonely = StrategicGoalFactory(plan=plan, number=2, title="Ingen endnu")
    for number in (1, 3, 4):
        plan.initiatives.get(number=number).goals.add(goal)
    text = english(client, plan)
    assert (
        'Served by initiatives <a href="#initiative-1">1</a>, <a href="#initiative-3">3</a> '
        'and <a href="#initiative-4">4</a>.'
    ) in text
    assert lonely.title in text and "No initiative serves this goal yet." in text
    # Each title once in the list of contents and once in its <details>, before the timeline.
    before_timeline = text[: text.index('id="timeline-heading"')]
    assert before_timeline.count(">1. Indsats 1<") == 2


def test_initiatives_query_with_progress_is_one_query(plan, django_assert_num_queries):
    for initiative in Initiative.objects.filter(plan=plan):
        note(initiative, 1, progress=10)
    with django_assert_num_queries(1):
        assert len([i.current_progress for i in plan.initiatives.with_progress()]) == 7
