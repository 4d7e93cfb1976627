"""The initiative page: everything about it, its progress history, related initiatives and
the roll-up of what serves it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from initiatives import rollup, services
from initiatives.models import InitiativeActor, Milestone
from tests.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    OrganisationFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_provider():
    """A later app that links organisations to initiatives, faked with a plain lookup."""
    rollup.register(
        key="test-partners",
        label="Samarbejdsaftaler (test)",
        queryset_for=lambda initiative, user: [a.organisation for a in initiative.actors.all()],
        permission="organisations.view_organisation",
    )
    yield
    rollup.unregister("test-partners")


@pytest.fixture
def plan():
    return ActionPlanFactory(slug="plan")


def test_initiative_page_shows_everything(plan, staff_user, client):
    goal = StrategicGoalFactory(plan=plan, number=2, title="Synlighed og netværk")
    four = InitiativeFactory(plan=plan, number=4, title="Medborgerhus i Islev")
    seven = InitiativeFactory(plan=plan, number=7, title="Sammen med Borgeren i Islev")
    seven.goals.set([goal])
    seven.related.set([four])
    owner = OrganisationFactory(name="Kultur- og Fritidsforvaltningen")
    InitiativeActor.objects.create(initiative=seven, organisation=owner, role="owner")
    InitiativeActor.objects.create(initiative=seven, name="Borgere og lokale foreninger")
    Milestone.objects.create(
        initiative=seven, date=datetime.date(2020, 9, 1), title="Arbejdsgruppe"
    )
    services.progress_note_add(
        initiative=seven,
        text="Første aktivitet holdt.",
        by=staff_user,
        date=datetime.date(2000, 1, 1),
    )
    services.initiative_set_status(
        initiative=seven, status="in_progress", by=staff_user, comment="Vi går i gang"
    )

    text = client.get(seven.get_absolute_url()).text

    for expected in [
        "Sammen med Borgeren i Islev",
        seven.description,
        seven.purpose,
        "Synlighed og netværk",
        "Kultur- og Fritidsforvaltningen",
        "Borgere og lokale foreninger",
        "Arbejdsgruppe",
        "Første aktivitet holdt.",
        "Vi går i gang",
        four.get_absolute_url(),
    ]:
        assert expected in text, expected
    # Newest first: the status change (today) comes before the note from 2000.
    assert text.index("Vi går i gang") < text.index("Første aktivitet holdt.")
    # Related initiatives are symmetrical.
    assert seven.get_absolute_url() in client.get(four.get_absolute_url()).text


# Initiative with plan, goals, actors, milestones, related and carried-over initiatives, notes
# and status changes with their authors, plus the roll-up; logged in: session and user too.
# With an empty cache, 7 more: the versions and the body read, and the body stored (savepoint,
# count for culling, look-up, insert, release). Cached: the body's five rows (goals,
# milestones, related initiatives, notes, status changes) are not asked for. A visitor's whole
# page (volunteer_portal.page_cache) costs 7 more with an empty cache (its versions and page
# read, the page stored) and then only those two reads.
INITIATIVE_PAGE_QUERIES = {
    None: 9 + 7 + 7,
    "staff": 13 + 7,
}  # staff: + the agreements it serves; both: + opportunities
CACHED_INITIATIVE_PAGE_QUERIES = {None: 2, "staff": 13 - 5 + 2}


@pytest.mark.parametrize("n", [1, 10])
@pytest.mark.parametrize("role", [None, "staff"])
def test_initiative_page_queries_do_not_grow_with_related_items(
    role, n, plan, users_by_role, client_for, django_assert_num_queries
):
    staff = users_by_role["staff"]
    initiative = InitiativeFactory(plan=plan, number=1)
    initiative.related.set(InitiativeFactory(plan=plan, number=k) for k in range(2, n + 2))
    initiative.goals.set(StrategicGoalFactory(plan=plan) for _ in range(n))
    for k in range(n):
        organisation = OrganisationFactory()
        InitiativeActor.objects.create(initiative=initiative, organisation=organisation)
        Milestone.objects.create(
            initiative=initiative, date=datetime.date(2020, 1, k + 1), title=f"Milepæl {k}"
        )
        services.progress_note_add(initiative=initiative, text=f"Note {k}", by=staff)
        for status in ("in_progress", "postponed"):
            services.initiative_set_status(initiative=initiative, status=status, by=staff)
    client = client_for(staff if role else None)
    with django_assert_num_queries(INITIATIVE_PAGE_QUERIES[role]):
        response = client.get(initiative.get_absolute_url())
    assert response.text.count("Note ") == n
    assert response.text.count("Milepæl ") == n
    with django_assert_num_queries(CACHED_INITIATIVE_PAGE_QUERIES[role]):
        cached = client.get(initiative.get_absolute_url())
    assert cached.text.count("Note ") == n
    assert cached.text.count("Milepæl ") == n


def test_empty_rollup_says_nothing_is_linked_yet(plan, client, monkeypatch):
    monkeypatch.setattr(rollup, "_registry", {})
    initiative = InitiativeFactory(plan=plan)
    response = client.get(initiative.get_absolute_url())
    assert response.context["rollup_sections"] == []
    section = response.text[response.text.index('id="rollup-heading"') :]
    assert '<h3 class="h5">' not in section
    assert "<p>" in section


def test_registered_rollup_section_is_rendered(plan, client, fake_provider):
    initiative = InitiativeFactory(plan=plan)
    partner = OrganisationFactory(name="Rødovre Frivilligcenter")
    InitiativeActor.objects.create(initiative=initiative, organisation=partner)
    text = client.get(initiative.get_absolute_url()).text
    section = text[text.index('id="rollup-heading"') :]
    assert "Samarbejdsaftaler (test)" in section
    assert partner.get_absolute_url() in section


def test_registered_rollup_section_without_items_says_none_yet(plan, client, fake_provider):
    initiative = InitiativeFactory(plan=plan)
    sections = rollup.sections_for(initiative, AnonymousUser())
    assert [(s["label"], s["items"]) for s in sections if s["key"] == "test-partners"] == [
        ("Samarbejdsaftaler (test)", [])
    ]
    assert "Samarbejdsaftaler (test)" in client.get(initiative.get_absolute_url()).text


def test_carried_over_initiative_links_to_its_origin(plan, staff_user, client_for):
    old = InitiativeFactory(plan=plan, number=3)
    new_plan = services.plan_start_from(
        source=plan, title="Ny", slug="ny", start_year=2023, end_year=2024, by=staff_user
    )
    carried = new_plan.initiatives.get()
    response = client_for(staff_user).get(carried.get_absolute_url())  # a draft: staff reads it
    assert old.get_absolute_url() in response.text
    assert response.context["initiative"].is_carried_over


@pytest.mark.parametrize("role", [None, "volunteer", "staff", "coordinator", "admin"])
def test_initiative_page_names_authors_only_to_municipal_users(
    role, plan, users_by_role, client_for
):
    # Without a full name a user is shown by e-mail address: that must never reach the public.
    author = users_by_role["staff"]
    author.full_name = ""
    author.save()
    initiative = InitiativeFactory(plan=plan)
    services.progress_note_add(initiative=initiative, text="Møde holdt.", by=author)
    services.initiative_set_status(initiative=initiative, status="in_progress", by=author)
    client = client_for(users_by_role[role] if role else None)
    text = client.get(initiative.get_absolute_url()).text
    assert "Møde holdt." in text
    assert (author.email in text) == (role in ("staff", "coordinator", "admin"))


@pytest.mark.parametrize("role", [None, "volunteer", "staff"])
def test_carried_over_initiative_hides_a_draft_origin_from_the_public(
    role, users_by_role, client_for
):
    staff = users_by_role["staff"]
    old = ActionPlanFactory(title="Hemmelig kladdeplan", status="draft", slug="kladde")
    origin = InitiativeFactory(plan=old, number=3)
    new_plan = services.plan_start_from(
        source=old, title="Ny", slug="ny", start_year=2023, end_year=2024, by=staff
    )
    services.plan_publish(plan=new_plan, by=staff)
    carried = new_plan.initiatives.get()
    response = client_for(users_by_role[role] if role else None).get(carried.get_absolute_url())
    assert response.status_code == 200
    shows_origin = role == "staff"
    assert ("Hemmelig kladdeplan" in response.text) == shows_origin
    assert (origin.get_absolute_url() in response.text) == shows_origin


def test_old_initiative_links_forward_to_where_it_was_carried_over(plan, staff_user, client_for):
    old = InitiativeFactory(plan=plan, number=3)
    new_plan = services.plan_start_from(
        source=plan, title="Ny", slug="ny", start_year=2023, end_year=2024, by=staff_user
    )
    carried = new_plan.initiatives.get()
    assert carried.get_absolute_url() in client_for(staff_user).get(old.get_absolute_url()).text
    # The new plan is still a draft: the public sees no link to it.
    assert carried.get_absolute_url() not in client_for(None).get(old.get_absolute_url()).text


@pytest.mark.parametrize(
    ("prefix", "start", "end", "expected"),
    [
        ("", datetime.date(2021, 1, 1), None, "(fra 1. januar 2021)"),
        ("", None, datetime.date(2021, 3, 5), "(indtil 5. marts 2021)"),
        (
            "",
            datetime.date(2021, 1, 1),
            datetime.date(2021, 3, 5),
            "(1. januar 2021 – 5. marts 2021)",
        ),
        ("/en", datetime.date(2021, 1, 1), None, "(from Jan. 1, 2021)"),
    ],
)
def test_timeline_dates_read_naturally_in_each_language(plan, client, prefix, start, end, expected):
    initiative = InitiativeFactory(plan=plan, start_date=start, end_date=end)
    assert expected in client.get(prefix + initiative.get_absolute_url()).text


@pytest.mark.parametrize(
    ("role", "sees_link"),
    [(None, False), ("volunteer", False), ("coordinator", True), ("staff", True)],
)
def test_history_link_is_shown_to_those_who_may_read_the_history(
    role, sees_link, plan, users_by_role, client_for
):
    initiative = InitiativeFactory(plan=plan)
    client = client_for(users_by_role[role] if role else None)
    for page, history in [
        (plan.get_absolute_url(), f"/plans/{plan.slug}/history/"),
        (initiative.get_absolute_url(), f"{initiative.get_absolute_url()}history/"),
    ]:
        assert (history in client.get(page).text) is sees_link


@pytest.fixture
def leaky_provider():
    """A provider that forgets to narrow by reader: the permission still keeps drafts back."""
    rollup.register(
        key="test-leaky",
        label="Aftaler (test)",
        queryset_for=lambda initiative, user: [a.organisation for a in initiative.actors.all()],
        permission="organisations.view_organisation",
    )
    rollup.register(
        key="test-staff-only",
        label="Tilskud (test)",
        queryset_for=lambda initiative, user: [a.organisation for a in initiative.actors.all()],
        permission="organisations.view_organisation",
        section_permission="initiatives.view_overview",
    )
    yield
    rollup.unregister("test-leaky")
    rollup.unregister("test-staff-only")


@pytest.mark.parametrize(
    ("role", "sees_hidden"),
    [(None, False), ("volunteer", False), ("staff", True), ("coordinator", True)],
)
def test_rollup_shows_each_reader_only_what_they_may_see(
    role, sees_hidden, plan, users_by_role, client_for, leaky_provider
):
    initiative = InitiativeFactory(plan=plan)
    public = OrganisationFactory(name="Synlig Forening")
    hidden = OrganisationFactory(name="Nedlagt Forening", is_active=False)
    for organisation in (public, hidden):
        InitiativeActor.objects.create(initiative=initiative, organisation=organisation)
    user = users_by_role[role] if role else AnonymousUser()
    sections = {s["key"]: s["items"] for s in rollup.sections_for(initiative, user)}
    assert public in sections["test-leaky"]
    assert (hidden in sections["test-leaky"]) is sees_hidden
    assert ("test-staff-only" in sections) is sees_hidden
    text = client_for(users_by_role[role] if role else None).get(initiative.get_absolute_url()).text
    section = text[text.index('id="rollup-heading"') :]
    assert ("Tilskud (test)" in section) is sees_hidden
