"""A plan says where it stands in time: when it was published and last changed (on its page and
in its feed), and that it has ended, with a link to the plan that continues it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import ActionPlan, Initiative, ProgressNote, StatusChange
from tests.factories import ActionPlanFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def page(client, plan, language="en"):
    with translation.override(language):
        return client.get(plan.get_absolute_url()).text


@pytest.fixture
def plan():
    plan = ActionPlanFactory(title="Handleplan", slug="plan", start_year=2020, end_year=2022)
    ActionPlan.objects.filter(pk=plan.pk).update(
        published_at=aware(2020, 3, 3, 10, 0), updated_at=aware(2020, 3, 3, 10, 0)
    )
    plan.refresh_from_db()
    return plan


# Published and last changed


def test_plan_page_says_when_it_was_published_and_last_changed(plan, client):
    initiative = InitiativeFactory(plan=plan, number=1)
    Initiative.objects.filter(pk=initiative.pk).update(updated_at=aware(2021, 5, 4, 9, 0))
    ProgressNote.objects.create(initiative=initiative, date=datetime.date(2021, 1, 1), text="x")
    ProgressNote.objects.filter(initiative=initiative).update(created_at=aware(2021, 6, 7, 9, 0))
    assert (
        'Published <time datetime="2020-03-03">March 3, 2020</time> · '
        'Last changed <time datetime="2021-06-07">June 7, 2021</time>'
    ) in page(client, plan)
    # In the reader's language: the Danish page gives Danish dates.
    danish = page(client, plan, "da")
    assert "3. marts 2020" in danish and "7. juni 2021" in danish


def test_last_change_of_the_plan_itself_counts_too(plan, client):
    InitiativeFactory(plan=plan, number=1)
    Initiative.objects.filter(plan=plan).update(updated_at=aware(2020, 4, 1, 9, 0))
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=aware(2021, 2, 2, 9, 0))
    assert 'Last changed <time datetime="2021-02-02">' in page(client, plan)


def test_a_draft_says_only_when_it_last_changed(client_for, staff_user):
    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    text = page(client_for(staff_user), draft)
    assert "Last changed <time" in text
    assert "Published <time" not in text


# The end of the plan's period


@time_machine.travel(datetime.datetime(2022, 12, 31, 12, tzinfo=datetime.UTC), tick=False)
def test_a_plan_in_its_last_year_has_not_ended(plan, client):
    assert "has ended" not in page(client, plan)


@time_machine.travel(datetime.datetime(2023, 1, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_a_plan_after_its_last_year_says_it_has_ended(plan, client):
    text = page(client, plan)
    assert "This plan ran from 2020 to 2022 and has ended." in text
    assert "Its work continues" not in text


@time_machine.travel(datetime.datetime(2023, 1, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_a_one_year_plan_says_its_year(client):
    plan = ActionPlanFactory(start_year=2021, end_year=2021)
    assert "This plan ran in 2021 and has ended." in page(client, plan)


@time_machine.travel(datetime.datetime(2023, 1, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_an_ended_plan_links_the_plan_that_continues_it(plan, client):
    successor = ActionPlanFactory(
        title="Handleplan 2023-2025", start_year=2023, end_year=2025, previous_plan=plan
    )
    with translation.override("en"):
        url = successor.get_absolute_url()
    link = f'<a class="alert-link" href="{url}"><span lang="da">Handleplan 2023-2025</span></a>'
    assert f"Its work continues in {link}." in page(client, plan)


@time_machine.travel(datetime.datetime(2023, 1, 2, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("role", "sees_it"), [(None, False), ("volunteer", False), ("staff", True)]
)
def test_a_draft_successor_is_linked_only_for_municipal_users(
    plan, role, sees_it, users_by_role, client_for
):
    ActionPlanFactory(
        title="Kladde 2023-2025",
        start_year=2023,
        end_year=2025,
        previous_plan=plan,
        status=ActionPlan.Status.DRAFT,
    )
    text = page(client_for(users_by_role[role] if role else None), plan)
    assert "This plan ran from 2020 to 2022 and has ended." in text
    assert ("Kladde 2023-2025" in text) == sees_it


# The feed


def feed(client, plan):
    with translation.override("en"):
        response = client.get(reverse("initiatives:plan-feed", kwargs={"slug": plan.slug}))
    return ET.fromstring(response.content)


def moment(element, tag):
    return datetime.datetime.fromisoformat(element.findtext(f"{ATOM}{tag}"))


def entry_dates(root):
    return {
        entry.findtext(f"{ATOM}title"): (moment(entry, "published"), moment(entry, "updated"))
        for entry in root.findall(f"{ATOM}entry")
    }


@time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_feed_entries_carry_their_own_dates_not_the_load_time(plan, client, staff_user):
    initiative = InitiativeFactory(plan=plan, number=1, title="Besøgsvenner")
    note = ProgressNote.objects.create(
        initiative=initiative, date=datetime.date(2021, 1, 10), text="Holdt", progress=30
    )
    ProgressNote.objects.filter(pk=note.pk).update(created_at=aware(2021, 1, 12, 8, 30))
    StatusChange.objects.create(
        initiative=initiative,
        from_status="planned",
        to_status="in_progress",
        changed_at=aware(2021, 2, 1, 10, 0),
        changed_by=staff_user,
    )
    root = feed(client, plan)
    dates = entry_dates(root)
    changed, published = aware(2021, 2, 1, 10, 0), aware(2020, 3, 3, 10, 0)
    assert dates == {
        "1. Besøgsvenner: Planned → In progress": (changed, changed),
        # The day the note is about, and when it was written.
        "Progress in 1. Besøgsvenner": (aware(2021, 1, 10), aware(2021, 1, 12, 8, 30)),
        "Handleplan 2020-2022 is published": (published, published),
    }
    # The feed's own date is its latest entry, never the moment it was read (2030).
    assert moment(root, "updated") == changed
    summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
    assert "<p>Progress: 30 %</p>\n\n<p>Holdt</p>" in summaries


@time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_feed_of_a_plan_without_news_is_dated_by_the_plans_last_change(plan, client):
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=aware(2021, 4, 5, 6, 7))
    root = feed(client, plan)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "Handleplan 2020-2022 is published"
    ]
    assert moment(root, "updated") == aware(2021, 4, 5, 6, 7)


def test_a_note_with_only_a_figure_reads_as_its_figure_in_the_feed(plan, client):
    initiative = InitiativeFactory(plan=plan, number=1)
    ProgressNote.objects.create(initiative=initiative, date=datetime.date(2021, 1, 10), progress=80)
    summaries = [e.findtext(f"{ATOM}summary") for e in feed(client, plan).findall(f"{ATOM}entry")]
    assert "<p>Progress: 80 %</p>" in summaries
